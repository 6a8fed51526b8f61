package fiberadapter_test

import (
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/valyala/fasthttp"

	"github.com/corsheaders/corsheaders/fiberadapter"
)

// benchSetups register the middleware, or not, on the fiber.App of the
// benchmarks: "baseline" has none (a preflight then gets Fiber's 405),
// "noop" one that only calls c.Next, and "hooked" the middleware with a
// CheckRequest hook that the allowed origin never reaches.
var benchSetups = []struct {
	name     string
	register func(*fiber.App)
}{
	{"baseline", func(*fiber.App) {}},
	{"noop", func(app *fiber.App) { app.Use(func(c fiber.Ctx) error { return c.Next() }) }},
	{"cors", func(app *fiber.App) { app.Use(fiberadapter.New(cfg)) }},
	{"cors-hooked", func(app *fiber.App) {
		hooked := cfg
		hooked.CheckRequest = []func(*http.Request) bool{func(*http.Request) bool { return false }}
		app.Use(fiberadapter.New(hooked))
	}},
}

// benchApp is a small API, with the middleware register adds.
func benchApp(register func(*fiber.App)) fasthttp.RequestHandler {
	app := fiber.New()
	register(app)
	ok := func(c fiber.Ctx) error { return c.SendStatus(http.StatusOK) }
	app.Get("/api/items/:id", ok)
	app.Put("/api/items/:id", ok)
	return app.Handler()
}

// benchCtx is a fasthttp.RequestCtx for one request, reused as Fiber's
// server reuses its contexts; kv lists header lines in pairs.
func benchCtx(method string, kv ...string) *fasthttp.RequestCtx {
	var req fasthttp.Request
	req.Header.SetMethod(method)
	req.SetRequestURI("/api/items/42")
	req.Header.SetHost("api.example.com")
	for i := 0; i+1 < len(kv); i += 2 {
		req.Header.Add(kv[i], kv[i+1])
	}
	ctx := new(fasthttp.RequestCtx)
	ctx.Init(&req, nil, nil)
	return ctx
}

var benchRequests = []struct {
	name string
	kv   []string
	want int
}{
	{"actual", []string{"Origin", origin}, http.StatusOK},
	{"actual-refused", []string{"Origin", "https://evil.example"}, http.StatusOK},
	{"preflight", []string{"Origin", origin, "Access-Control-Request-Method", http.MethodPut,
		"Access-Control-Request-Headers", "content-type,x-requested-with"}, http.StatusNoContent},
}

// BenchmarkFiber serves an allowed and a refused actual request and an
// accepted preflight through a fiber.App's fasthttp handler, with the
// middleware and without. The middleware adds no allocation of its own:
// "cors" allocates what "noop" does, and "cors-hooked" too, save for the
// refused origin, which reaches the hook: the conversion of the request to
// an *http.Request for it is the only allocation.
func BenchmarkFiber(b *testing.B) {
	for _, rq := range benchRequests {
		method := http.MethodGet
		if rq.want == http.StatusNoContent {
			method = http.MethodOptions
		}
		for _, setup := range benchSetups {
			b.Run(rq.name+"/"+setup.name, func(b *testing.B) {
				h := benchApp(setup.register)
				ctx := benchCtx(method, rq.kv...)
				h(ctx)
				if setup.name != "baseline" && setup.name != "noop" && ctx.Response.StatusCode() != rq.want {
					b.Fatalf("status %d, want %d", ctx.Response.StatusCode(), rq.want)
				}
				b.ReportAllocs()
				for b.Loop() {
					ctx.Response.Reset()
					h(ctx)
				}
			})
		}
	}
}

// TestMiddlewareAllocatesNothing pins the benchmarks' figures: with the
// middleware, Fiber allocates what it allocates with a middleware that
// only calls c.Next, for actual requests and preflights, granted or not,
// with a hook configured that the configuration makes unnecessary, and
// with Vary already on the response.
func TestMiddlewareAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, rq := range benchRequests {
		method := http.MethodGet
		if rq.want == http.StatusNoContent {
			method = http.MethodOptions
		}
		allocs := map[string]float64{}
		for _, setup := range benchSetups[1:] {
			h := benchApp(setup.register)
			ctx := benchCtx(method, rq.kv...)
			allocs[setup.name] = testing.AllocsPerRun(200, func() {
				ctx.Response.Reset()
				ctx.Response.Header.Set("Vary", "Accept-Encoding")
				h(ctx)
			})
			if setup.name != "noop" && ctx.Response.StatusCode() != rq.want {
				t.Fatalf("%s %s: status %d", rq.name, setup.name, ctx.Response.StatusCode())
			}
		}
		if allocs["cors"] > allocs["noop"] {
			t.Errorf("%s: %v allocations per request", rq.name, allocs)
		}
		// The refused origin reaches the hook, for which the request is
		// converted to an *http.Request: that allocates, and only that.
		if hookRuns := rq.name == "actual-refused"; hookRuns != (allocs["cors-hooked"] > allocs["noop"]) {
			t.Errorf("%s: %v allocations per request; the hook runs: %v", rq.name, allocs, hookRuns)
		}
	}
}

// TestImmutableCopiesThePath: under fiber.Config{Immutable: true}, Fiber
// copies every string it returns, c.Path() included, which the middleware
// reads: one allocation per request, Fiber's (docs/fiber.md says so).
func TestImmutableCopiesThePath(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	allocs := map[string]float64{}
	for _, setup := range benchSetups[1:3] {
		app := fiber.New(fiber.Config{Immutable: true})
		setup.register(app)
		app.Get("/api/items/:id", func(c fiber.Ctx) error { return c.SendStatus(http.StatusOK) })
		h := app.Handler()
		ctx := benchCtx(http.MethodGet, "Origin", origin)
		allocs[setup.name] = testing.AllocsPerRun(100, func() {
			ctx.Response.Reset()
			h(ctx)
		})
	}
	if allocs["cors"] != allocs["noop"]+1 {
		t.Errorf("allocations per request under Immutable: %v", allocs)
	}
}
