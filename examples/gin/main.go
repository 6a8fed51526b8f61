// Command gin serves the to-do API of examples/internal/todo with Gin to the
// page at http://localhost:8001, cookies included:
//
//	go run ./examples/gin [-addr 127.0.0.1:8000] [-debug]
package main

import (
	"log"
	"log/slog"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/examples/internal/todo"
	"github.com/corsheaders/corsheaders/examples/internal/todo/ginapi"
	"github.com/corsheaders/corsheaders/ginadapter"
)

func main() {
	f := todo.ParseFlags()
	r := newRouter(f.Debug, todo.NewStore()) // with -debug, log every refusal
	log.Fatal(todo.Serve(f.Addr, r))
}

// newRouter puts CORS on the engine, before the routes (Gin copies the
// engine's middleware into each route as it is added) and before anything
// that can answer a request (docs/middleware.md).
func newRouter(debug *slog.Logger, s *todo.Store) *gin.Engine {
	r := gin.New()
	r.Use(gin.Logger(), gin.Recovery())
	r.Use(ginadapter.New(core.Config{
		AllowedOrigins:   []string{"http://localhost:8001"},
		AllowCredentials: true,                 // the page's cookies
		ExposeHeaders:    []string{"Location"}, // of a created item
		DebugLogger:      debug,
	}))
	ginapi.Register(r.Group("/api"), s)
	return r
}
