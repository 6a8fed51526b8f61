package echov5adapter_test

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echov5adapter"
)

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
// an accepted preflight, not Echo's automatic OPTIONS answer.
func assertPreflightGranted(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	assert.Equal(t, http.StatusNoContent, w.Code, "status")
	assert.Empty(t, w.Body.String(), "body")
	corstest.AssertGranted(t, w, origin)
	assert.Equal(t, "DELETE, GET, OPTIONS, PATCH, POST, PUT", w.Header().Get("Access-Control-Allow-Methods"))
	assert.Empty(t, w.Header().Get("Allow"), "Echo's automatic OPTIONS handler ran")
}

func assertNoGrant(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"), "Access-Control-Allow-Origin")
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Methods"), "Access-Control-Allow-Methods")
}

func text(body string) echo.HandlerFunc {
	return func(c *echo.Context) error { return c.String(http.StatusOK, body) }
}

// Echo routes first and then runs e.Use middleware around whatever it
// found, its 404 and 405 handlers and its automatic OPTIONS answer included;
// e.Pre middleware runs before routing. Either way every preflight reaches
// the middleware, with or without an OPTIONS route, and Echo's own error
// answers carry the headers.
func TestEveryPreflightReachesTheMiddleware(t *testing.T) {
	for name, register := range map[string]func(*echo.Echo, echo.MiddlewareFunc){
		"Use": func(e *echo.Echo, m echo.MiddlewareFunc) { e.Use(m) },
		"Pre": func(e *echo.Echo, m echo.MiddlewareFunc) { e.Pre(m) },
	} {
		t.Run(name, func(t *testing.T) {
			e := echo.New()
			register(e, echov5adapter.New(cfg))
			e.PUT("/items/:id", text("put"))

			for _, path := range []string{"/items/1", "/unknown", "/"} {
				assertPreflightGranted(t, preflight(t, e, path))
			}

			w := get(t, e, http.MethodPut, "/items/1")
			assert.Equal(t, "put", w.Body.String())
			corstest.AssertGranted(t, w, origin)

			w = get(t, e, http.MethodGet, "/unknown")
			assert.Equal(t, http.StatusNotFound, w.Code)
			corstest.AssertGranted(t, w, origin)

			w = get(t, e, http.MethodDelete, "/items/1")
			assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
			corstest.AssertGranted(t, w, origin)

			// An OPTIONS that is not a preflight gets Echo's automatic
			// answer, with the headers of an actual request.
			w = get(t, e, http.MethodOptions, "/items/1")
			assert.Equal(t, http.StatusNoContent, w.Code)
			assert.Equal(t, "OPTIONS, PUT", w.Header().Get("Allow"))
			corstest.AssertGranted(t, w, origin)
			assert.Empty(t, w.Header().Get("Access-Control-Allow-Methods"))
		})
	}
}

// A refused preflight is answered 403 with an empty body by the
// middleware, not by Echo's error handler nor by the application.
func TestRefusedPreflight(t *testing.T) {
	e := echo.New()
	e.Use(echov5adapter.New(cfg))
	ran := false
	e.OPTIONS("/items", func(c *echo.Context) error { ran = true; return nil })

	w := corstest.Serve(e, http.MethodOptions, "/items", "Origin", "https://evil.example", "Access-Control-Request-Method", http.MethodPut)
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Empty(t, w.Body.String())
	assertNoGrant(t, w)
	assert.False(t, ran, "the application's OPTIONS handler ran")
}

// An OPTIONS request that is not a preflight belongs to the application.
func TestApplicationOptionsRouteStillReachable(t *testing.T) {
	e := echo.New()
	e.Use(echov5adapter.New(cfg))
	e.OPTIONS("/items", func(c *echo.Context) error {
		c.Response().Header().Set("Allow", "GET, OPTIONS")
		return c.NoContent(http.StatusOK)
	})
	w := get(t, e, http.MethodOptions, "/items")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "GET, OPTIONS", w.Header().Get("Allow"))
	corstest.AssertGranted(t, w, origin)
}

