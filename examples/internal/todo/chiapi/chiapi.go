// Package chiapi serves the to-do API of package todo with chi, and a small
// admin router, guarded by a key, for the example to mount.
package chiapi

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/corsheaders/corsheaders/examples/internal/todo"
)

// Register adds the API's routes, /todos and /todos/{id}, to r.
func Register(r chi.Router, s *todo.Store) {
	r.Get("/todos", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.List())
	})
	r.Post("/todos", func(w http.ResponseWriter, r *http.Request) {
		in, ok := readTodo(w, r, `send {"title": "..."}`)
		if !ok {
			return
		}
		t := s.Add(in)
		w.Header().Set("Location", t.Location())
		writeJSON(w, http.StatusCreated, t)
	})
	r.Put("/todos/{id}", func(w http.ResponseWriter, r *http.Request) {
		const want = `send {"title": "...", "done": false} to /api/todos/{id}`
		id, err := strconv.Atoi(chi.URLParam(r, "id"))
		if err != nil {
			writeError(w, http.StatusBadRequest, want)
			return
		}
		in, ok := readTodo(w, r, want)
		if !ok {
			return
		}
		in.ID = id
		if !s.Update(in) {
			writeError(w, http.StatusNotFound, "no such to-do")
			return
		}
		writeJSON(w, http.StatusOK, in)
	})
	r.Delete("/todos/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(chi.URLParam(r, "id"))
		if err != nil || !s.Remove(id) {
			writeError(w, http.StatusNotFound, "no such to-do")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// Admin is a router of its own, for the example to mount: GET /stats
// counts the items. Every request to it must carry key in X-Admin-Key, or
// is answered 401.
func Admin(s *todo.Store, key string) http.Handler {
	r := chi.NewRouter()
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Admin-Key") != key {
				writeError(w, http.StatusUnauthorized, "send the admin key in X-Admin-Key")
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	r.Get("/stats", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]int{"todos": len(s.List())})
	})
	return r
}

func readTodo(w http.ResponseWriter, r *http.Request, want string) (todo.Todo, bool) {
	var in todo.Todo
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil || !in.Valid() {
		writeError(w, http.StatusBadRequest, want)
		return todo.Todo{}, false
	}
	return in, true
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
