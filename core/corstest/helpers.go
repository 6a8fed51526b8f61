package corstest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Serve sends one request to h and returns the recorded response; kv lists
// header names and values, in pairs. It is for adapters' own tests, beside
// the cases of Run.
func Serve(h http.Handler, method, path string, kv ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(kv); i += 2 {
		r.Header.Set(kv[i], kv[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// AssertGranted checks that w grants origin access with credentials and
// varies on Origin.
func AssertGranted(t *testing.T, w *httptest.ResponseRecorder, origin string) {
	t.Helper()
	assert.Equal(t, origin, w.Header().Get("Access-Control-Allow-Origin"), "Access-Control-Allow-Origin")
	assert.Equal(t, "true", w.Header().Get("Access-Control-Allow-Credentials"), "Access-Control-Allow-Credentials")
	assert.Contains(t, w.Header().Get("Vary"), "Origin", "Vary")
}
