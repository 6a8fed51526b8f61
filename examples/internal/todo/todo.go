package todo

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
)

// Page is the origin of the page every example opens its API to.
const Page = "http://localhost:8001"

// Todo is one item of the list.
type Todo struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// Valid reports whether t can be stored: it needs a title.
func (t Todo) Valid() bool { return t.Title != "" }

// Location is the path of t in the API.
func (t Todo) Location() string { return "/api/todos/" + strconv.Itoa(t.ID) }

// Store keeps the items in memory. It is safe for concurrent use.
type Store struct {
	mu    sync.Mutex
	next  int
	items map[int]Todo
}

// NewStore returns a store holding one item.
func NewStore() *Store {
	s := &Store{items: map[int]Todo{}}
	s.Add(Todo{Title: "allow " + Page})
	return s
}

// List returns the items, in the order they were added.
func (s *Store) List() []Todo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Todo, 0, len(s.items))
	for _, t := range s.items {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Todo) int { return a.ID - b.ID })
	return out
}

// Add stores t under a new ID and returns it with that ID.
func (s *Store) Add(t Todo) Todo {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	t.ID = s.next
	s.items[t.ID] = t
	return t
}

// Update replaces the item with t's ID; it reports false when there is none.
func (s *Store) Update(t Todo) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.items[t.ID]; !ok {
		return false
	}
	s.items[t.ID] = t
	return true
}

// Remove deletes the item with the given ID; it reports false when there is
// none.
func (s *Store) Remove(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.items[id]; !ok {
		return false
	}
	delete(s.items, id)
	return true
}

// Flags are the command-line flags every example takes.
type Flags struct {
	// Addr is the address to listen on (-addr).
	Addr string
	// Debug, with -debug, logs to standard error why a cross-origin request
	// is refused; nil without it. It is meant for core.Config.DebugLogger.
	Debug *slog.Logger
}

// ParseFlags parses the command line, and logs where the API will be.
func ParseFlags() Flags {
	addr := flag.String("addr", "127.0.0.1:8000", "address to listen on")
	debug := flag.Bool("debug", false, "log why a cross-origin request is refused")
	flag.Parse()
	f := Flags{Addr: *addr}
	if *debug {
		f.Debug = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	log.Printf("to-do API on http://%s/api/todos, open to %s", f.Addr, Page)
	return f
}

// Serve serves h on addr with net/http, until it fails.
func Serve(addr string, h http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}
