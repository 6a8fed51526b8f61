package fiberadapter_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/adaptor"
	"github.com/gofiber/fiber/v3/middleware/recover"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

const origin = "https://app.example.com"

var cfg = core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true}

// response is what app.Test returned, body read.
type response struct {
	Code   int
	Header http.Header
	Body   string
}

// serve sends one request to app over Fiber's test connection, a real
// fasthttp server; kv lists header names and values in pairs.
func serve(t *testing.T, app *fiber.App, method, path string, kv ...string) response {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(kv); i += 2 {
		r.Header.Set(kv[i], kv[i+1])
	}
	res, err := app.Test(r)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return response{res.StatusCode, res.Header, string(body)}
}

func preflight(t *testing.T, app *fiber.App, path string) response {
	t.Helper()
	return serve(t, app, http.MethodOptions, path, "Origin", origin, "Access-Control-Request-Method", http.MethodPut)
}

func get(t *testing.T, app *fiber.App, method, path string) response {
	t.Helper()
	return serve(t, app, method, path, "Origin", origin)
}

func assertGranted(t *testing.T, w response) {
	t.Helper()
	assert.Equal(t, origin, w.Header.Get("Access-Control-Allow-Origin"), "Access-Control-Allow-Origin")
	assert.Equal(t, "true", w.Header.Get("Access-Control-Allow-Credentials"), "Access-Control-Allow-Credentials")
	if w.Header.Get("Access-Control-Allow-Methods") == "" { // a preflight's answer carries no Vary
		assert.Contains(t, w.Header.Get("Vary"), "Origin", "Vary")
	}
}

// assertPreflightGranted checks that w is the middleware's own answer to
// an accepted preflight.
func assertPreflightGranted(t *testing.T, w response) {
	t.Helper()
	assert.Equal(t, http.StatusNoContent, w.Code, "status")
	assert.Empty(t, w.Body, "body")
	assertGranted(t, w)
	assert.Equal(t, "DELETE, GET, OPTIONS, PATCH, POST, PUT", w.Header.Get("Access-Control-Allow-Methods"))
	assert.Empty(t, w.Header.Get("Allow"), "Fiber's 405 answer")
}

func assertNoGrant(t *testing.T, w response) {
	t.Helper()
	assert.Empty(t, w.Header.Get("Access-Control-Allow-Origin"), "Access-Control-Allow-Origin")
	assert.Empty(t, w.Header.Get("Access-Control-Allow-Methods"), "Access-Control-Allow-Methods")
}

func text(body string) fiber.Handler {
	return func(c fiber.Ctx) error { return c.SendString(body) }
}

// newStack builds the kit's application: the layers by app.Use, then the
// routes, served as Fiber's server serves them (fiberServer).
func newStack(t *testing.T, cfg core.Config, layers []corstest.Layer, routes []corstest.Route) http.Handler {
	app := fiber.New()
	for _, l := range layers {
		switch l {
		case corstest.CORS:
			app.Use(fiberadapter.New(cfg))
		case corstest.Recovery:
			app.Use(recover.New())
		case corstest.Authentication:
			app.Use(func(c fiber.Ctx) error {
				if c.Get("Authorization") == "" {
					return fiber.ErrUnauthorized
				}
				return c.Next()
			})
		}
	}
	for _, r := range routes {
		app.Add([]string{r.Method}, r.Path, adaptor.HTTPHandler(r.Handler))
	}
	return fiberServer{t, app}
}

// app.Use middleware runs for every method and path, before Fiber decides
// that no route matches: every preflight reaches the middleware, with or
// without an OPTIONS route; the middleware writes its headers before
// calling c.Next and returns the error untouched, so the answers Fiber's
// ErrorHandler writes after the chain returns, for a panic recovered or a
// refused authentication, keep them.
func TestMiddlewareOrder(t *testing.T) {
	corstest.RunMiddlewareOrder(t, newStack)
}

// Fiber's own answers carry the headers: its 405, also to an OPTIONS
// request that is no preflight, as Fiber has no automatic OPTIONS answer;
// a preflight is never given that 405.
func TestFiberAnswersKeepHeaders(t *testing.T) {
	app := fiber.New()
	app.Use(fiberadapter.New(cfg))
	app.Put("/items/:id", text("put"))

	for _, path := range []string{"/items/1", "/unknown", "/"} {
		assertPreflightGranted(t, preflight(t, app, path))
	}

	w := get(t, app, http.MethodDelete, "/items/1")
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
	assert.Equal(t, "PUT", w.Header.Get("Allow"))
	assertGranted(t, w)

	w = get(t, app, http.MethodOptions, "/items/1")
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
	assertGranted(t, w)
	assert.Empty(t, w.Header.Get("Access-Control-Allow-Methods"))
}

