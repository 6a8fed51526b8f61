package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/examples/migrating/internal/try"
)

func TestMigratedConfig(t *testing.T) {
	h, live, err := newHandler()
	require.NoError(t, err)

	w := try.Preflight(h, "/api/docs/1", "https://docs.example.com", "PUT", "authorization")
	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Equal(t, "https://docs.example.com", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "true", w.Header().Get("Access-Control-Allow-Credentials"))
	assert.Equal(t, "30", w.Header().Get("Access-Control-Max-Age"))

	w = try.Request(h, "PUT", "/api/docs/1", "https://example.com")
	assert.Equal(t, "https://example.com", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "X-Response-Time", w.Header().Get("Access-Control-Expose-Headers"))

	w = try.Preflight(h, "/api/docs/1", "https://docs.example.com", "PUT", "content-type")
	assert.Equal(t, http.StatusForbidden, w.Code)

	// Reconfigure becomes Live.Reload.
	cfg := corsConfig()
	cfg.AllowedOrigins = []string{"https://new.example.net"}
	require.NoError(t, live.Reload(cfg))
	w = try.Request(h, "PUT", "/api/docs/1", "https://example.com")
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))

	// A configuration that cannot work is refused, and the old policy kept.
	var ce *core.ConfigError
	require.ErrorAs(t, live.Reload(core.Config{AllowedOrigins: []string{"https://new.example.net/"}}), &ce)
	w = try.Request(h, "PUT", "/api/docs/1", "https://new.example.net")
	assert.Equal(t, "https://new.example.net", w.Header().Get("Access-Control-Allow-Origin"))
}
