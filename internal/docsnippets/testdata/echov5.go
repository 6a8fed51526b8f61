// An Echo v5 program that the fragments marked <!-- go: echov5 --> complete.
package main

import (
	"log"
	"net/http"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echov5adapter"
)

var (
	e      = echo.New()
	cfg    core.Config
	policy = core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	cop    = core.NewCrossOriginProtection(policy)
	todos  = []string{"milk"}
)

func listTodos(c *echo.Context) error  { return nil }
func updateTodo(c *echo.Context) error { return nil }

// Imports the fragments may use without writing them.
var (
	_ = log.Fatal
	_ = http.StatusOK
	_ = middleware.Recover
	_ = echov5adapter.New
)
