// Package todotest holds the tests every framework example runs against its
// to-do API: a browser's round of calls from the page, and the same calls
// from an origin that is not allowed.
package todotest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/examples/internal/todo"
)

// Send serves one request through h: method and path, with the given Origin
// ("" for none), a JSON body ("" for none) and further headers given as
// name, value pairs.
func Send(h http.Handler, method, path, origin, body string, kv ...string) *httptest.ResponseRecorder {
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

// AssertGranted checks that w grants the page access, cookies included.
func AssertGranted(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	assert.Equal(t, todo.Page, w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "true", w.Header().Get("Access-Control-Allow-Credentials"))
}

// FromThePage goes through a whole round of calls from the page at
// todo.Page, preflights included, as a browser would make them, against h
// serving a new todo.Store under /api with CORS configured for the page,
// credentials allowed and Location exposed.
func FromThePage(t *testing.T, h http.Handler) {
	t.Helper()
	page := todo.Page
	// granted checks an actual request's answer: granted, and varying
	// with Origin.
	granted := func(w *httptest.ResponseRecorder) {
		t.Helper()
		AssertGranted(t, w)
		assert.Contains(t, w.Header().Get("Vary"), "Origin")
	}

	w := Send(h, http.MethodGet, "/api/todos", page, "")
	require.Equal(t, http.StatusOK, w.Code)
	assert.JSONEq(t, `[{"id":1,"title":"allow http://localhost:8001","done":false}]`, w.Body.String())
	granted(w)

	// POST with a JSON body needs a preflight.
	w = Send(h, http.MethodOptions, "/api/todos", page, "", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
	assert.Equal(t, http.StatusNoContent, w.Code)
	AssertGranted(t, w)
	w = Send(h, http.MethodPost, "/api/todos", page, `{"title":"ship it"}`)
	require.Equal(t, http.StatusCreated, w.Code)
	assert.Equal(t, "/api/todos/2", w.Header().Get("Location"))
	assert.Equal(t, "Location", w.Header().Get("Access-Control-Expose-Headers"))
	granted(w)

	for _, method := range []string{http.MethodPut, http.MethodDelete} {
		w = Send(h, http.MethodOptions, "/api/todos/2", page, "", "Access-Control-Request-Method", method, "Access-Control-Request-Headers", "content-type")
		assert.Equal(t, http.StatusNoContent, w.Code, method)
		AssertGranted(t, w)
	}
	w = Send(h, http.MethodPut, "/api/todos/2", page, `{"title":"ship it","done":true}`)
	require.Equal(t, http.StatusOK, w.Code)
	assert.JSONEq(t, `{"id":2,"title":"ship it","done":true}`, w.Body.String())
	granted(w)
	w = Send(h, http.MethodDelete, "/api/todos/2", page, "")
	assert.Equal(t, http.StatusNoContent, w.Code)
	granted(w)

	// Errors keep the headers, so the page can read them.
	w = Send(h, http.MethodDelete, "/api/todos/2", page, "")
	assert.Equal(t, http.StatusNotFound, w.Code)
	granted(w)
	w = Send(h, http.MethodPut, "/api/todos/99", page, `{"title":"gone"}`)
	assert.Equal(t, http.StatusNotFound, w.Code)
	granted(w)
	w = Send(h, http.MethodPost, "/api/todos", page, `{}`)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	granted(w)
}

// FromElsewhere makes calls from an origin the policy of FromThePage does
// not allow: the actual request is answered without a grant, the preflight
// refused.
func FromElsewhere(t *testing.T, h http.Handler) {
	t.Helper()
	const other = "http://localhost:9999"

	w := Send(h, http.MethodGet, "/api/todos", other, "")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "Origin", w.Header().Get("Vary"))

	w = Send(h, http.MethodOptions, "/api/todos/1", other, "", "Access-Control-Request-Method", "DELETE")
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
}
