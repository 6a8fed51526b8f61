package fiberadapter_test

import (
	"net"
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/adaptor"
	"github.com/valyala/fasthttp"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

// TestGuard runs the guard's cases through a fiber.App with the middleware
// registered by app.Use in front of routes for every method and path.
func TestGuard(t *testing.T) {
	corstest.RunGuard(t, func(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
		f := newApp()
		f.Use(fiberadapter.New(cfg))
		f.All("/*", adaptor.HTTPHandler(app))
		return fiberServer{t, f}
	})
}

// TestGuardReadsTheHostReceived: with TrustProxy and loopback proxies
// trusted, Fiber's c.Host() takes X-Forwarded-Host, which a page can set
// without a preflight; the guard reads the Host header as received, and
// refuses the rebound "rebind.evil.com" all the same.
func TestGuardReadsTheHostReceived(t *testing.T) {
	f := fiber.New(fiber.Config{TrustProxy: true, TrustProxyConfig: fiber.TrustProxyConfig{Loopback: true}})
	var hosts []string
	f.Use(func(c fiber.Ctx) error {
		hosts = append(hosts, c.Host())
		return c.Next()
	})
	f.Use(fiberadapter.New(core.Config{HostGuard: true, EnforceOrigin: true, AllowedOrigins: []string{"https://app.example.com"}}))
	ran := 0
	f.All("/*", func(c fiber.Ctx) error { ran++; return c.SendString("ran") })
	for _, c := range []struct {
		host, origin, site string
		status             int
	}{
		{"rebind.evil.com:8080", "http://rebind.evil.com:8080", "same-origin", http.StatusForbidden},
		{"localhost:8080", "http://localhost:8080", "same-origin", http.StatusOK},
		{"localhost:8080", "", "cross-site", http.StatusForbidden},
		{"localhost:8080", "", "none", http.StatusOK},
	} {
		var req fasthttp.Request
		req.Header.SetMethod(http.MethodPost)
		req.SetRequestURI("/mcp")
		req.Header.SetHost(c.host)
		req.Header.Set("X-Forwarded-Host", "localhost:8080")
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		req.Header.Set("Sec-Fetch-Site", c.site)
		var ctx fasthttp.RequestCtx
		ctx.Init(&req, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 50000}, nil)
		before := ran
		f.Handler()(&ctx)
		if got := ctx.Response.StatusCode(); got != c.status {
			t.Errorf("Host %q, Sec-Fetch-Site %q: status %d, want %d", c.host, c.site, got, c.status)
		}
		if (ran > before) != (c.status == http.StatusOK) {
			t.Errorf("Host %q, Sec-Fetch-Site %q: the application ran: %v", c.host, c.site, ran > before)
		}
	}
	if len(hosts) == 0 || hosts[0] != "localhost:8080" {
		t.Errorf("c.Host() was %q: the test no longer shows Fiber taking X-Forwarded-Host", hosts)
	}
}
