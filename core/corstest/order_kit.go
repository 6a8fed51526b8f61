package corstest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// A Layer is one global middleware of the application [RunMiddlewareOrder]
// builds; the adapter's [NewStack] registers each in its framework's own
// way.
type Layer int

const (
	// CORS is the adapter's middleware, built from the Config the kit
	// gives.
	CORS Layer = iota + 1
	// Recovery is the framework's panic recovery (gin.Recovery, Echo's or
	// Fiber's recover middleware): a panic below it is answered with 500.
	Recovery
	// Authentication refuses every request without an Authorization
	// header with 401, before the application runs, the way the
	// framework's middleware refuse (aborting the chain, returning an
	// error); its answer's body contains "Unauthorized".
	Authentication
)

func (l Layer) String() string {
	switch l {
	case CORS:
		return "CORS"
	case Recovery:
		return "Recovery"
	case Authentication:
		return "Authentication"
	}
	return fmt.Sprintf("Layer(%d)", int(l))
}

// A Route is one route of the application [RunMiddlewareOrder] builds:
// the framework's router answers Method on the static Path with Handler.
type Route struct {
	Method, Path string
	Handler      http.Handler
}

// NewStack builds the server under test for [RunMiddlewareOrder]: an
// instance of the adapter's framework with layers registered as global
// middleware, in that order (CORS built from cfg), and then routes, and no
// other route.
type NewStack func(t *testing.T, cfg core.Config, layers []Layer, routes []Route) http.Handler

// orderOrigin is the origin [RunMiddlewareOrder]'s application trusts with
// credentials.
const orderOrigin = "https://app.example.com"

