package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/examples/migrating/internal/try"
)

func TestMigratedOptions(t *testing.T) {
	h := newHandler()

	w := try.Preflight(h, "/api/orders/7", "https://eu.example.com", "DELETE", "authorization")
	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Equal(t, "https://eu.example.com", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "true", w.Header().Get("Access-Control-Allow-Credentials"))
	assert.Equal(t, "600", w.Header().Get("Access-Control-Max-Age"))
	assert.Equal(t, "GET, POST, DELETE", w.Header().Get("Access-Control-Allow-Methods"))

	w = try.Request(h, "GET", "/api/orders/7", "https://app.example.com")
	assert.Equal(t, "GET order 7\n", w.Body.String())
	assert.Equal(t, "https://app.example.com", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "X-Request-Id", w.Header().Get("Access-Control-Expose-Headers"))

	// The apex is not a subdomain, as in rs/cors; but here a refused
	// preflight is a 403, not rs/cors' 204.
	w = try.Preflight(h, "/api/orders/7", "https://example.com", "DELETE", "")
	assert.Equal(t, http.StatusForbidden, w.Code)

	// PUT is not listed; methods are case-sensitive.
	w = try.Preflight(h, "/api/orders/7", "https://app.example.com", "PUT", "")
	assert.Equal(t, http.StatusForbidden, w.Code)
}
