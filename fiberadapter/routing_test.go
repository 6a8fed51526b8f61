package fiberadapter_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

const (
	blogOrigin  = corstest.BlogOrigin
	adminOrigin = corstest.AdminOrigin
)

// routedApp is an app configured by config serving corstest.RoutedAreas
// as corstest.AssertRoutedAreas expects.
func routedApp(config fiber.Config) *fiber.App {
	app := fiber.New(config)
	app.Use(fiberadapter.New(corstest.RoutedAreas()))
	app.Get("/admin/users", text("admin"))
	app.Get("/internal/secrets", text("internal"))
	app.Get("/reports", text("reports"))
	app.Get("/exports/", text("exports"))
	app.Get("/blog/*", text("blog"))
	return app
}

// serveURI sends a request for uri as it is, escapes the client chose
// included, over Fiber's test connection.
func serveURI(t *testing.T, app *fiber.App, uri string, kv ...string) response {
	t.Helper()
	r, err := http.NewRequest(http.MethodGet, "http://example.com/", nil)
	require.NoError(t, err)
	r.URL = &url.URL{Scheme: "http", Host: "example.com", Opaque: uri}
	r.RequestURI = ""
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

// With Fiber's defaults (CaseSensitive and StrictRouting unset), the
// admin, internal, report and export handlers serve other cases of their
// paths and paths with or without trailing slashes; none of these answers
// grants the blog anything, and the paths as written keep their grants.
func TestFiberDefaultsCaseAndTrailingSlash(t *testing.T) {
	app := routedApp(fiber.Config{})
	reached := corstest.AssertRoutedAreas(t, fiberServer{t, app})
	for path, body := range map[string]string{
		"/ADMIN/users":       "admin",
		"/Admin/Users":       "admin",
		"/admin/users/":      "admin",
		"/ADMIN/USERS//":     "admin",
		"/INTERNAL/secrets":  "internal",
		"/internal/SECRETS/": "internal",
		"/reports/":          "reports",
		"/REPORTS":           "reports",
		"/Reports//":         "reports",
		"/exports":           "exports",
	} {
		assert.Equal(t, body, reached[path], "%s: the handler Fiber chose", path)
	}
	// Over the wire too, and for a path with a trailing slash the base
	// grants.
	for _, c := range []struct{ path, origin, body string }{
		{"/admin/users", adminOrigin, "admin"},
		{"/blog/Posts/Hello", blogOrigin, "blog"},
		{"/blog/posts/", blogOrigin, "blog"},
	} {
		w := serveURI(t, app, c.path, "Origin", c.origin)
		assert.Equal(t, c.body, w.Body, "%s", c.path)
		assert.Equal(t, c.origin, w.Header.Get("Access-Control-Allow-Origin"), "%s from %s", c.path, c.origin)
		assert.Equal(t, "true", w.Header.Get("Access-Control-Allow-Credentials"), "%s from %s", c.path, c.origin)
	}
	w := serveURI(t, app, "/ADMIN/users", "Origin", blogOrigin)
	assert.Equal(t, "admin", w.Body)
	assert.Empty(t, w.Header.Get("Access-Control-Allow-Origin"))
	assert.Empty(t, w.Header.Get("Vary"), "a path CORS is not enabled for")
}

// With StrictRouting and CaseSensitive, "/reports/" and "/ADMIN/users"
// reach no handler; the rule `^/exports/` decides "/exports/x" but not
// "/exports/", which a router ignoring the slash would serve as
// "/exports": the policy reads every path so, whatever the router.
func TestFiberStrictRouting(t *testing.T) {
	app := routedApp(fiber.Config{StrictRouting: true, CaseSensitive: true})
	corstest.AssertRoutedAreas(t, fiberServer{t, app})
	w := serveURI(t, app, "/exports/", "Origin", adminOrigin)
	assert.Equal(t, "exports", w.Body)
	assert.Empty(t, w.Header.Get("Access-Control-Allow-Origin"))
	w = serveURI(t, app, "/reports/", "Origin", blogOrigin)
	assert.Equal(t, http.StatusNotFound, w.Code, "a path of its own")
	w = serveURI(t, app, "/ADMIN/users", "Origin", blogOrigin)
	assert.Equal(t, http.StatusNotFound, w.Code, "a path of its own")
	assert.Empty(t, w.Header.Get("Access-Control-Allow-Origin"), "other cases are closed whatever the router")

	// Under the defaults, the same rule cannot tell "/exports/" from
	// "/exports", which Fiber serves alike: neither is granted.
	loose := routedApp(fiber.Config{})
	for _, p := range []string{"/exports/", "/exports"} {
		w := serveURI(t, loose, p, "Origin", adminOrigin)
		assert.Equal(t, "exports", w.Body, "%s", p)
		assert.Empty(t, w.Header.Get("Access-Control-Allow-Origin"), "%s", p)
	}
}

// A hook reads the path Fiber routed and the policy read, not fasthttp's
// normalised one: "/admin/..%2Fpublic%2Fx%zz" (an invalid escape net/url
// refuses, which browsers send as it is) is served by the admin route, and
// a hook granting "/public/" must not see "/public/x%zz".
func TestHookSeesTheRoutedPath(t *testing.T) {
	for _, unescape := range []bool{false, true} {
		t.Run(map[bool]string{false: "default", true: "UnescapePath"}[unescape], func(t *testing.T) {
			hookSeesTheRoutedPath(t, fiber.Config{UnescapePath: unescape})
		})
	}
}

func hookSeesTheRoutedPath(t *testing.T, config fiber.Config) {
	var mu sync.Mutex
	var seen []string
	app := fiber.New(config)
	app.Use(fiberadapter.New(core.Config{
		AllowCredentials: true,
		CheckRequest: []func(*http.Request) bool{func(r *http.Request) bool {
			mu.Lock()
			seen = append(seen, r.URL.Path)
			mu.Unlock()
			return strings.HasPrefix(r.URL.Path, "/public/")
		}},
	}))
	app.Get("/admin/*", text("admin"))
	app.Get("/public/*", text("public"))
	for _, c := range []struct {
		uri, body string
		granted   bool
	}{
		{"/admin/..%2Fpublic%2Fx%zz", "admin", false},
		{"/admin/..%2fpublic%2fx%zz", "admin", false},
		{"/admin/%2e%2e%2Fpublic%2Fx%zz", "admin", false},
		{"/admin/..%2Fpublic%2Fx%", "admin", false},
		{"/admin/..%2Fpublic/x%zz", "admin", false},
		{"/admin/..%2Fpublic%2Fx", "admin", false},
		{"/admin/x%zz?next=/public/", "admin", false},
		{"/public/x%zz", "public", true},
		{"/public/x", "public", true},
	} {
		seen = nil
		w := serveURI(t, app, c.uri, "Origin", adminOrigin)
		assert.Equal(t, c.body, w.Body, "%s: the route Fiber chose", c.uri)
		if c.granted {
			assert.Equal(t, adminOrigin, w.Header.Get("Access-Control-Allow-Origin"), "%s (hook saw %q)", c.uri, seen)
			assert.Equal(t, "true", w.Header.Get("Access-Control-Allow-Credentials"), "%s", c.uri)
		} else {
			assert.Empty(t, w.Header.Get("Access-Control-Allow-Origin"), "%s (hook saw %q)", c.uri, seen)
			assert.Empty(t, w.Header.Get("Access-Control-Allow-Credentials"), "%s", c.uri)
		}
		require.Len(t, seen, 1, "%s: hook calls", c.uri)
		assert.False(t, strings.HasPrefix(seen[0], "/public/") && c.body == "admin", "%s: the hook saw %q", c.uri, seen[0])
	}
}
