package corstest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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

// AssertGranted reports through t, without stopping the test, unless w
// grants origin access with credentials and, unless it answers a preflight
// (it carries Access-Control-Allow-Methods), varies on Origin: a preflight's
// answer carries no Vary, as caches do not store responses to OPTIONS.
func AssertGranted(t testing.TB, w *httptest.ResponseRecorder, origin string) {
	t.Helper()
	h := w.Header()
	if got := h.Get("Access-Control-Allow-Origin"); got != origin {
		t.Errorf("Access-Control-Allow-Origin: %q, want %q", got, origin)
	}
	if got := h.Get("Access-Control-Allow-Credentials"); got != "true" {
		t.Errorf("Access-Control-Allow-Credentials: %q, want \"true\"", got)
	}
	if vary := strings.Join(h.Values("Vary"), ", "); h.Get("Access-Control-Allow-Methods") == "" && !strings.Contains(vary, "Origin") {
		t.Errorf("Vary: %q, want it to name Origin", vary)
	}
}
