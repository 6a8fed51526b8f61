// Command echo serves the to-do API of examples/internal/todo with Echo v4 to
// the page at http://localhost:8001, cookies included:
//
//	go run ./examples/echo [-addr 127.0.0.1:8000] [-debug]
package main

import (
	"log"
	"log/slog"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echoadapter"
	"github.com/corsheaders/corsheaders/examples/internal/todo"
	"github.com/corsheaders/corsheaders/examples/internal/todo/echoapi"
)

func main() {
	f := todo.ParseFlags()
	e := newEcho(f.Debug, todo.NewStore()) // with -debug, log every refusal
	log.Fatal(todo.Serve(f.Addr, e))
}

// newEcho puts CORS before anything that can answer a request
// (docs/middleware.md). The response Echo's HTTPErrorHandler writes
// for a handler's error keeps the CORS headers.
func newEcho(debug *slog.Logger, s *todo.Store) *echo.Echo {
	e := echo.New()
	e.Use(middleware.RequestLogger(), middleware.Recover())
	e.Use(echoadapter.New(core.Config{
		AllowedOrigins:   []string{"http://localhost:8001"},
		AllowCredentials: true,                 // the page's cookies
		ExposeHeaders:    []string{"Location"}, // of a created item
		DebugLogger:      debug,
	}))
	echoapi.Register(e.Group("/api"), s)
	return e
}
