// Command fiber serves the to-do API of examples/internal/todo with Fiber v3
// to the page at http://localhost:8001, cookies included:
//
//	go run ./examples/fiber [-addr 127.0.0.1:8000] [-debug]
package main

import (
	"log"
	"log/slog"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/logger"
	"github.com/gofiber/fiber/v3/middleware/recover"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/examples/internal/todo"
	"github.com/corsheaders/corsheaders/examples/internal/todo/fiberapi"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

func main() {
	f := todo.ParseFlags()
	app := newApp(f.Debug, todo.NewStore()) // with -debug, log every refusal
	log.Fatal(app.Listen(f.Addr, fiber.ListenConfig{DisableStartupMessage: true}))
}

// newApp puts CORS before the routes, which Fiber runs in the order they are
// registered, and before anything that can answer (docs/middleware.md).
func newApp(debug *slog.Logger, s *todo.Store) *fiber.App {
	app := fiber.New()
	app.Use(logger.New(), recover.New())
	app.Use(fiberadapter.New(core.Config{
		AllowedOrigins:   []string{"http://localhost:8001"},
		AllowCredentials: true,                 // the page's cookies
		ExposeHeaders:    []string{"Location"}, // of a created item
		DebugLogger:      debug,
	}))
	fiberapi.Register(app.Group("/api"), s)
	return app
}