// RunMiddlewareOrder checks what an adapter's users see of where the
// middleware sits among the framework's own, as global middleware of an
// application trusting one origin with credentials:
//   - every preflight reaches the middleware and is answered by it (204, no
//     body, the allowed methods), for a path with a route of another
//     method, with no route at all, and for "/"; the framework's 404
//     carries the headers;
//   - a refused preflight is answered 403 with no body, no
//     Access-Control-Allow-* header and no Vary, and the application's
//     OPTIONS route does not run; an OPTIONS request that is no preflight
//     reaches that route, and its answer is granted;
//   - a panic below the framework's recovery is answered 500 with the
//     headers, whichever of the two middlewares comes first;
//   - a CheckRequest hook that panics is recovered only by a recovery placed
//     in front of the middleware;
//   - an authentication check placed after the middleware keeps the headers
//     on its 401 and lets preflights through; placed before it, it answers
//     preflights itself, without them, which browsers report as a CORS
//     error.
//
// Each check is a subtest, with a server of its own.
func RunMiddlewareOrder(t *testing.T, newStack NewStack) {
	t.Helper()
	cfg := core.Config{AllowedOrigins: []string{orderOrigin}, AllowCredentials: true}
	build := func(t *testing.T, cfg core.Config, layers []Layer, routes ...Route) http.Handler {
		t.Helper()
		srv := newStack(t, cfg, layers, routes)
		if srv == nil {
			t.Fatal("corstest: NewStack returned nil")
		}
		return srv
	}
	ask := func(h http.Handler, method, path string) *httptest.ResponseRecorder {
		return Serve(h, method, path, "Origin", orderOrigin)
	}
	askPreflight := func(h http.Handler, path string) *httptest.ResponseRecorder {
		return Serve(h, http.MethodOptions, path, "Origin", orderOrigin, "Access-Control-Request-Method", http.MethodPut)
	}
	cors := []Layer{CORS}

	t.Run("every preflight reaches the middleware", func(t *testing.T) {
		h := build(t, cfg, cors, Route{http.MethodPut, "/items/1", text("put")})
		for _, path := range []string{"/items/1", "/unknown", "/"} {
			assertPreflightAnswered(t, path, askPreflight(h, path))
		}
		w := ask(h, http.MethodPut, "/items/1")
		expect(t, "PUT /items/1: body", w.Body.String(), "put")
		AssertGranted(t, w, orderOrigin)
		w = ask(h, http.MethodGet, "/unknown")
		expect(t, "GET /unknown: status", w.Code, http.StatusNotFound)
		AssertGranted(t, w, orderOrigin)
	})

	t.Run("a refused preflight never reaches the application", func(t *testing.T) {
		ran := false
		h := build(t, cfg, cors, Route{http.MethodOptions, "/items", http.HandlerFunc(func(http.ResponseWriter, *http.Request) { ran = true })})
		w := Serve(h, http.MethodOptions, "/items", "Origin", "https://evil.example", "Access-Control-Request-Method", http.MethodPut)
		expect(t, "status", w.Code, http.StatusForbidden)
		expect(t, "body", w.Body.String(), "")
		assertNoGrant(t, w)
		expect(t, "Vary of a preflight's answer", strings.Join(w.Header().Values("Vary"), ", "), "")
		expect(t, "the application's OPTIONS route ran", ran, false)
	})

	t.Run("an OPTIONS request that is no preflight reaches the application", func(t *testing.T) {
		h := build(t, cfg, cors, Route{http.MethodOptions, "/items", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Allow", "GET, OPTIONS")
			w.WriteHeader(http.StatusOK)
		})})
		w := ask(h, http.MethodOptions, "/items")
		expect(t, "status", w.Code, http.StatusOK)
		expect(t, "Allow", w.Header().Get("Allow"), "GET, OPTIONS")
		AssertGranted(t, w, orderOrigin)
	})

	boom := Route{http.MethodGet, "/boom", http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })}
	for _, layers := range [][]Layer{{CORS, Recovery}, {Recovery, CORS}} {
		t.Run(fmt.Sprintf("a recovered panic keeps the headers under %v", layers), func(t *testing.T) {
			w := ask(build(t, cfg, layers, boom), http.MethodGet, "/boom")
			expect(t, "status", w.Code, http.StatusInternalServerError)
			AssertGranted(t, w, orderOrigin)
			expect(t, "Vary", strings.Join(w.Header().Values("Vary"), ", "), "Origin")
		})
	}

	t.Run("a hook's panic is recovered only in front of the middleware", func(t *testing.T) {
		hooked := core.Config{AllowedOrigins: []string{orderOrigin}, CheckRequest: []func(*http.Request) bool{
			func(*http.Request) bool { panic("hook") },
		}}
		items := Route{http.MethodGet, "/items", text("items")}
		// The hook runs for an origin the configuration does not allow.
		w := Serve(build(t, hooked, []Layer{Recovery, CORS}, items), http.MethodGet, "/items", "Origin", "https://other.example")
		expect(t, "status with the recovery in front", w.Code, http.StatusInternalServerError)
		behind := build(t, hooked, []Layer{CORS, Recovery}, items)
		v := panicValue(func() { Serve(behind, http.MethodGet, "/items", "Origin", "https://other.example") })
		expect(t, "panic with the recovery behind", v, any("hook"))
	})

	items := []Route{{http.MethodGet, "/items", text("items")}, {http.MethodPut, "/items", text("put")}}
	t.Run("authentication after the middleware keeps the headers", func(t *testing.T) {
		h := build(t, cfg, []Layer{CORS, Authentication}, items...)
		w := ask(h, http.MethodGet, "/items")
		expect(t, "status", w.Code, http.StatusUnauthorized)
		expect(t, "its body names the refusal", strings.Contains(w.Body.String(), "Unauthorized"), true)
		AssertGranted(t, w, orderOrigin)
		expect(t, "Vary", strings.Join(w.Header().Values("Vary"), ", "), "Origin")
		// Browsers send preflights without credentials: the middleware
		// answers them before the check runs.
		assertPreflightAnswered(t, "/items", askPreflight(h, "/items"))
	})
	t.Run("authentication before the middleware answers preflights without the headers", func(t *testing.T) {
		h := build(t, cfg, []Layer{Authentication, CORS}, items...)
		w := ask(h, http.MethodGet, "/items")
		expect(t, "status", w.Code, http.StatusUnauthorized)
		assertNoGrant(t, w)
		w = askPreflight(h, "/items")
		expect(t, "preflight status", w.Code, http.StatusUnauthorized)
		assertNoGrant(t, w)
	})
}

// assertPreflightAnswered reports unless w is the middleware's own answer
// to the accepted PUT preflight for path, under the default methods. (A
// framework may have set an Allow header before the middleware ran, as Gin
// does under HandleMethodNotAllowed: an adapter's own test tells the
// framework's automatic OPTIONS or 405 answer by it.)
func assertPreflightAnswered(t *testing.T, path string, w *httptest.ResponseRecorder) {
	t.Helper()
	expect(t, path+": preflight status", w.Code, http.StatusNoContent)
	expect(t, path+": preflight body", w.Body.String(), "")
	AssertGranted(t, w, orderOrigin)
	expect(t, path+": Access-Control-Allow-Methods", w.Header().Get("Access-Control-Allow-Methods"), "DELETE, GET, OPTIONS, PATCH, POST, PUT")
}

func assertNoGrant(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	for _, name := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Methods"} {
		if v := w.Header().Values(name); len(v) > 0 {
			t.Errorf("%s: %q, want none", name, v)
		}
	}
}

func expect[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %#v, want %#v", what, got, want)
	}
}

func text(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }
}

// panicValue is what f panics with; nil if it returns.
func panicValue(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}
