// Command fiber serves a small JSON API of to-do items with Fiber v3, open
// to cross-origin calls from the page at http://localhost:8001, cookies
// included.
//
//	go run ./examples/fiber [-addr 127.0.0.1:8000] [-debug]
//
// Try it with curl:
//
//	curl -i -X OPTIONS http://127.0.0.1:8000/api/todos/1 \
//		-H 'Origin: http://localhost:8001' -H 'Access-Control-Request-Method: PUT'
//	curl -i http://127.0.0.1:8000/api/todos -H 'Origin: http://localhost:8001'
package main

import (
	"flag"
	"log"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/logger"
	"github.com/gofiber/fiber/v3/middleware/recover"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "address to listen on")
	debug := flag.Bool("debug", false, "log why a cross-origin request is refused")
	flag.Parse()

	cfg := corsConfig()
	if *debug {
		cfg.DebugLogger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	log.Printf("to-do API on http://%s/api/todos, open to http://localhost:8001", *addr)
	log.Fatal(newApp(cfg, newStore()).Listen(*addr, fiber.ListenConfig{DisableStartupMessage: true}))
}

// corsConfig allows the page at http://localhost:8001 to call the API with
// its cookies, and to read the Location of a created item.
func corsConfig() core.Config {
	return core.Config{
		AllowedOrigins:   []string{"http://localhost:8001"},
		AllowCredentials: true,
		ExposeHeaders:    []string{"Location"},
	}
}

// newApp builds the API. The order of the middleware is the point: logging
// and panic recovery first, as they answer nothing themselves (and recovery
// then also covers CheckRequest hooks), then CORS, before anything that may
// answer a request, such as authentication or rate limiting. A handler's
// error is turned into a response by Fiber's ErrorHandler, after CORS has
// written its headers, so error responses keep them. The routes come after
// the middleware: Fiber runs handlers in the order they are registered.
func newApp(cfg core.Config, s *store) *fiber.App {
	app := fiber.New()
	app.Use(logger.New(), recover.New())
	app.Use(fiberadapter.New(cfg))

	api := app.Group("/api")
	api.Get("/todos", func(c fiber.Ctx) error {
		return c.JSON(s.list())
	})
	api.Post("/todos", func(c fiber.Ctx) error {
		var in todo
		if err := c.Bind().JSON(&in); err != nil || in.Title == "" {
			return fiber.NewError(http.StatusBadRequest, `send {"title": "..."}`)
		}
		t := s.add(in)
		c.Set("Location", "/api/todos/"+strconv.Itoa(t.ID))
		return c.Status(http.StatusCreated).JSON(t)
	})
	api.Put("/todos/:id", func(c fiber.Ctx) error {
		id, err := strconv.Atoi(c.Params("id"))
		var in todo
		if err != nil || c.Bind().JSON(&in) != nil || in.Title == "" {
			return fiber.NewError(http.StatusBadRequest, `send {"title": "...", "done": false} to /api/todos/{id}`)
		}
		in.ID = id
		if !s.update(in) {
			return fiber.NewError(http.StatusNotFound, "no such to-do")
		}
		return c.JSON(in)
	})
	api.Delete("/todos/:id", func(c fiber.Ctx) error {
		id, err := strconv.Atoi(c.Params("id"))
		if err != nil || !s.remove(id) {
			return fiber.NewError(http.StatusNotFound, "no such to-do")
		}
		return c.SendStatus(http.StatusNoContent)
	})
	return app
}

type todo struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// store keeps the to-do items in memory.
type store struct {
	mu    sync.Mutex
	next  int
	items map[int]todo
}

func newStore() *store {
	s := &store{items: map[int]todo{}}
	s.add(todo{Title: "allow http://localhost:8001"})
	return s
}

func (s *store) list() []todo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]todo, 0, len(s.items))
	for _, t := range s.items {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b todo) int { return a.ID - b.ID })
	return out
}

func (s *store) add(t todo) todo {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	t.ID = s.next
	s.items[t.ID] = t
	return t
}

func (s *store) update(t todo) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.items[t.ID]; !ok {
		return false
	}
	s.items[t.ID] = t
	return true
}

func (s *store) remove(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.items[id]; !ok {
		return false
	}
	delete(s.items, id)
	return true
}
