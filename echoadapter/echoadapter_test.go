package echoadapter_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/echoadapter"
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
	return func(c echo.Context) error { return c.String(http.StatusOK, body) }
}

// registrations are the two ways to register global middleware: e.Use,
// which runs after routing around whatever Echo found, its 404 and 405
// handlers and its automatic OPTIONS answer included, and e.Pre, which
// runs before routing.
var registrations = map[string]func(*echo.Echo, ...echo.MiddlewareFunc){
	"Use": (*echo.Echo).Use,
	"Pre": (*echo.Echo).Pre,
}

// newStack builds the kit's application: the layers registered by
// register, then the routes.
func newStack(register func(*echo.Echo, ...echo.MiddlewareFunc)) corstest.NewStack {
	return func(t *testing.T, cfg core.Config, layers []corstest.Layer, routes []corstest.Route) http.Handler {
		e := echo.New()
		e.Logger.SetOutput(io.Discard)
		for _, l := range layers {
			switch l {
			case corstest.CORS:
				register(e, echoadapter.New(cfg))
			case corstest.Recovery:
				register(e, middleware.RecoverWithConfig(middleware.RecoverConfig{DisablePrintStack: true}))
			case corstest.Authentication:
				register(e, func(next echo.HandlerFunc) echo.HandlerFunc {
					return func(c echo.Context) error {
						if c.Request().Header.Get("Authorization") == "" {
							return echo.ErrUnauthorized
						}
						return next(c)
					}
				})
			}
		}
		for _, r := range routes {
			e.Add(r.Method, r.Path, echo.WrapHandler(r.Handler))
		}
		return e
	}
}

// Whether registered by e.Use or e.Pre, every preflight reaches the
// middleware, with or without an OPTIONS route; the middleware writes its
// headers before calling next and returns next's error untouched, so the
// answers Echo's error handler writes, for a panic recovered or a refused
// authentication, keep them.
func TestMiddlewareOrder(t *testing.T) {
	for name, register := range registrations {
		t.Run(name, func(t *testing.T) { corstest.RunMiddlewareOrder(t, newStack(register)) })
	}
}

// Echo's own answers carry the headers: its 405, and its automatic answer
// to an OPTIONS request that is no preflight, with the headers of an
// actual request; a preflight is never given that automatic answer.
func TestEchoAnswersKeepHeaders(t *testing.T) {
	for name, register := range registrations {
		t.Run(name, func(t *testing.T) {
			e := echo.New()
			register(e, echoadapter.New(cfg))
			e.PUT("/items/:id", text("put"))

			for _, path := range []string{"/items/1", "/unknown", "/"} {
				assertPreflightGranted(t, preflight(t, e, path))
			}

			w := get(t, e, http.MethodDelete, "/items/1")
			assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
			corstest.AssertGranted(t, w, origin)

			w = get(t, e, http.MethodOptions, "/items/1")
			assert.Equal(t, http.StatusNoContent, w.Code)
			assert.Equal(t, "OPTIONS, PUT", w.Header().Get("Allow"))
			corstest.AssertGranted(t, w, origin)
			assert.Empty(t, w.Header().Get("Access-Control-Allow-Methods"))
		})
	}
}

// The middleware writes its headers before calling next and returns next's
// error untouched, so the response Echo's HTTPErrorHandler writes for it
// keeps them.
func TestHandlerErrorsKeepHeaders(t *testing.T) {
	e := echo.New()
	e.Use(echoadapter.New(cfg))
	e.GET("/teapot", func(c echo.Context) error { return echo.NewHTTPError(http.StatusTeapot, "short and stout") })
	e.GET("/plain", func(c echo.Context) error { return errors.New("database on fire") })

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
func TestCustomErrorHandlerSeesTheErrorAndKeepsTheHeaders(t *testing.T) {
	e := echo.New()
	var seen error
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		seen = err
		_ = c.String(http.StatusBadGateway, "upstream")
	}
	e.Use(echoadapter.New(cfg))
	sentinel := errors.New("sentinel")
	e.GET("/fail", func(c echo.Context) error { return sentinel })

	w := get(t, e, http.MethodGet, "/fail")
	assert.Same(t, sentinel, seen)
	assert.Equal(t, http.StatusBadGateway, w.Code)
	corstest.AssertGranted(t, w, origin)
}

// Group middleware in Echo v4: Group.Use (and e.Group with middleware)
// registers a catch-all RouteNotFound route under the group's prefix that
// carries the group's middleware, and Echo's router prefers it to its
// automatic OPTIONS answer. So group middleware does see preflights for the
// group's routes and unknown paths under its prefix. What does not work is
// middleware given to a single route, and group middleware added after the
// routes.
func TestGroupMiddlewareSeesPreflightsUnderItsPrefix(t *testing.T) {
	t.Run("group middleware sees preflights", func(t *testing.T) {
		e := echo.New()
		g := e.Group("/api", echoadapter.New(cfg))
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
		e.PUT("/items/:id", text("put"), echoadapter.New(cfg))

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
		g.Use(echoadapter.New(cfg))

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
		e.Use(echoadapter.New(core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true, URLsRegex: `^/api/`}))
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
		e.Use(echoadapter.FromPolicy(src))
		e.GET("/items", echo.WrapHandler(app))
		return e
	})
}

func TestNewPanicsOnInvalidConfig(t *testing.T) {
	assert.PanicsWithError(t, `corsheaders: AllowedOrigins[0] "https://app.example.com/": an origin has no trailing slash; write "https://app.example.com"`, func() {
		echoadapter.New(core.Config{AllowedOrigins: []string{origin + "/"}})
	})
	assert.Panics(t, func() { echoadapter.FromPolicy(nil) })
	assert.Panics(t, func() { echoadapter.FromPolicy((*core.Policy)(nil)) })
}
