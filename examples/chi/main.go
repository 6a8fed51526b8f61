// Command chi serves the to-do API of examples/internal/todo with chi to the
// page at http://localhost:8001, cookies included, and a mounted admin router:
//
//	go run ./examples/chi [-addr 127.0.0.1:8000] [-debug]
package main

import (
	"log"
	"log/slog"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/examples/internal/todo"
	"github.com/corsheaders/corsheaders/examples/internal/todo/chiapi"
)

func main() {
	f := todo.ParseFlags()
	log.Fatal(todo.Serve(f.Addr, newRouter(f.Debug, todo.NewStore())))
}

// newRouter puts CORS on the top router, which chi runs before routing: it
// sees every request, before the admin key is checked (docs/middleware.md).
func newRouter(debug *slog.Logger, s *todo.Store) *chi.Mux {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer)
	r.Use(chiadapter.New(core.Config{
		AllowedOrigins:   []string{"http://localhost:8001"},
		AllowCredentials: true,
		AllowHeaders:     append(core.DefaultHeaders(), "x-admin-key"),
		ExposeHeaders:    []string{"Location"},
		DebugLogger:      debug, // with -debug, log every refusal
	}))
	r.Route("/api", func(r chi.Router) { chiapi.Register(r, s) })
	r.Mount("/api/admin", chiapi.Admin(s, "secret")) // X-Admin-Key: secret
	return r
}
