package fiberadapter_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/adaptor"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

// trustingApp is a Fiber app that trusts every peer as a proxy, so that
// c.Host() reads X-Forwarded-Host: the tenant must come from the Host
// header as received all the same.
func trustingApp() *fiber.App {
	return fiber.New(fiber.Config{
		TrustProxy:       true,
		TrustProxyConfig: fiber.TrustProxyConfig{Proxies: []string{"0.0.0.0/0", "::/0"}},
	})
}

// TestTenants: a Fiber app with the middleware built from a *core.Tenants
// decides each request with its tenant's policy.
func TestTenants(t *testing.T) {
	corstest.RunTenants(t, func(t *testing.T, src core.Source, app http.Handler) http.Handler {
		f := trustingApp()
		f.Use(fiberadapter.FromPolicy(src))
		f.Use(adaptor.HTTPHandler(app))
		return fiberServer{t, f}
	})
}

// The app of TestTenants does trust X-Forwarded-Host: c.Host() names the
// tenant a page chose, which is why the middleware never reads it.
func TestTenantsAppTrustsForwardedHost(t *testing.T) {
	f := trustingApp()
	f.Use(func(c fiber.Ctx) error { return c.SendString(c.Host()) })
	r := httptest.NewRequest(http.MethodGet, "/orders", nil)
	r.Host = "beta.api.example.test"
	r.Header.Set("X-Forwarded-Host", "acme.api.example.test")
	w := httptest.NewRecorder()
	fiberServer{t, f}.ServeHTTP(w, r)
	if got := w.Body.String(); got != "acme.api.example.test" {
		t.Fatalf("c.Host() = %q: the app does not trust X-Forwarded-Host, and the tenant cases prove nothing about it", got)
	}
}