// The middleware writes its headers before calling c.Next and returns the
// error untouched, so the response Fiber's ErrorHandler writes for it keeps
// them, and a custom ErrorHandler sees the handler's own error.
func TestHandlerErrorsKeepHeaders(t *testing.T) {
	var seen error
	sentinel := errors.New("database on fire")
	for name, handler := range map[string]fiber.ErrorHandler{
		"default": nil,
		"custom": func(c fiber.Ctx, err error) error {
			seen = err
			return c.Status(http.StatusBadGateway).SendString("upstream")
		},
	} {
		t.Run(name, func(t *testing.T) {
			app := fiber.New(fiber.Config{ErrorHandler: handler})
			app.Use(fiberadapter.New(cfg))
			app.Get("/teapot", func(c fiber.Ctx) error { return fiber.NewError(http.StatusTeapot, "short and stout") })
			app.Get("/plain", func(c fiber.Ctx) error { return sentinel })

			w := get(t, app, http.MethodGet, "/teapot")
			assertGranted(t, w)
			assert.Equal(t, []string{"Origin"}, w.Header.Values("Vary"))
			w2 := get(t, app, http.MethodGet, "/plain")
			assertGranted(t, w2)
			if handler == nil {
				assert.Equal(t, http.StatusTeapot, w.Code)
				assert.Equal(t, "short and stout", w.Body)
				assert.Equal(t, http.StatusInternalServerError, w2.Code)
				return
			}
			assert.Equal(t, http.StatusBadGateway, w2.Code)
			assert.Same(t, sentinel, seen)
		})
	}
}

// A hook takes an *http.Request, converted from fasthttp's request when it
// is about to run: it reads the method, the path, the header lines and,
// through its Context, Fiber's locals set by earlier middleware.
func TestHookReadsTheConvertedRequest(t *testing.T) {
	var seen struct {
		method, path, origin, tenant string
		local                        any
	}
	app := fiber.New()
	app.Use(func(c fiber.Ctx) error {
		c.Locals("tenant", "acme")
		return c.Next()
	})
	app.Use(fiberadapter.New(core.Config{
		AllowedOrigins: []string{origin},
		CheckRequest: []func(*http.Request) bool{func(r *http.Request) bool {
			seen.method, seen.path = r.Method, r.URL.Path
			seen.origin, seen.tenant = r.Header.Get("Origin"), r.Header.Get("X-Tenant")
			seen.local = r.Context().Value("tenant")
			return r.Header.Get("X-Tenant") == "acme"
		}},
	}))
	app.Get("/items", text("items"))

	r := httptest.NewRequest(http.MethodGet, "/items?page=2", nil)
	r.Header.Set("Origin", "https://acme.example")
	r.Header.Add("X-Tenant", "nobody")
	r.Header.Add("X-Tenant", "acme") // a header on two lines reaches the hook as its last line
	res, err := app.Test(r)
	require.NoError(t, err)
	w := response{Code: res.StatusCode, Header: res.Header}
	assert.Equal(t, "https://acme.example", w.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, http.MethodGet, seen.method)
	assert.Equal(t, "/items", seen.path)
	assert.Equal(t, "https://acme.example", seen.origin)
	assert.Equal(t, "acme", seen.tenant)
	assert.Equal(t, "acme", seen.local)

	seen.method = ""
	w = get(t, app, http.MethodGet, "/items")
	assert.Equal(t, origin, w.Header.Get("Access-Control-Allow-Origin"))
	assert.Empty(t, seen.method, "the configuration allows the origin: the hook did not run")
}