// The middleware writes its headers before calling next and returns next's
// error untouched, so the response Echo's HTTPErrorHandler writes for it
// keeps them.
func TestHandlerErrorsKeepHeaders(t *testing.T) {
	e := echo.New()
	e.Use(echov5adapter.New(cfg))
	e.GET("/teapot", func(c *echo.Context) error { return echo.NewHTTPError(http.StatusTeapot, "short and stout") })
	e.GET("/plain", func(c *echo.Context) error { return errors.New("database on fire") })

	w := get(t, e, http.MethodGet, "/teapot")
	assert.Equal(t, http.StatusTeapot, w.Code)
	assert.JSONEq(t, `{"message":"short and stout"}`, w.Body.String())
	corstest.AssertGranted(t, w, origin)
	assert.Equal(t, "Origin", w.Header().Get("Vary"))

	w = get(t, e, http.MethodGet, "/plain")
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assert.JSONEq(t, `{"message":"Internal Server Error"}`, w.Body.String())
	corstest.AssertGranted(t, w, origin)
	assert.Equal(t, "Origin", w.Header().Get("Vary"))
}

// A custom HTTPErrorHandler sees the error the middleware passed on, and
// the headers already in place.
func TestCustomErrorHandler(t *testing.T) {
	e := echo.New()
	var seen error
	e.HTTPErrorHandler = func(c *echo.Context, err error) {
		seen = err
		_ = c.String(http.StatusBadGateway, "upstream")
	}
	e.Use(echov5adapter.New(cfg))
	sentinel := errors.New("sentinel")
	e.GET("/fail", func(c *echo.Context) error { return sentinel })

	w := get(t, e, http.MethodGet, "/fail")
	assert.Same(t, sentinel, seen)
	assert.Equal(t, http.StatusBadGateway, w.Code)
	corstest.AssertGranted(t, w, origin)
}

// A panicking handler's 500, written through Echo's error handler by
// middleware.Recover, keeps the headers in either order: the middleware
// wrote them before the handler ran.
func TestPanicUnderRecover(t *testing.T) {
	for name, first := range map[string]bool{"CORS first": true, "Recover first": false} {
		t.Run(name, func(t *testing.T) {
			e := echo.New()
			e.Logger = slog.New(slog.DiscardHandler)
			rec := middleware.RecoverWithConfig(middleware.RecoverConfig{DisablePrintStack: true})
			if first {
				e.Use(echov5adapter.New(cfg), rec)
			} else {
				e.Use(rec, echov5adapter.New(cfg))
			}
			e.GET("/boom", func(c *echo.Context) error { panic("boom") })

			w := get(t, e, http.MethodGet, "/boom")
			assert.Equal(t, http.StatusInternalServerError, w.Code)
			corstest.AssertGranted(t, w, origin)
		})
	}
}

// CheckRequest hooks run inside the middleware: only a recovery middleware
// placed in front of it recovers their panics.
func TestPanickingHook(t *testing.T) {
	hooked := core.Config{AllowedOrigins: []string{origin}, CheckRequest: []func(*http.Request) bool{
		func(*http.Request) bool { panic("hook") },
	}}
	rec := middleware.RecoverWithConfig(middleware.RecoverConfig{DisablePrintStack: true})
	e := echo.New()
	e.Logger = slog.New(slog.DiscardHandler)
	e.Use(rec, echov5adapter.New(hooked))
	e.GET("/items", text("items"))
	// The hook runs for an origin the configuration does not allow.
	w := corstest.Serve(e, http.MethodGet, "/items", "Origin", "https://other.example")
	assert.Equal(t, http.StatusInternalServerError, w.Code)

	e = echo.New()
	e.Use(echov5adapter.New(hooked), rec)
	e.GET("/items", text("items"))
	assert.PanicsWithValue(t, "hook", func() { corstest.Serve(e, http.MethodGet, "/items", "Origin", "https://other.example") })
}

