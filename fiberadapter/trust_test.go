package fiberadapter_test

import (
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/adaptor"
	"github.com/stretchr/testify/assert"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

// TestCrossOriginProtection runs the trust kit every adapter runs: CORS
// and CSRF protection agree on every origin the policy trusts.
func TestCrossOriginProtection(t *testing.T) {
	corstest.RunCrossOriginProtection(t, func(t *testing.T, src core.Source, cop *core.CrossOriginProtection, app http.Handler) http.Handler {
		f := newApp()
		f.Use(fiberadapter.FromPolicy(src), fiberadapter.CrossOriginProtection(cop))
		f.All("/*", adaptor.HTTPHandler(app))
		return fiberServer{t, f}
	})
}

// A refusal sent over the wire is the standard library's answer, 403 with
// its text, and keeps the CORS middleware's Vary; the application never
// runs.
func TestCrossOriginProtectionRefusalOverTheWire(t *testing.T) {
	policy := core.MustPolicy(cfg)
	app := fiber.New()
	app.Use(fiberadapter.FromPolicy(policy), fiberadapter.CrossOriginProtection(core.NewCrossOriginProtection(policy)))
	ran := false
	app.Post("/transfer", func(c fiber.Ctx) error { ran = true; return c.SendString("done") })

	w := serve(t, app, http.MethodPost, "/transfer", "Origin", "https://evil.test", "Sec-Fetch-Site", "cross-site")
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Equal(t, "cross-origin request detected from Sec-Fetch-Site header\n", w.Body)
	assert.Equal(t, "text/plain; charset=utf-8", w.Header.Get("Content-Type"))
	assert.Equal(t, "nosniff", w.Header.Get("X-Content-Type-Options"))
	assert.Equal(t, []string{"Origin"}, w.Header.Values("Vary"))
	assertNoGrant(t, w)
	assert.False(t, ran, "the application ran")

	w = serve(t, app, http.MethodPost, "/transfer", "Origin", origin, "Sec-Fetch-Site", "cross-site")
	assert.Equal(t, "done", w.Body)
	assertGranted(t, w)
}

// The protection reads the path the CORS middleware reads, decoded as
// Fiber routes on it: an escaped path that a path rule would trust does
// not trust its origin for writes, and CORS and CSRF answer alike.
func TestCrossOriginProtectionReadsThePathCORSReads(t *testing.T) {
	const partner = "https://partner.example"
	policy := core.MustPolicy(core.Config{
		Paths: []core.PathRule{
			{Prefix: "/partner/", Config: core.Config{AllowedOrigins: []string{partner}, AllowCredentials: true}},
		},
		AllowedOrigins:   []string{origin},
		AllowCredentials: true,
	})
	for _, unescape := range []bool{false, true} {
		app := fiber.New(fiber.Config{UnescapePath: unescape})
		app.Use(fiberadapter.FromPolicy(policy), fiberadapter.CrossOriginProtection(core.NewCrossOriginProtection(policy)))
		app.Post("/partner/balance", text("partner"))
		app.Post("/:account/balance", text("account"))
		for _, c := range []struct {
			path, origin string
			trusted      bool
		}{
			{"/partner/balance", partner, true},
			{"/%70artner/balance", partner, false},
			{"/alice/balance", origin, true},
			{"/alice/balance", partner, false},
		} {
			w := serve(t, app, http.MethodPost, c.path, "Origin", c.origin, "Sec-Fetch-Site", "cross-site")
			granted := w.Header.Get("Access-Control-Allow-Origin") == c.origin
			assert.Equal(t, c.trusted, granted, "UnescapePath %v, %s from %s: CORS grant", unescape, c.path, c.origin)
			if c.trusted {
				assert.Equal(t, http.StatusOK, w.Code, "UnescapePath %v, %s from %s", unescape, c.path, c.origin)
			} else {
				assert.Equal(t, http.StatusForbidden, w.Code, "UnescapePath %v, %s from %s", unescape, c.path, c.origin)
			}
		}
	}
}

// A CheckRequest hook consulted by the protection reads Fiber's locals
// through the converted request's Context, as under the CORS middleware.
func TestCrossOriginProtectionHookReadsLocals(t *testing.T) {
	policy := core.MustPolicy(core.Config{
		AllowCredentials: true,
		CheckRequest: []func(*http.Request) bool{func(r *http.Request) bool {
			return r.Context().Value("tenant") == "acme"
		}},
	})
	for tenant, want := range map[string]int{"acme": http.StatusOK, "other": http.StatusForbidden} {
		app := fiber.New()
		app.Use(func(c fiber.Ctx) error { c.Locals("tenant", tenant); return c.Next() })
		app.Use(fiberadapter.FromPolicy(policy), fiberadapter.CrossOriginProtection(core.NewCrossOriginProtection(policy)))
		app.Delete("/items/1", text("deleted"))
		w := serve(t, app, http.MethodDelete, "/items/1", "Origin", "https://acme.example", "Sec-Fetch-Site", "cross-site")
		assert.Equal(t, want, w.Code, "tenant %s", tenant)
	}
}

// Safe methods pass without the request being converted: no allocation
// beyond what the application costs.
func TestCrossOriginProtectionSafeMethodsAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	policy := core.MustPolicy(cfg)
	allocs := map[string]float64{}
	for name, mw := range map[string]fiber.Handler{
		"noop": func(c fiber.Ctx) error { return c.Next() },
		"cop":  fiberadapter.CrossOriginProtection(core.NewCrossOriginProtection(policy)),
	} {
		app := fiber.New()
		app.Use(mw, text("items"))
		h := app.Handler()
		ctx := benchCtx(http.MethodGet, "Origin", "https://evil.test", "Sec-Fetch-Site", "cross-site")
		allocs[name] = testing.AllocsPerRun(200, func() {
			ctx.Response.Reset()
			h(ctx)
		})
	}
	if allocs["cop"] > allocs["noop"] {
		t.Errorf("allocations per GET: %v", allocs)
	}
}

func TestCrossOriginProtectionPanicsWithoutProtection(t *testing.T) {
	assert.Panics(t, func() { fiberadapter.CrossOriginProtection(nil) })
}
