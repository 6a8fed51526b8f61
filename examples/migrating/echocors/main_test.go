package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/examples/migrating/internal/try"
)

func TestMigratedConfig(t *testing.T) {
	e := newServer()

	w := try.Preflight(e, "/api/users/3", "https://eu.example.org", "DELETE", "authorization")
	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Equal(t, "https://eu.example.org", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "3600", w.Header().Get("Access-Control-Max-Age"))

	w = try.Request(e, "GET", "/api/users", "https://admin.example.com")
	assert.Equal(t, "https://admin.example.com", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "true", w.Header().Get("Access-Control-Allow-Credentials"))

	// What the Skipper skipped: URLsRegex leaves /healthz alone.
	w = try.Request(e, "GET", "/healthz", "https://admin.example.com")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))

	// Echo reflected any requested header when AllowHeaders was empty;
	// here only the listed ones pass.
	w = try.Preflight(e, "/api/users/3", "https://admin.example.com", "DELETE", "x-anything")
	assert.Equal(t, http.StatusForbidden, w.Code)
}
