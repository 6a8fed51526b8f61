package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/examples/migrating/internal/try"
)

func TestMigratedSettings(t *testing.T) {
	h := newHandler()

	// CORS_ALLOWED_ORIGINS, CORS_ALLOW_HEADERS, CORS_PREFLIGHT_MAX_AGE.
	w := try.Preflight(h, "/api/items", "https://app.example.com", "DELETE", "x-api-key")
	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Equal(t, "https://app.example.com", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "true", w.Header().Get("Access-Control-Allow-Credentials"))
	assert.Equal(t, "3600", w.Header().Get("Access-Control-Max-Age"))
	assert.Contains(t, w.Header().Get("Access-Control-Allow-Headers"), "x-api-key")

	// CORS_ALLOWED_ORIGIN_REGEXES and CORS_EXPOSE_HEADERS.
	w = try.Request(h, "GET", "/api/items", "https://pr42.preview.example.com")
	assert.Equal(t, "https://pr42.preview.example.com", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "X-Total-Count", w.Header().Get("Access-Control-Expose-Headers"))

	// The regex is anchored: a longer host is not allowed.
	w = try.Request(h, "GET", "/api/items", "https://pr42.preview.example.com.evil.net")
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))

	// CORS_URLS_REGEX: /export is outside /api/, no CORS for a listed origin.
	w = try.Request(h, "GET", "/export", "https://app.example.com")
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))

	// The check_request_enabled handler enables CORS for a partner there.
	w = try.Request(h, "GET", "/export", "https://partner.example.net")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "https://partner.example.net", w.Header().Get("Access-Control-Allow-Origin"))

	// Unlike django-cors-headers, a refused preflight is a 403.
	w = try.Preflight(h, "/api/items", "https://evil.example", "DELETE", "")
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
}
