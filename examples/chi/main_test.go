package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/examples/internal/todo"
	"github.com/corsheaders/corsheaders/examples/internal/todo/todotest"
)

func TestTodosFromThePage(t *testing.T) {
	todotest.FromThePage(t, newRouter(nil, todo.NewStore()))
}

func TestTodosFromElsewhere(t *testing.T) {
	todotest.FromElsewhere(t, newRouter(nil, todo.NewStore()))
}

// The page reaches the mounted admin router, preflights included, and reads
// its 401; another origin, or a header not allowed, is granted nothing.
func TestMountedRouter(t *testing.T) {
	const page, other = todo.Page, "http://127.0.0.1:8001"
	h := newRouter(nil, todo.NewStore())
	tests := []struct {
		name    string
		method  string
		path    string
		origin  string
		header  []string
		status  int
		granted bool
	}{
		{"preflight for the mounted router, without the key", "OPTIONS", "/api/admin/stats", page,
			[]string{"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-admin-key"}, 204, true},
		{"the mounted router's 401 keeps the headers", "GET", "/api/admin/stats", page, nil, 401, true},
		{"mounted router with the key", "GET", "/api/admin/stats", page, []string{"X-Admin-Key", "secret"}, 200, true},
		{"another origin", "GET", "/api/admin/stats", other, []string{"X-Admin-Key", "secret"}, 200, false},
		{"another origin's preflight", "OPTIONS", "/api/admin/stats", other,
			[]string{"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-admin-key"}, 403, false},
		{"a header not allowed", "OPTIONS", "/api/todos/1", page,
			[]string{"Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "x-debug"}, 403, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := todotest.Send(h, tt.method, tt.path, tt.origin, "", tt.header...)
			assert.Equal(t, tt.status, w.Code)
			if tt.method != http.MethodOptions { // a preflight's answer carries no Vary
				assert.Contains(t, w.Header().Get("Vary"), "Origin")
			}
			if tt.granted {
				todotest.AssertGranted(t, w)
			} else {
				assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
			}
		})
	}
}
