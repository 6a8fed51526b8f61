package ginadapter_test

import (
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

// Middleware registered with r.Use runs for every request, matched or not:
// Gin adds it to its 404 and 405 handlers too. So a preflight needs no
// OPTIONS route, whether HandleMethodNotAllowed is on (Gin's 405 path) or
// off (its 404 path), and Gin's own 404 and 405 answers carry the headers.
func TestGlobalMiddlewareSeesEveryPreflight(t *testing.T) {
	for _, handle405 := range []bool{false, true} {
		r := gin.New()
		r.HandleMethodNotAllowed = handle405
		r.Use(ginadapter.New(cfg))
		r.PUT("/items/:id", text("put"))

		for _, path := range []string{"/items/1", "/unknown", "/"} {
			assertPreflightGranted(t, preflight(t, r, path))
		}

		w := get(t, r, http.MethodPut, "/items/1")
		assert.Equal(t, "put", w.Body.String())
		corstest.AssertGranted(t, w, origin)

		w = get(t, r, http.MethodGet, "/unknown")
		assert.Equal(t, http.StatusNotFound, w.Code)
		corstest.AssertGranted(t, w, origin)

		w = get(t, r, http.MethodDelete, "/items/1")
		if handle405 {
			assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
			assert.Equal(t, "PUT", w.Header().Get("Allow"))
		} else {
			assert.Equal(t, http.StatusNotFound, w.Code)
		}
		corstest.AssertGranted(t, w, origin)
	}
}

// A refused preflight is answered 403 by the middleware, never by Gin's
// 404 page nor by the application.
func TestRefusedPreflight(t *testing.T) {
	r := gin.New()
	r.Use(ginadapter.New(cfg))
	ran := false
	r.OPTIONS("/items", func(c *gin.Context) { ran = true })

	w := corstest.Serve(r, http.MethodOptions, "/items", "Origin", "https://evil.example", "Access-Control-Request-Method", http.MethodPut)
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Empty(t, w.Body.String())
	assertNoGrant(t, w)
	assert.False(t, ran, "the application's OPTIONS handler ran")
}

// An OPTIONS request that is not a preflight belongs to the application.
func TestApplicationOptionsRouteStillReachable(t *testing.T) {
	r := gin.New()
	r.Use(ginadapter.New(cfg))
	r.OPTIONS("/items", func(c *gin.Context) {
		c.Header("Allow", "GET, OPTIONS")
		c.Status(http.StatusOK)
	})
	w := get(t, r, http.MethodOptions, "/items")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "GET, OPTIONS", w.Header().Get("Allow"))
	corstest.AssertGranted(t, w, origin)
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
// refuses the actual request.
func TestGroupMiddleware(t *testing.T) {
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

// The middleware writes its headers before calling c.Next, so a later
// middleware that aborts keeps them. One before it that aborts (here, an
// authentication check placed first) answers preflights itself, without
// CORS headers: browsers then report a CORS error instead of the 401.
func TestAbortingMiddleware(t *testing.T) {
	auth := func(c *gin.Context) {
		if c.GetHeader("Authorization") == "" {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "unauthorized"})
		}
	}
	t.Run("after CORS", func(t *testing.T) {
		r := gin.New()
		r.Use(ginadapter.New(cfg), auth)
		r.GET("/items", text("items"))
		r.PUT("/items", text("put"))

		w := get(t, r, http.MethodGet, "/items")
		assert.Equal(t, http.StatusUnauthorized, w.Code)
		assert.JSONEq(t, `{"error":"unauthorized"}`, w.Body.String())
		corstest.AssertGranted(t, w, origin)
		assert.Equal(t, "Origin", w.Header().Get("Vary"))

		// Browsers send preflights without credentials: the middleware
		// answers them before the check runs.
		assertPreflightGranted(t, preflight(t, r, "/items"))
	})
	t.Run("before CORS", func(t *testing.T) {
		r := gin.New()
		r.Use(auth, ginadapter.New(cfg))
		r.GET("/items", text("items"))

		w := get(t, r, http.MethodGet, "/items")
		assert.Equal(t, http.StatusUnauthorized, w.Code)
		assertNoGrant(t, w)
		w = preflight(t, r, "/items")
		assert.Equal(t, http.StatusUnauthorized, w.Code)
		assertNoGrant(t, w)
	})
}

// A panicking handler's 500, written by gin.Recovery, keeps the headers,
// whichever of the two middlewares comes first: the middleware wrote them
// before the handler ran. (gin.RecoveryWithWriter is gin.Recovery with its
// log sent elsewhere.)
func TestPanicUnderRecovery(t *testing.T) {
	for name, order := range map[string]func(cors, recovery gin.HandlerFunc) []gin.HandlerFunc{
		"CORS first":     func(cors, recovery gin.HandlerFunc) []gin.HandlerFunc { return []gin.HandlerFunc{cors, recovery} },
		"recovery first": func(cors, recovery gin.HandlerFunc) []gin.HandlerFunc { return []gin.HandlerFunc{recovery, cors} },
	} {
		t.Run(name, func(t *testing.T) {
			r := gin.New()
			r.Use(order(ginadapter.New(cfg), gin.RecoveryWithWriter(io.Discard))...)
			r.GET("/boom", func(c *gin.Context) { panic("boom") })

			w := get(t, r, http.MethodGet, "/boom")
			assert.Equal(t, http.StatusInternalServerError, w.Code)
			corstest.AssertGranted(t, w, origin)
			assert.Equal(t, "Origin", w.Header().Get("Vary"))
		})
	}
}

// CheckRequest hooks run inside the middleware: only a recovery middleware
// placed in front of it recovers their panics.
func TestPanickingHook(t *testing.T) {
	hooked := core.Config{AllowedOrigins: []string{origin}, CheckRequest: []func(*http.Request) bool{
		func(*http.Request) bool { panic("hook") },
	}}
	r := gin.New()
	r.Use(gin.RecoveryWithWriter(io.Discard), ginadapter.New(hooked))
	r.GET("/items", text("items"))
	// The hook runs for an origin the configuration does not allow.
	w := corstest.Serve(r, http.MethodGet, "/items", "Origin", "https://other.example")
	assert.Equal(t, http.StatusInternalServerError, w.Code)

	r = gin.New()
	r.Use(ginadapter.New(hooked), gin.RecoveryWithWriter(io.Discard))
	r.GET("/items", text("items"))
	assert.PanicsWithValue(t, "hook", func() { corstest.Serve(r, http.MethodGet, "/items", "Origin", "https://other.example") })
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