// An authentication check placed before the middleware answers preflights
// itself (browsers send them without credentials), so the browser reports a
// CORS error instead of the 401. Placed after it, the 401 carries the
// headers and preflights pass.
func TestAuthenticationOrder(t *testing.T) {
	auth := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			if c.Request().Header.Get("Authorization") == "" {
				return echo.ErrUnauthorized
			}
			return next(c)
		}
	}
	e := echo.New()
	e.Use(echov5adapter.New(cfg), auth)
	e.GET("/items", text("items"))
	w := get(t, e, http.MethodGet, "/items")
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	corstest.AssertGranted(t, w, origin)
	assertPreflightGranted(t, preflight(t, e, "/items"))

	e = echo.New()
	e.Use(auth, echov5adapter.New(cfg))
	e.GET("/items", text("items"))
	w = get(t, e, http.MethodGet, "/items")
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assertNoGrant(t, w)
	w = preflight(t, e, "/items")
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assertNoGrant(t, w)
}

// Group middleware in Echo v5, as in v4: Group.Use (and e.Group with middleware)
// registers a catch-all RouteNotFound route under the group's prefix that
// carries the group's middleware, and Echo's router prefers it to its
// automatic OPTIONS answer. So group middleware does see preflights for the
// group's routes and unknown paths under its prefix. What does not work is
// middleware given to a single route, and group middleware added after the
// routes.
func TestGroupMiddleware(t *testing.T) {
	t.Run("group middleware sees preflights", func(t *testing.T) {
		e := echo.New()
		g := e.Group("/api", echov5adapter.New(cfg))
		g.PUT("/items/:id", text("put"))

		for _, path := range []string{"/api/items/1", "/api/unknown", "/api"} {
			assertPreflightGranted(t, preflight(t, e, path))
		}
		corstest.AssertGranted(t, get(t, e, http.MethodPut, "/api/items/1"), origin)

		// The catch-all turns Echo's 405 into a 404 for the group's routes;
		// that is Echo's doing, and the answer keeps the headers.
		w := get(t, e, http.MethodDelete, "/api/items/1")
		assert.Equal(t, http.StatusNotFound, w.Code)
		corstest.AssertGranted(t, w, origin)

		// Outside the group there is no CORS.
		w = preflight(t, e, "/elsewhere")
		assert.Equal(t, http.StatusNotFound, w.Code)
		assertNoGrant(t, w)
	})
	t.Run("route middleware misses preflights", func(t *testing.T) {
		e := echo.New()
		e.PUT("/items/:id", text("put"), echov5adapter.New(cfg))

		w := preflight(t, e, "/items/1")
		assert.Equal(t, http.StatusNoContent, w.Code)
		assert.Equal(t, "OPTIONS, PUT", w.Header().Get("Allow"), "Echo's automatic OPTIONS answer")
		assertNoGrant(t, w)
		corstest.AssertGranted(t, get(t, e, http.MethodPut, "/items/1"), origin)
	})
	t.Run("group middleware added after the routes misses them", func(t *testing.T) {
		e := echo.New()
		g := e.Group("/api")
		g.PUT("/items/:id", text("put"))
		g.Use(echov5adapter.New(cfg))

		// The preflight reaches the catch-all added by Use, but the
		// actual request goes to a route registered without the
		// middleware: the browser refuses its answer.
		assertPreflightGranted(t, preflight(t, e, "/api/items/1"))
		w := get(t, e, http.MethodPut, "/api/items/1")
		assert.Equal(t, "put", w.Body.String())
		assertNoGrant(t, w)
	})
	t.Run("e.Use limited to the group's paths by URLsRegex", func(t *testing.T) {
		e := echo.New()
		e.Use(echov5adapter.New(core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true, URLsRegex: `^/api/`}))
		g := e.Group("/api")
		g.PUT("/items/:id", text("put"))
		e.GET("/public", text("public"))

		assertPreflightGranted(t, preflight(t, e, "/api/items/1"))
		corstest.AssertGranted(t, get(t, e, http.MethodPut, "/api/items/1"), origin)
		w := get(t, e, http.MethodGet, "/public")
		assert.Equal(t, "public", w.Body.String())
		assertNoGrant(t, w)
	})
}

