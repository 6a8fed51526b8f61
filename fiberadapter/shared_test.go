package fiberadapter_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/valyala/fasthttp"

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

// sharedApps are two apps of different routing sharing one middleware: the
// strict one serves "/files/" as a path of its own, which the rule
// `^/files/` grants to the admin origin; the loose one serves it as
// "/files", which no rule may then grant.
func sharedApps(mw fiber.Handler) (strict, loose fasthttp.RequestHandler) {
	build := func(config fiber.Config) fasthttp.RequestHandler {
		app := fiber.New(config)
		app.Use(mw)
		app.Get("/files/", text("files"))
		return app.Handler()
	}
	return build(fiber.Config{StrictRouting: true}), build(fiber.Config{UnescapePath: true})
}

// TestMiddlewareSharedByApps: one middleware serving two apps concurrently
// gives each request its own app's routing, never the other's.
func TestMiddlewareSharedByApps(t *testing.T) {
	strict, loose := sharedApps(fiberadapter.New(routedAreas()))
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				h, want := strict, adminOrigin
				if (g+i)%2 == 1 {
					h, want = loose, ""
				}
				ctx := pathCtx("/files/", adminOrigin)
				h(ctx)
				if got := string(ctx.Response.Header.Peek("Access-Control-Allow-Origin")); got != want || string(ctx.Response.Body()) != "files" {
					t.Errorf("strict %v: Access-Control-Allow-Origin %q, want %q (body %q)", want != "", got, want, ctx.Response.Body())
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
		"cors": fiberadapter.New(routedAreas()),
	} {
		strict, loose := sharedApps(mw)
		a, b := pathCtx("/files/", adminOrigin), pathCtx("/files/", adminOrigin)
		allocs[name] = testing.AllocsPerRun(200, func() {
			a.Response.Reset()
			b.Response.Reset()
			strict(a)
			loose(b)
		})
	}
	if allocs["cors"] > allocs["noop"] {
		t.Errorf("allocations per pair of requests: %v", allocs)
	}
}
