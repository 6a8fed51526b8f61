package fiberadapter_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

// Under UnescapePath, Fiber decodes the path once and routes on that:
// "/%2570ublic/x" is served as "/%70ublic/x", outside "/public". The
// policy reads that path and the one the client escaped, never a path
// decoded twice: the base grants it, and a hook sees "/%70ublic/x".
func TestUnescapePathDecodesOnce(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	app := fiber.New(fiber.Config{UnescapePath: true})
	app.Use(fiberadapter.New(core.Config{
		AllowedOrigins:   []string{blogOrigin},
		AllowCredentials: true,
		Paths:            []core.PathRule{{Prefix: "/public", Config: core.Config{}}},
		CheckRequest: []func(*http.Request) bool{func(r *http.Request) bool {
			mu.Lock()
			seen = append(seen, r.URL.Path)
			mu.Unlock()
			return false
		}},
	}))
	app.Get("/public/*", text("public"))
	app.Get("/*", func(c fiber.Ctx) error { return c.SendString("other " + c.Path()) })
	for _, c := range []struct{ uri, body string }{
		{"/%2570ublic/x", "other /%70ublic/x"},
		{"/%2570ublic%252Fx", "other /%70ublic%2Fx"},
		{"/docs/100%2525", "other /docs/100%25"},
	} {
		w := serveURI(t, app, c.uri, "Origin", blogOrigin)
		assert.Equal(t, c.body, w.Body, "%s: the route Fiber chose", c.uri)
		assert.Equal(t, blogOrigin, w.Header.Get("Access-Control-Allow-Origin"), "%s: the base decides the path Fiber served", c.uri)
	}
	// A hook runs only for an origin the configuration does not list.
	seen = nil
	w := serveURI(t, app, "/%2570ublic/x", "Origin", adminOrigin)
	assert.Empty(t, w.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, []string{"/%70ublic/x"}, seen, "the path the hook saw")

	// The closed area stays closed however it is escaped.
	for _, uri := range []string{"/public/x", "/%70ublic/x", "/PUBLIC/x", "/%50ublic/x"} {
		w := serveURI(t, app, uri, "Origin", blogOrigin)
		assert.Equal(t, "public", w.Body, "%s: the route Fiber chose", uri)
		assert.Empty(t, w.Header.Get("Access-Control-Allow-Origin"), "%s", uri)
	}
}

// The admin/public attacks under UnescapePath: every path Fiber serves
// with the admin handler is denied to the blog, whether it reached it
// escaped, in another case, with dot segments or with a trailing slash;
// the paths as written keep their grants.
func TestUnescapePathAdminArea(t *testing.T) {
	for _, config := range []fiber.Config{{UnescapePath: true}, {UnescapePath: true, StrictRouting: true, CaseSensitive: true}} {
		app := fiber.New(config)
		app.Use(fiberadapter.New(corstest.RoutedAreas()))
		app.Get("/admin/*", text("admin"))
		app.Get("/public/*", text("public"))
		app.Get("/*", text("other"))
		for _, uri := range []string{
			"/%61dmin/users", "/%2561dmin/users", "/admin%2Fusers", "/ADMIN/users", "/%41DMIN/users",
			"/public/..%2Fadmin/users", "/public/%2e%2e/admin/users", "/public%2F..%2Fadmin/users",
			"/admin/users/", "/internal/secrets", "/%69nternal/secrets", "/reports/",
		} {
			w := serveURI(t, app, uri, "Origin", blogOrigin)
			if w.Body == "admin" || strings.Contains(uri, "nternal") || strings.HasPrefix(uri, "/reports") {
				assert.Empty(t, w.Header.Get("Access-Control-Allow-Origin"), "strict %v, %s: served by %q", config.StrictRouting, uri, w.Body)
				assert.Empty(t, w.Header.Get("Access-Control-Allow-Credentials"), "strict %v, %s", config.StrictRouting, uri)
			}
		}
		// Decoded once, "/%2561dmin/users" is "/%61dmin/users", which Fiber
		// serves outside the admin area: the base decides it.
		for _, c := range []struct{ uri, origin string }{{"/admin/users", adminOrigin}, {"/public/x", blogOrigin}, {"/blog/caf%C3%A9", blogOrigin}, {"/%2561dmin/users", blogOrigin}} {
			w := serveURI(t, app, c.uri, "Origin", c.origin)
			assert.Equal(t, c.origin, w.Header.Get("Access-Control-Allow-Origin"), "strict %v, %s", config.StrictRouting, c.uri)
			assert.Equal(t, "true", w.Header.Get("Access-Control-Allow-Credentials"), "strict %v, %s", config.StrictRouting, c.uri)
		}
	}
}
