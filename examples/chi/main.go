// Command chi serves a small JSON API of books with chi, open to
// cross-origin calls from the page at http://localhost:8001, cookies
// included.
//
//	go run ./examples/chi [-addr 127.0.0.1:8000] [-debug]
//
// Try it with curl:
//
//	curl -i -X OPTIONS http://127.0.0.1:8000/api/books/1 \
//		-H 'Origin: http://localhost:8001' -H 'Access-Control-Request-Method: PUT' \
//		-H 'Access-Control-Request-Headers: content-type'
//	curl -i http://127.0.0.1:8000/api/admin/stats -H 'Origin: http://localhost:8001' -H 'X-Admin-Key: secret'
package main

import (
	"context"
	"encoding/json"
	"flag"
	"log"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
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
		Handler:           newRouter(cfg, newShelf()),
		ReadHeaderTimeout: 10 * time.Second,
	}
	log.Printf("books API on http://%s/api/books, open to http://localhost:8001", *addr)
	log.Fatal(srv.ListenAndServe())
}

// adminKey is what the admin routes want in X-Admin-Key. A real API would
// read it from its configuration.
const adminKey = "secret"

// corsConfig allows the page at http://localhost:8001 to call the API with
// its cookies, to send the admin key, and to read the Location of a created
// book.
func corsConfig() core.Config {
	return core.Config{
		AllowedOrigins:   []string{"http://localhost:8001"},
		AllowCredentials: true,
		AllowHeaders:     append(core.DefaultHeaders(), "x-admin-key"),
		ExposeHeaders:    []string{"Location"},
	}
}

// newRouter builds the API. CORS sits on the top router, after panic
// recovery and before everything else: chi runs it before routing, so it
// sees every request, preflights included, for the groups below and for
// the mounted admin router alike, and none of them needs an OPTIONS route.
func newRouter(cfg core.Config, s *shelf) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer)
	r.Use(chiadapter.New(cfg))

	r.Route("/api/books", func(r chi.Router) {
		r.Get("/", s.list)
		r.Post("/", s.create)
		r.Route("/{id}", func(r chi.Router) {
			r.Use(s.load)
			r.Get("/", func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusOK, r.Context().Value(bookKey{}))
			})
			r.Put("/", s.update)
			r.Delete("/", s.remove)
		})
	})
	r.Mount("/api/admin", adminRouter(s))
	return r
}

// adminRouter is a separate router, mounted under /api/admin. Its key
// check runs after CORS: a preflight, which never carries the key, is
// answered before it, and a refusal for a missing key keeps the CORS
// headers, so the page can read the 401.
func adminRouter(s *shelf) http.Handler {
	r := chi.NewRouter()
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Admin-Key") != adminKey {
				writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "send the admin key in X-Admin-Key"})
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	r.Get("/stats", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]int{"books": len(s.all())})
	})
	return r
}

type book struct {
	ID     int    `json:"id"`
	Title  string `json:"title"`
	Author string `json:"author"`
}

type bookKey struct{}

// shelf keeps the books in memory.
type shelf struct {
	mu    sync.Mutex
	next  int
	books map[int]book
}

func newShelf() *shelf {
	s := &shelf{books: map[int]book{}}
	s.add(book{Title: "The Go Programming Language", Author: "Donovan, Kernighan"})
	return s
}

func (s *shelf) all() []book {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]book, 0, len(s.books))
	for _, b := range s.books {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b book) int { return a.ID - b.ID })
	return out
}

func (s *shelf) add(b book) book {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	b.ID = s.next
	s.books[b.ID] = b
	return b
}

func (s *shelf) list(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.all())
}

func (s *shelf) create(w http.ResponseWriter, r *http.Request) {
	in, ok := readBook(w, r)
	if !ok {
		return
	}
	b := s.add(in)
	w.Header().Set("Location", "/api/books/"+strconv.Itoa(b.ID))
	writeJSON(w, http.StatusCreated, b)
}

// load finds the book named by {id} for the routes below it.
func (s *shelf) load(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(chi.URLParam(r, "id"))
		s.mu.Lock()
		b, ok := s.books[id]
		s.mu.Unlock()
		if err != nil || !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such book"})
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), bookKey{}, b)))
	})
}

func (s *shelf) update(w http.ResponseWriter, r *http.Request) {
	in, ok := readBook(w, r)
	if !ok {
		return
	}
	in.ID = r.Context().Value(bookKey{}).(book).ID
	s.mu.Lock()
	s.books[in.ID] = in
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, in)
}

func (s *shelf) remove(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	delete(s.books, r.Context().Value(bookKey{}).(book).ID)
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func readBook(w http.ResponseWriter, r *http.Request) (book, bool) {
	var in book
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil || in.Title == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": `send {"title": "...", "author": "..."}`})
		return book{}, false
	}
	return in, true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
