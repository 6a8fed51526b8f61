package main

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/examples/migrating/internal/try"
)

func TestMigratedConfig(t *testing.T) {
	gin.SetMode(gin.TestMode)
	r := newRouter()

	w := try.Preflight(r, "/api/cart", "https://eu.shop.example.com", "PATCH", "authorization,x-api-key")
	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Equal(t, "https://eu.shop.example.com", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "43200", w.Header().Get("Access-Control-Max-Age"))

	w = try.Request(r, "GET", "/api/cart", "https://shop.example.com")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "https://shop.example.com", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "X-Total-Count", w.Header().Get("Access-Control-Expose-Headers"))

	// The pattern matches whole labels, and the scheme, which
	// AllowOriginFunc's strings.HasSuffix did not check.
	for _, o := range []string{"https://evilshop.example.com", "http://eu.shop.example.com"} {
		w = try.Request(r, "GET", "/api/cart", o)
		assert.Equal(t, http.StatusOK, w.Code, "an actual request always reaches the handler, not gin-contrib's 403")
		assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"), o)
	}

	// An OPTIONS without Access-Control-Request-Method is not a preflight:
	// it goes to the router (here, which has no OPTIONS route, a 404).
	w = try.Request(r, "OPTIONS", "/api/cart", "https://shop.example.com")
	assert.Equal(t, http.StatusNotFound, w.Code)
}
