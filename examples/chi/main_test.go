package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The page at http://localhost:8001 reaches the books group and the mounted
// admin router, preflights included; another origin is granted nothing.
func TestCORS(t *testing.T) {
	const page, other = "http://localhost:8001", "http://127.0.0.1:8001"
	h := newRouter(corsConfig(), newShelf())
	tests := []struct {
		name    string
		method  string
		path    string
		origin  string
		header  []string
		body    string
		status  int
		granted bool
	}{
		{"list", "GET", "/api/books", page, nil, "", 200, true},
		{"preflight for a nested route", "OPTIONS", "/api/books/1", page,
			[]string{"Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type"}, "", 204, true},
		{"update", "PUT", "/api/books/1", page, []string{"Content-Type", "application/json"}, `{"title":"Go","author":"?"}`, 200, true},
		{"a 404 keeps the headers", "GET", "/api/books/99", page, nil, "", 404, true},
		{"preflight for the mounted router, without the key", "OPTIONS", "/api/admin/stats", page,
			[]string{"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-admin-key"}, "", 204, true},
		{"the mounted router's 401 keeps the headers", "GET", "/api/admin/stats", page, nil, "", 401, true},
		{"mounted router with the key", "GET", "/api/admin/stats", page, []string{"X-Admin-Key", adminKey}, "", 200, true},
		{"another origin", "GET", "/api/books", other, nil, "", 200, false},
		{"another origin's preflight", "OPTIONS", "/api/books/1", other, []string{"Access-Control-Request-Method", "PUT"}, "", 403, false},
		{"a header not allowed", "OPTIONS", "/api/books/1", page,
			[]string{"Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "x-debug"}, "", 403, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			r.Header.Set("Origin", tt.origin)
			for i := 0; i+1 < len(tt.header); i += 2 {
				r.Header.Set(tt.header[i], tt.header[i+1])
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			assert.Equal(t, tt.status, w.Code)
			if tt.method != http.MethodOptions { // a preflight's answer carries no Vary
				assert.Contains(t, w.Header().Get("Vary"), "Origin")
			}
			if tt.granted {
				assert.Equal(t, tt.origin, w.Header().Get("Access-Control-Allow-Origin"))
				assert.Equal(t, "true", w.Header().Get("Access-Control-Allow-Credentials"))
			} else {
				assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
			}
		})
	}

	r := httptest.NewRequest("POST", "/api/books", strings.NewReader(`{"title":"SICP","author":"Abelson, Sussman"}`))
	r.Header.Set("Origin", page)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	assert.Equal(t, http.StatusCreated, w.Code)
	assert.Equal(t, "/api/books/2", w.Header().Get("Location"))
	assert.Equal(t, "Location", w.Header().Get("Access-Control-Expose-Headers"))
}
