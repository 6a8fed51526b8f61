package fiberadapter_test

import (
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v3"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

// TestInPlaceWritesStayInTheResponse: fasthttp copies every value the
// middleware sets into the response's own buffers, so a Fiber handler, or a
// middleware in front once a preflight is answered, that overwrites a
// header's bytes in place (Peek returns fasthttp's buffer) changes its
// response only: the next requests get every header whole. (corstest's
// in-place cases reach Fiber through net/http's adaptor, whose header map
// holds copies; this test writes into fasthttp's own memory.)
func TestInPlaceWritesStayInTheResponse(t *testing.T) {
	names := []string{"Vary", "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers",
		"Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age"}
	rewriting := false
	rewrite := func(c fiber.Ctx) {
		if !rewriting {
			return
		}
		for _, name := range names {
			b := c.Response().Header.Peek(name)
			for i := range b {
				b[i] = 'x'
			}
		}
	}
	app := fiber.New()
	app.Use(func(c fiber.Ctx) error {
		err := c.Next()
		rewrite(c)
		return err
	})
	app.Use(fiberadapter.New(core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true, ExposeHeaders: []string{"X-Request-Id"}}))
	app.Get("/api/items/:id", func(c fiber.Ctx) error {
		rewrite(c)
		return c.SendStatus(http.StatusOK)
	})
	h := app.Handler()

	actual := []string{"Origin", origin}
	preflight := []string{"Origin", origin, "Access-Control-Request-Method", http.MethodPut}
	headers := func(method string, kv []string) map[string]string {
		ctx := benchCtx(method, kv...)
		h(ctx)
		got := map[string]string{}
		for _, name := range names {
			if v := ctx.Response.Header.Peek(name); v != nil {
				got[name] = string(v)
			}
		}
		return got
	}
	want := map[string]map[string]string{
		http.MethodGet:     headers(http.MethodGet, actual),
		http.MethodOptions: headers(http.MethodOptions, preflight),
	}
	if want[http.MethodGet]["Vary"] != "Origin" || want[http.MethodOptions]["Access-Control-Max-Age"] != "86400" {
		t.Fatalf("unexpected answers: %v", want)
	}
	rewriting = true
	if got := headers(http.MethodGet, actual); got["Vary"] != "xxxxxx" {
		t.Fatalf("the handler's in-place write did not reach the response: %v", got)
	}
	if got := headers(http.MethodOptions, preflight); got["Access-Control-Max-Age"] != "xxxxx" {
		t.Fatalf("the middleware's in-place write did not reach the answer: %v", got)
	}
	rewriting = false
	for method, kv := range map[string][]string{http.MethodGet: actual, http.MethodOptions: preflight} {
		got := headers(method, kv)
		for name, v := range want[method] {
			if got[name] != v {
				t.Errorf("%s after in-place writes: %s: %q, want %q", method, name, got[name], v)
			}
		}
	}
}
