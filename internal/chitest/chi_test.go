package chitest_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestConformanceChi runs every corstest case through a chi router.
func TestConformanceChi(t *testing.T) {
	corstest.Run(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		r := chi.NewRouter()
		r.Use(chiadapter.New(cfg))
		r.Handle("/*", app)
		// chi routes only the standard methods; the application also
		// answers custom ones (e.g. "patch", "PURGE").
		r.MethodNotAllowed(app.ServeHTTP)
		r.NotFound(app.ServeHTTP)
		return r
	})
}

const origin = "https://app.example.com"

var cfg = core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true}

func preflight(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	return corstest.Serve(h, http.MethodOptions, path, "Origin", origin, "Access-Control-Request-Method", http.MethodPut)
}

func ok(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }
}

// newStack builds the kit's application: a chi router with the layers by
// r.Use (the recovery is chi's Recoverer), then the routes.
func newStack(t *testing.T, cfg core.Config, layers []corstest.Layer, routes []corstest.Route) http.Handler {
	r := chi.NewRouter()
	for _, l := range layers {
		switch l {
		case corstest.CORS:
			r.Use(chiadapter.New(cfg))
		case corstest.Recovery:
			r.Use(quietRecoverer)
		case corstest.Authentication:
			r.Use(func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Header.Get("Authorization") == "" {
						http.Error(w, "Unauthorized", http.StatusUnauthorized)
						return
					}
					next.ServeHTTP(w, r)
				})
			})
		}
	}
	for _, rt := range routes {
		r.Method(rt.Method, rt.Path, rt.Handler)
	}
	return r
}

// quietRecoverer is chi's Recoverer with its stack trace written to a log
// entry that discards it.
func quietRecoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = middleware.WithLogEntry(r, discardEntry{})
		middleware.Recoverer(next).ServeHTTP(w, r)
	})
}

type discardEntry struct{}

func (discardEntry) Write(int, int, http.Header, time.Duration, any) {}
func (discardEntry) Panic(any, []byte)                               {}

// chi runs r.Use middleware before it routes, so a preflight needs no
// OPTIONS route, and the answers of chi's Recoverer or of an
// authentication check after the middleware keep the headers.
func TestChiMiddlewareOrder(t *testing.T) {
	corstest.RunMiddlewareOrder(t, newStack)
}

// chi's 405 keeps the headers.
func TestChiMethodNotAllowedKeepsHeaders(t *testing.T) {
	r := chi.NewRouter()
	r.Use(chiadapter.New(cfg))
	r.Put("/items/{id}", ok("put"))
	w := corstest.Serve(r, http.MethodDelete, "/items/1", "Origin", origin)
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
	corstest.AssertGranted(t, w, origin)
}

// In a Group (which has no prefix of its own), chi runs the middleware only
// for matched routes; a preflight for a route without an OPTIONS handler
// gets chi's 405 without CORS headers. A router given to r.Mount (or made
// by r.Route) runs its middleware for every request under its prefix, so
// it sees the preflights; TestGroupMounting runs the group kit that way.
func TestChiGroupAndMount(t *testing.T) {
	t.Run("group middleware needs a matching route", func(t *testing.T) {
		r := chi.NewRouter()
		r.Group(func(g chi.Router) {
			g.Use(chiadapter.New(cfg))
			g.Put("/items/{id}", ok("put"))
		})
		w := preflight(t, r, "/items/1")
		assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
		assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
		w = corstest.Serve(r, http.MethodPut, "/items/1", "Origin", origin)
		assert.Equal(t, http.StatusOK, w.Code)
		corstest.AssertGranted(t, w, origin)
	})
	t.Run("top-level middleware covers a mounted router", func(t *testing.T) {
		api := chi.NewRouter()
		api.Put("/items/{id}", ok("put"))
		r := chi.NewRouter()
		r.Use(chiadapter.New(cfg))
		r.Mount("/api", api)
		w := preflight(t, r, "/api/items/1")
		assert.Equal(t, http.StatusNoContent, w.Code)
		corstest.AssertGranted(t, w, origin)
		w = corstest.Serve(r, http.MethodPut, "/api/items/1", "Origin", origin)
		assert.Equal(t, "put", w.Body.String())
		corstest.AssertGranted(t, w, origin)
	})
	t.Run("middleware on a mounted router sees its preflights", func(t *testing.T) {
		api := chi.NewRouter()
		api.Use(chiadapter.New(cfg))
		api.Put("/items/{id}", ok("put"))
		r := chi.NewRouter()
		r.Mount("/api", api)
		for _, path := range []string{"/api/items/1", "/api/unknown", "/api"} {
			w := preflight(t, r, path)
			assert.Equal(t, http.StatusNoContent, w.Code, path)
			corstest.AssertGranted(t, w, origin)
		}
		w := preflight(t, r, "/elsewhere")
		assert.Equal(t, http.StatusNotFound, w.Code)
		assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
	})
}
