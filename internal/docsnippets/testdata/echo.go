// An Echo v4 program that the fragments marked <!-- go: echo --> complete.
package main

import (
	"log"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echoadapter"
)

var (
	e        = echo.New()
	cfg      core.Config
	adminCfg core.Config
	policy   = core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	cop      = core.NewCrossOriginProtection(policy)
	targets  []*middleware.ProxyTarget // the services behind a gateway
)

func listTodos(c echo.Context) error  { return nil }
func putTodo(c echo.Context) error    { return nil }
func updateTodo(c echo.Context) error { return nil }

// auth and rateLimit are middleware that may answer a request themselves.
func auth(next echo.HandlerFunc) echo.HandlerFunc      { return next }
func rateLimit(next echo.HandlerFunc) echo.HandlerFunc { return next }

// Imports the fragments may use without writing them.
var (
	_ = log.Fatal
	_ = http.StatusOK
	_ = url.Parse
	_ = echoadapter.New
)
