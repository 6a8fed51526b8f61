package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const page = "http://localhost:8001"

func send(h http.Handler, method, path, origin, body string, kv ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Header.Set(kv[i], kv[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// The page at http://localhost:8001 goes through a whole round of calls,
// preflights included, as a browser would make them.
func TestTodosFromThePage(t *testing.T) {
	h := newEcho(corsConfig(), newStore())
	granted := func(w *httptest.ResponseRecorder) {
		t.Helper()
		assert.Equal(t, page, w.Header().Get("Access-Control-Allow-Origin"))
		assert.Equal(t, "true", w.Header().Get("Access-Control-Allow-Credentials"))
	}

	w := send(h, http.MethodGet, "/api/todos", page, "")
	require.Equal(t, http.StatusOK, w.Code)
	assert.JSONEq(t, `[{"id":1,"title":"allow http://localhost:8001","done":false}]`, w.Body.String())
	granted(w)

	// POST with a JSON body needs a preflight.
	w = send(h, http.MethodOptions, "/api/todos", page, "", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
	assert.Equal(t, http.StatusNoContent, w.Code)
	granted(w)
	w = send(h, http.MethodPost, "/api/todos", page, `{"title":"ship it"}`)
	require.Equal(t, http.StatusCreated, w.Code)
	assert.Equal(t, "/api/todos/2", w.Header().Get("Location"))
	assert.Equal(t, "Location", w.Header().Get("Access-Control-Expose-Headers"))
	granted(w)

	for _, method := range []string{http.MethodPut, http.MethodDelete} {
		w = send(h, http.MethodOptions, "/api/todos/2", page, "", "Access-Control-Request-Method", method, "Access-Control-Request-Headers", "content-type")
		assert.Equal(t, http.StatusNoContent, w.Code, method)
		granted(w)
	}
	w = send(h, http.MethodPut, "/api/todos/2", page, `{"title":"ship it","done":true}`)
	require.Equal(t, http.StatusOK, w.Code)
	assert.JSONEq(t, `{"id":2,"title":"ship it","done":true}`, w.Body.String())
	granted(w)
	w = send(h, http.MethodDelete, "/api/todos/2", page, "")
	assert.Equal(t, http.StatusNoContent, w.Code)
	granted(w)

	// Errors keep the headers, so the page can read them.
	w = send(h, http.MethodDelete, "/api/todos/2", page, "")
	assert.Equal(t, http.StatusNotFound, w.Code)
	granted(w)
	w = send(h, http.MethodPost, "/api/todos", page, `{}`)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	granted(w)
}

func TestTodosFromElsewhere(t *testing.T) {
	h := newEcho(corsConfig(), newStore())

	w := send(h, http.MethodGet, "/api/todos", "http://localhost:9999", "")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "Origin", w.Header().Get("Vary"))

	w = send(h, http.MethodOptions, "/api/todos/1", "http://localhost:9999", "", "Access-Control-Request-Method", "DELETE")
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
}
