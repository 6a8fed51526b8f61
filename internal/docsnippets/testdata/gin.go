// A Gin program that the fragments marked <!-- go: gin --> complete.
package main

import (
	"log"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/ginadapter"
)

var (
	r        = gin.New()
	cfg      core.Config
	adminCfg core.Config
	policy   = core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	cop      = core.NewCrossOriginProtection(policy)
)

func listTodos(c *gin.Context)  {}
func putTodo(c *gin.Context)    {}
func updateTodo(c *gin.Context) {}

// auth and rateLimit are middleware that may answer a request themselves.
func auth(c *gin.Context)      {}
func rateLimit(c *gin.Context) {}

// Imports the fragments may use without writing them.
var (
	_ = log.Fatal
	_ = http.StatusOK
	_ = ginadapter.New
)
