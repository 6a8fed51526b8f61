package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/examples/migrating/internal/try"
)

func TestMigratedOptions(t *testing.T) {
	r := newRouter()

	w := try.Preflight(r, "/api/articles/9", "https://blog.example.net", "PATCH", "content-type,x-api-key")
	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Equal(t, "https://blog.example.net", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "300", w.Header().Get("Access-Control-Max-Age"))

	w = try.Request(r, "GET", "/api/articles", "https://reader.example")
	assert.Equal(t, "https://reader.example", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "Link", w.Header().Get("Access-Control-Expose-Headers"))

	// "https://*" allowed https origins only; so does the regex.
	w = try.Request(r, "GET", "/api/articles", "http://reader.example")
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))

	// A refused preflight is a 403, where go-chi/cors answered 200.
	w = try.Preflight(r, "/api/articles/9", "https://blog.example.net", "DELETE", "")
	assert.Equal(t, http.StatusForbidden, w.Code)
}
