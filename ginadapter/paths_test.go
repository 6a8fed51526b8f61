package ginadapter_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// publicArea is a credentialed grant for /public/ only.
var publicArea = core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true, URLsRegex: `^/public/`}

func areas(r *gin.Engine) {
	r.GET("/public/*rest", text("public"))
	r.GET("/private/data", text("private"))
}

// With RemoveExtraSlash, Gin serves "/public/..%2Fprivate/data" as
// "/private/data", while the request's URL.Path is
// "/public/../private/data". URLsRegex must not grant the public area's
// CORS to the private answer: the policy enables CORS for an ambiguous path
// only when the cleaned path is enabled too.
func TestRemoveExtraSlashServesCleanedPath(t *testing.T) {
	r := gin.New()
	r.RemoveExtraSlash = true
	r.Use(ginadapter.New(publicArea))
	areas(r)
	for _, path := range []string{"/public/..%2Fprivate/data", "/public/../private/data", "/public/%2e%2e/private/data", "/public/x/../../private/data"} {
		w := get(t, r, http.MethodGet, path)
		assert.Equal(t, "private", w.Body.String(), "%s: Gin serves the private area", path)
		assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"), "%s: no grant for the private area", path)
		assert.Empty(t, w.Header().Get("Access-Control-Allow-Credentials"), path)
	}
	// The public area keeps its grant, also through a path Gin cleans.
	for _, path := range []string{"/public/data", "/public//data", "/public/a/../data"} {
		w := get(t, r, http.MethodGet, path)
		assert.Equal(t, "public", w.Body.String(), path)
		corstest.AssertGranted(t, w, origin)
	}
}

// TestRedirectTrailingSlash documents Gin's RedirectTrailingSlash (on by
// default): for GET /api/items/ when only /api/items is routed, Gin answers
// 301 before any middleware runs, so the redirect carries no CORS header
// and the browser reports a CORS error. docs/gin.md gives the fix, tested
// here: with RedirectTrailingSlash off the request reaches the middleware,
// and the page can read the 404.
func TestRedirectTrailingSlash(t *testing.T) {
	build := func(redirect bool) *gin.Engine {
		r := gin.New()
		r.RedirectTrailingSlash = redirect
		r.Use(ginadapter.New(cfg))
		r.GET("/api/items", text("items"))
		return r
	}

	w := get(t, build(true), http.MethodGet, "/api/items/")
	assert.Equal(t, http.StatusMovedPermanently, w.Code, "Gin's default")
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"), "Gin redirects before any middleware runs")
	assert.Empty(t, w.Header().Get("Vary"))

	w = get(t, build(false), http.MethodGet, "/api/items/")
	assert.Equal(t, http.StatusNotFound, w.Code)
	corstest.AssertGranted(t, w, origin)
	assert.Equal(t, "Origin", w.Header().Get("Vary"))

	// Preflights never hit the redirect: Gin redirects only within a
	// method's routes, and OPTIONS has none here.
	assertPreflightGranted(t, preflight(t, build(true), "/api/items/"))
}
