package ginadapter_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// Gin's debug mode prints every route registered, to standard output,
// which the examples' output must not contain.
func init() { gin.SetMode(gin.TestMode) }

const origin = "https://app.example.com"

var cfg = core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true}

func preflight(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	return corstest.Serve(h, http.MethodOptions, path, "Origin", origin, "Access-Control-Request-Method", http.MethodPut)
}

func get(t *testing.T, h http.Handler, method, path string) *httptest.ResponseRecorder {
	t.Helper()
	return corstest.Serve(h, method, path, "Origin", origin)
}

// assertPreflightGranted checks that w is the middleware's own answer to
// an accepted preflight.
func assertPreflightGranted(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	assert.Equal(t, http.StatusNoContent, w.Code, "status")
	assert.Empty(t, w.Body.String(), "body")
	corstest.AssertGranted(t, w, origin)
	assert.Equal(t, "DELETE, GET, OPTIONS, PATCH, POST, PUT", w.Header().Get("Access-Control-Allow-Methods"))
}

func assertNoGrant(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"), "Access-Control-Allow-Origin")
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Methods"), "Access-Control-Allow-Methods")
}

func text(body string) gin.HandlerFunc {
	return func(c *gin.Context) { c.String(http.StatusOK, body) }
}

// newStack builds the kit's application: the layers by r.Use, then the
// routes. handle405 is Gin's HandleMethodNotAllowed.
func newStack(handle405 bool) corstest.NewStack {
	return func(t *testing.T, cfg core.Config, layers []corstest.Layer, routes []corstest.Route) http.Handler {
		r := gin.New()
		r.HandleMethodNotAllowed = handle405
		for _, l := range layers {
			switch l {
			case corstest.CORS:
				r.Use(ginadapter.New(cfg))
			case corstest.Recovery:
				// gin.Recovery with its log sent elsewhere.
				r.Use(gin.RecoveryWithWriter(io.Discard))
			case corstest.Authentication:
				r.Use(func(c *gin.Context) {
					if c.GetHeader("Authorization") == "" {
						c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "Unauthorized"})
					}
				})
			}
		}
		for _, rt := range routes {
			r.Handle(rt.Method, rt.Path, gin.WrapH(rt.Handler))
		}
		return r
	}
}

// Middleware registered with r.Use runs for every request, matched or not:
// Gin adds it to its 404 and 405 handlers too. So a preflight needs no
// OPTIONS route, whether HandleMethodNotAllowed is on (Gin's 405 path) or
// off (its 404 path), and Gin's own 404 and 405 answers carry the headers;
// the middleware writes its headers before calling c.Next, so a later
// middleware that aborts, or gin.Recovery, keeps them.
func TestMiddlewareOrder(t *testing.T) {
	for _, handle405 := range []bool{false, true} {
		t.Run(fmt.Sprintf("HandleMethodNotAllowed=%v", handle405), func(t *testing.T) {
			corstest.RunMiddlewareOrder(t, newStack(handle405))
		})
	}
}

// Gin answers a method a route does not have with its 404, or with 405
// and Allow under HandleMethodNotAllowed: either answer carries the
// headers.
func TestMethodNotAllowedKeepsHeaders(t *testing.T) {
	for _, handle405 := range []bool{false, true} {
		r := gin.New()
		r.HandleMethodNotAllowed = handle405
		r.Use(ginadapter.New(cfg))
		r.PUT("/items/:id", text("put"))

		w := get(t, r, http.MethodDelete, "/items/1")
		if handle405 {
			assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
			assert.Equal(t, "PUT", w.Header().Get("Allow"))
		} else {
			assert.Equal(t, http.StatusNotFound, w.Code)
		}
		corstest.AssertGranted(t, w, origin)
	}
}

// Gin copies the engine's middleware into each route when the route is
// registered. r.Use called after a route leaves that route without CORS
// headers, while Gin's 404 and 405 handlers, rebuilt by every r.Use, do get
// it: preflights then pass and the actual request fails in the browser.
func TestUseAfterRoutesMissesThem(t *testing.T) {
	r := gin.New()
	r.PUT("/items/:id", text("put"))
	r.Use(ginadapter.New(cfg))

	assertPreflightGranted(t, preflight(t, r, "/items/1"))
	w := get(t, r, http.MethodPut, "/items/1")
	assert.Equal(t, "put", w.Body.String())
	assertNoGrant(t, w)
}