// Fiber matches middleware and routes in the order they are registered,
// and a group's middleware is an app.Use under the group's prefix: it runs
// for every method and path under the prefix, so it sees preflights, with
// no catch-all route as in Echo and no OPTIONS route as in Gin.
func TestGroupMiddlewareSeesPreflightsUnderItsPrefix(t *testing.T) {
	t.Run("group middleware sees preflights", func(t *testing.T) {
		app := fiber.New()
		api := app.Group("/api", fiberadapter.New(cfg))
		api.Put("/items/:id", text("put"))

		for _, path := range []string{"/api/items/1", "/api/unknown", "/api"} {
			assertPreflightGranted(t, preflight(t, app, path))
		}
		assertGranted(t, get(t, app, http.MethodPut, "/api/items/1"))
		w := get(t, app, http.MethodDelete, "/api/items/1")
		assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
		assertGranted(t, w)

		// Outside the group there is no CORS.
		w = preflight(t, app, "/elsewhere")
		assert.Equal(t, http.StatusNotFound, w.Code)
		assertNoGrant(t, w)
	})
	t.Run("group.Use works as well", func(t *testing.T) {
		app := fiber.New()
		api := app.Group("/api")
		api.Use(fiberadapter.New(cfg))
		api.Put("/items/:id", text("put"))
		assertPreflightGranted(t, preflight(t, app, "/api/items/1"))
		assertGranted(t, get(t, app, http.MethodPut, "/api/items/1"))
	})
	t.Run("route middleware misses preflights", func(t *testing.T) {
		app := fiber.New()
		app.Put("/items/:id", fiberadapter.New(cfg), text("put"))

		w := preflight(t, app, "/items/1")
		assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
		assertNoGrant(t, w)
		assertGranted(t, get(t, app, http.MethodPut, "/items/1"))
	})
	t.Run("middleware registered after the routes misses them", func(t *testing.T) {
		app := fiber.New()
		app.Put("/items/:id", text("put"))
		app.Use(fiberadapter.New(cfg))

		// The route answers first and never calls c.Next; the preflight,
		// which matches no route, still reaches the middleware, so the
		// browser is told yes and then refuses the actual answer.
		assertPreflightGranted(t, preflight(t, app, "/items/1"))
		w := get(t, app, http.MethodPut, "/items/1")
		assert.Equal(t, "put", w.Body)
		assertNoGrant(t, w)
	})
	t.Run("app.Use limited to the group's paths by URLsRegex", func(t *testing.T) {
		app := fiber.New()
		app.Use(fiberadapter.New(core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true, URLsRegex: `^/api/`}))
		app.Put("/api/items/:id", text("put"))
		app.Get("/public", text("public"))

		assertPreflightGranted(t, preflight(t, app, "/api/items/1"))
		assertGranted(t, get(t, app, http.MethodPut, "/api/items/1"))
		w := get(t, app, http.MethodGet, "/public")
		assert.Equal(t, "public", w.Body)
		assertNoGrant(t, w)
	})
}

// Fiber answers a method it does not know (outside Config.RequestMethods)
// with 501 before any handler runs, so without CORS headers; listing the
// method makes it reach the middleware and the application.
func TestCustomMethodReachesTheMiddlewareOnlyWhenFiberKnowsIt(t *testing.T) {
	star := core.Config{AllowedOrigins: []string{origin}, AllowMethods: []string{"*"}}
	for _, known := range []bool{false, true} {
		conf := fiber.Config{}
		if known {
			conf.RequestMethods = append(fiber.DefaultMethods[:len(fiber.DefaultMethods):len(fiber.DefaultMethods)], "PURGE")
		}
		app := fiber.New(conf)
		app.Use(fiberadapter.New(star))
		app.Use(text("purged"))

		w := serve(t, app, http.MethodOptions, "/cache", "Origin", origin, "Access-Control-Request-Method", "PURGE")
		assert.Equal(t, http.StatusNoContent, w.Code, "the preflight is an OPTIONS")
		assert.Equal(t, "PURGE", w.Header.Get("Access-Control-Allow-Methods"))
		w = get(t, app, "PURGE", "/cache")
		if known {
			assert.Equal(t, "purged", w.Body)
			assert.Equal(t, origin, w.Header.Get("Access-Control-Allow-Origin"))
		} else {
			assert.Equal(t, http.StatusNotImplemented, w.Code)
			assertNoGrant(t, w)
		}
	}
}

// The Origin value reflected in Access-Control-Allow-Origin is copied into
// fasthttp's response header: it survives the request's buffers being
// reused by the next request on the same connection.
func TestReflectedOriginOutlivesTheRequest(t *testing.T) {
	app := fiber.New()
	app.Use(fiberadapter.New(core.Config{AllowedOrigins: []string{"https://a.example.com", "https://b.example.com"}}))
	app.Get("/items", text("items"))
	h := app.Handler()
	ctx := benchCtx(http.MethodGet, "Origin", "https://a.example.com")
	h(ctx)
	var saved = ctx.Response.Header.Peek("Access-Control-Allow-Origin")
	ctx.Request.Header.Set("Origin", "https://b.example.com")
	assert.Equal(t, "https://a.example.com", string(saved))
	ctx.Response.Reset()
	h(ctx)
	assert.Equal(t, "https://b.example.com", string(ctx.Response.Header.Peek("Access-Control-Allow-Origin")))
}

func TestNewPanicsOnInvalidConfig(t *testing.T) {
	assert.PanicsWithError(t, `corsheaders: AllowedOrigins[0] "https://app.example.com/": an origin has no trailing slash; write "https://app.example.com"`, func() {
		fiberadapter.New(core.Config{AllowedOrigins: []string{origin + "/"}})
	})
	assert.Panics(t, func() { fiberadapter.FromPolicy(nil) })
	assert.Panics(t, func() { fiberadapter.FromPolicy((*core.Policy)(nil)) })
}
