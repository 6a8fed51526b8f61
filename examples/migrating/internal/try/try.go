// Package try sends requests to the migration programs' handlers, as a
// browser would, for their tests.
package try

import (
	"net/http"
	"net/http/httptest"
)

// Request sends method path with the given Origin ("" for none) and
// further headers given as name, value pairs, and returns the response.
func Request(h http.Handler, method, path, origin string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// Preflight sends the preflight a browser sends before method with the
// given request headers (a comma-separated list, or "").
func Preflight(h http.Handler, path, origin, method, headers string) *httptest.ResponseRecorder {
	kv := []string{"Access-Control-Request-Method", method}
	if headers != "" {
		kv = append(kv, "Access-Control-Request-Headers", headers)
	}
	return Request(h, http.MethodOptions, path, origin, kv...)
}
