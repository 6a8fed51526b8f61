// Command echov5 serves a small JSON API of to-do items with Echo v5, open to
// cross-origin calls from the page at http://localhost:8001, cookies
// included.
//
//	go run ./examples/echov5 [-addr 127.0.0.1:8000] [-debug]
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
	"time"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echov5adapter"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "address to listen on")
	debug := flag.Bool("debug", false, "log why a cross-origin request is refused")
	flag.Parse()

	cfg := corsConfig()
	if *debug {
		cfg.DebugLogger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           newEcho(cfg, newStore()),
		ReadHeaderTimeout: 10 * time.Second,
	}
	log.Printf("to-do API on http://%s/api/todos, open to http://localhost:8001", *addr)
	log.Fatal(srv.ListenAndServe())
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

// newEcho builds the API. The order of the middleware is the point:
// logging and panic recovery first, as they answer nothing themselves (and
// recovery then also covers CheckRequest hooks), then CORS, before anything
// that may answer a request, such as authentication or rate limiting. A
// handler's error is turned into a response by Echo's HTTPErrorHandler,
// after CORS has written its headers, so error responses keep them.
func newEcho(cfg core.Config, s *store) *echo.Echo {
	e := echo.New()
	e.Use(middleware.RequestLogger(), middleware.Recover())
	e.Use(echov5adapter.New(cfg))

	api := e.Group("/api")
	api.GET("/todos", func(c *echo.Context) error {
		return c.JSON(http.StatusOK, s.list())
	})
	api.POST("/todos", func(c *echo.Context) error {
		var in todo
		if err := c.Bind(&in); err != nil || in.Title == "" {
			return echo.NewHTTPError(http.StatusBadRequest, `send {"title": "..."}`)
		}
		t := s.add(in)
		c.Response().Header().Set("Location", "/api/todos/"+strconv.Itoa(t.ID))
		return c.JSON(http.StatusCreated, t)
	})
	api.PUT("/todos/:id", func(c *echo.Context) error {
		id, err := strconv.Atoi(c.Param("id"))
		var in todo
		if err != nil || c.Bind(&in) != nil || in.Title == "" {
			return echo.NewHTTPError(http.StatusBadRequest, `send {"title": "...", "done": false} to /api/todos/{id}`)
		}
		in.ID = id
		if !s.update(in) {
			return echo.NewHTTPError(http.StatusNotFound, "no such to-do")
		}
		return c.JSON(http.StatusOK, in)
	})
	api.DELETE("/todos/:id", func(c *echo.Context) error {
		id, err := strconv.Atoi(c.Param("id"))
		if err != nil || !s.remove(id) {
			return echo.NewHTTPError(http.StatusNotFound, "no such to-do")
		}
		return c.NoContent(http.StatusNoContent)
	})
	return e
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