// Middleware added to a route group runs only for the routes the group
// registers, for their own methods. Gin routes a preflight for a group
// route without an OPTIONS handler to its 404 (or 405) handlers, which only
// carry the engine's middleware, so it gets no CORS headers and the browser
// refuses the actual request. ginadapter.Group adds the OPTIONS routes
// (group_test.go, and TestGroupMounting).
func TestGroupMiddlewareMissesPreflightsWithoutAnOptionsRoute(t *testing.T) {
	t.Run("misses preflights without an OPTIONS route", func(t *testing.T) {
		for _, handle405 := range []bool{false, true} {
			r := gin.New()
			r.HandleMethodNotAllowed = handle405
			g := r.Group("/api")
			g.Use(ginadapter.New(cfg))
			g.PUT("/items/:id", text("put"))

			w := preflight(t, r, "/api/items/1")
			if handle405 {
				assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
			} else {
				assert.Equal(t, http.StatusNotFound, w.Code)
			}
			assertNoGrant(t, w)
			assert.Empty(t, w.Header().Get("Vary"))

			// The actual request, were the browser to send it, would be
			// granted.
			w = get(t, r, http.MethodPut, "/api/items/1")
			assert.Equal(t, "put", w.Body.String())
			corstest.AssertGranted(t, w, origin)
		}
	})
	t.Run("an OPTIONS catch-all on the group lets it see them", func(t *testing.T) {
		r := gin.New()
		g := r.Group("/api")
		g.Use(ginadapter.New(cfg))
		g.PUT("/items/:id", text("put"))
		optionsRan := false
		g.OPTIONS("/*path", func(c *gin.Context) { optionsRan = true })

		assertPreflightGranted(t, preflight(t, r, "/api/items/1"))
		assert.False(t, optionsRan, "the middleware answers the preflight")
		w := get(t, r, http.MethodPut, "/api/items/1")
		corstest.AssertGranted(t, w, origin)

		// Outside the group nothing changes.
		w = preflight(t, r, "/elsewhere")
		assert.Equal(t, http.StatusNotFound, w.Code)
		assertNoGrant(t, w)
	})
	t.Run("route middleware misses preflights", func(t *testing.T) {
		r := gin.New()
		r.PUT("/items/:id", ginadapter.New(cfg), text("put"))

		w := preflight(t, r, "/items/1")
		assert.Equal(t, http.StatusNotFound, w.Code)
		assertNoGrant(t, w)
		corstest.AssertGranted(t, get(t, r, http.MethodPut, "/items/1"), origin)
	})
	t.Run("engine middleware limited to the group's paths by URLsRegex", func(t *testing.T) {
		r := gin.New()
		r.Use(ginadapter.New(core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true, URLsRegex: `^/api/`}))
		g := r.Group("/api")
		g.PUT("/items/:id", text("put"))
		r.GET("/public", text("public"))

		assertPreflightGranted(t, preflight(t, r, "/api/items/1"))
		corstest.AssertGranted(t, get(t, r, http.MethodPut, "/api/items/1"), origin)
		w := get(t, r, http.MethodGet, "/public")
		assert.Equal(t, "public", w.Body.String())
		assertNoGrant(t, w)
	})
}

// FromPolicy reads the policy through its Source on every request: a
// core.Live reloaded with a new origin changes the answer of the same
// engine and middleware.
func TestLiveReload(t *testing.T) {
	corstest.RunLiveReload(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		r := gin.New()
		r.Use(ginadapter.FromPolicy(src))
		r.GET("/items", gin.WrapH(app))
		return r
	})
}

func TestNewPanicsOnInvalidConfig(t *testing.T) {
	assert.PanicsWithError(t, `corsheaders: AllowedOrigins[0] "https://app.example.com/": an origin has no trailing slash; write "https://app.example.com"`, func() {
		ginadapter.New(core.Config{AllowedOrigins: []string{origin + "/"}})
	})
	assert.Panics(t, func() { ginadapter.FromPolicy(nil) })
	assert.Panics(t, func() { ginadapter.FromPolicy((*core.Policy)(nil)) })
}