// FromPolicy reads the policy through its Source on every request: a
// core.Live reloaded with a new origin changes the answer of the same Echo
// instance and middleware.
func TestLiveReload(t *testing.T) {
	corstest.RunLiveReload(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		e := echo.New()
		e.Use(echov5adapter.FromPolicy(src))
		e.GET("/items", echo.WrapHandler(app))
		return e
	})
}

func TestNewPanicsOnInvalidConfig(t *testing.T) {
	assert.PanicsWithError(t, `corsheaders: AllowedOrigins[0] "https://app.example.com/": an origin has no trailing slash; write "https://app.example.com"`, func() {
		echov5adapter.New(core.Config{AllowedOrigins: []string{origin + "/"}})
	})
	assert.Panics(t, func() { echov5adapter.FromPolicy(nil) })
	assert.Panics(t, func() { echov5adapter.FromPolicy((*core.Policy)(nil)) })
}

// What changed for CORS between Echo v4 and v5, each claim of docs/echo.md
// checked against Echo v5.
func TestEchoV5Changes(t *testing.T) {
	t.Run("e.Use after the routes still wraps them", func(t *testing.T) {
		// v5 compiles the chain when e.Use is called, around whatever
		// the router finds, so the order of Use and routes does not matter.
		e := echo.New()
		e.PUT("/items/:id", text("put"))
		e.Use(echov5adapter.New(cfg))
		corstest.AssertGranted(t, get(t, e, http.MethodPut, "/items/1"), origin)
		assertPreflightGranted(t, preflight(t, e, "/items/1"))
	})
	t.Run("router errors are not *echo.HTTPError", func(t *testing.T) {
		// A v4-style error handler that only knows *echo.HTTPError turns
		// Echo v5's 404 and 405 into 500s; echo.StatusCode reads them.
		// Either way the answer keeps the CORS headers.
		e := echo.New()
		e.HTTPErrorHandler = func(c *echo.Context, err error) {
			code := http.StatusInternalServerError
			if he, ok := err.(*echo.HTTPError); ok {
				code = he.Code
			}
			_ = c.String(code, "v4 style")
		}
		e.Use(echov5adapter.New(cfg))
		e.PUT("/items/:id", text("put"))
		w := get(t, e, http.MethodGet, "/unknown")
		assert.Equal(t, http.StatusInternalServerError, w.Code)
		corstest.AssertGranted(t, w, origin)

		e.HTTPErrorHandler = func(c *echo.Context, err error) { _ = c.String(echo.StatusCode(err), "v5 style") }
		w = get(t, e, http.MethodGet, "/unknown")
		assert.Equal(t, http.StatusNotFound, w.Code)
		corstest.AssertGranted(t, w, origin)
		w = get(t, e, http.MethodDelete, "/items/1")
		assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
		assert.Equal(t, "OPTIONS, PUT", w.Header().Get("Allow"))
		corstest.AssertGranted(t, w, origin)
	})
	t.Run("Echo's own middleware.CORS leaves plain OPTIONS to the application", func(t *testing.T) {
		// Echo v4's middleware.CORS answered every OPTIONS itself; v5's
		// requires Origin and Access-Control-Request-Method, as core does.
		e := echo.New()
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{AllowOrigins: []string{origin}}))
		ran := false
		e.OPTIONS("/items", func(c *echo.Context) error { ran = true; return c.NoContent(http.StatusOK) })
		w := get(t, e, http.MethodOptions, "/items")
		assert.True(t, ran, "the application's OPTIONS route ran")
		assert.Equal(t, http.StatusOK, w.Code)
		ran = false
		w = preflight(t, e, "/items")
		assert.False(t, ran, "a preflight is answered by middleware.CORS")
		assert.Equal(t, http.StatusNoContent, w.Code)
	})
}
