package fiberadapter_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/valyala/fasthttp"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/fiberadapter"
)

// pathCtx is a fasthttp.RequestCtx for a GET of uri from origin.
func pathCtx(uri, origin string) *fasthttp.RequestCtx {
	var req fasthttp.Request
	req.Header.SetMethod(http.MethodGet)
	req.SetRequestURI(uri)
	req.Header.SetHost("api.example.com")
	req.Header.Set("Origin", origin)
	ctx := new(fasthttp.RequestCtx)
	ctx.Init(&req, nil, nil)
	return ctx
}

// sharedApps are two apps that read paths differently sharing one
// middleware: the plain one routes on "/%2570ublic/x" as sent, the other
// (UnescapePath) on "/%70ublic/x". Both serve it outside the closed area
// "/public", and the base grants it; read with the other app's setting,
// the second app's path would be decoded twice, to "/public/x", and
// refused.
func sharedApps(mw fiber.Handler) (plain, unescape fasthttp.RequestHandler) {
	build := func(config fiber.Config) fasthttp.RequestHandler {
		app := fiber.New(config)
		app.Use(mw)
		app.Get("/public/*", text("public"))
		app.Get("/*", text("other"))
		return app.Handler()
	}
	return build(fiber.Config{}), build(fiber.Config{UnescapePath: true})
}

// sharedConfig closes "/public" and grants the rest to the blog.
func sharedConfig() core.Config {
	return core.Config{
		AllowedOrigins:   []string{blogOrigin},
		AllowCredentials: true,
		Paths:            []core.PathRule{{Prefix: "/public", Config: core.Config{}}},
	}
}

// TestMiddlewareSharedByApps: one middleware serving two apps concurrently
// gives each request its own app's reading of the path, never the other's.
func TestMiddlewareSharedByApps(t *testing.T) {
	plain, unescape := sharedApps(fiberadapter.New(sharedConfig()))
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				h, name := plain, "plain"
				if (g+i)%2 == 1 {
					h, name = unescape, "UnescapePath"
				}
				ctx := pathCtx("/%2570ublic/x", blogOrigin)
				h(ctx)
				if got := string(ctx.Response.Header.Peek("Access-Control-Allow-Origin")); got != blogOrigin || string(ctx.Response.Body()) != "other" {
					t.Errorf("%s app: Access-Control-Allow-Origin %q, want %q (body %q)", name, got, blogOrigin, ctx.Response.Body())
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestMiddlewareSharedByAppsAllocatesNothing: alternating between the apps
// costs the middleware no allocation once it has seen each.
func TestMiddlewareSharedByAppsAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	allocs := map[string]float64{}
	for name, mw := range map[string]fiber.Handler{
		"noop": func(c fiber.Ctx) error { return c.Next() },
		"cors": fiberadapter.New(sharedConfig()),
	} {
		plain, unescape := sharedApps(mw)
		a, b := pathCtx("/%2570ublic/x", blogOrigin), pathCtx("/%2570ublic/x", blogOrigin)
		allocs[name] = testing.AllocsPerRun(200, func() {
			a.Response.Reset()
			b.Response.Reset()
			plain(a)
			unescape(b)
		})
	}
	if allocs["cors"] > allocs["noop"] {
		t.Errorf("allocations per pair of requests: %v", allocs)
	}
}
