package echov5adapter_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v5"

	"github.com/corsheaders/corsheaders/echov5adapter"
)

// benchWriter is the least a ResponseWriter can be: its header map is kept
// and cleared between requests, so that what the benchmarks count is the
// framework's and the middleware's work, not the recorder's.
type benchWriter struct {
	h      http.Header
	status int
}

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *benchWriter) WriteHeader(status int)      { w.status = status }

// benchSetups register the middleware, or not, on the Echo instance of
// the benchmarks. Unlike Echo v4, Echo v5 builds its middleware chains
// once, when e.Use or e.Pre is called, so a middleware costs no allocation
// per request: "noop", a middleware that only calls next, shows it. A
// preflight answered under e.Pre skips routing altogether, and with it the
// allocation Echo's router makes to remember the Allow header for an
// OPTIONS request on a path with routes.
var benchSetups = []struct {
	name     string
	register func(*echo.Echo)
}{
	{"baseline", func(*echo.Echo) {}},
	{"noop", func(e *echo.Echo) {
		e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c *echo.Context) error { return next(c) }
		})
	}},
	{"cors", func(e *echo.Echo) { e.Use(echov5adapter.New(cfg)) }},
	{"cors-pre", func(e *echo.Echo) { e.Pre(echov5adapter.New(cfg)) }},
}

// benchEcho is a small API, with the middleware register adds.
func benchEcho(register func(*echo.Echo)) *echo.Echo {
	e := echo.New()
	register(e)
	ok := func(c *echo.Context) error { return c.NoContent(http.StatusOK) }
	e.GET("/api/items/:id", ok)
	e.PUT("/api/items/:id", ok)
	return e
}

func benchRequest(method string, header ...string) *http.Request {
	r, err := http.NewRequest(method, "http://api.example.com/api/items/42", nil)
	if err != nil {
		panic(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return r
}

// BenchmarkEcho serves an allowed actual request and an accepted preflight
// through an echo.Echo, with the middleware and without it (baseline; the
// preflight then gets Echo's automatic OPTIONS answer). The adapter adds one
// allocation, the array of the CORS header values the response gets, its
// own: "cors" allocates one more than "noop" does, save where it spares
// the router's.
func BenchmarkEcho(b *testing.B) {
	requests := []struct {
		name string
		req  *http.Request
		want int
	}{
		{"actual", benchRequest(http.MethodGet, "Origin", origin), http.StatusOK},
		{"preflight", benchRequest(http.MethodOptions, "Origin", origin,
			"Access-Control-Request-Method", http.MethodPut,
			"Access-Control-Request-Headers", "content-type,x-requested-with"), http.StatusNoContent},
	}
	for _, rq := range requests {
		for _, setup := range benchSetups {
			b.Run(rq.name+"/"+setup.name, func(b *testing.B) {
				e := benchEcho(setup.register)
				w := &benchWriter{h: make(http.Header)}
				e.ServeHTTP(w, rq.req)
				if w.status != rq.want {
					b.Fatalf("status %d, want %d", w.status, rq.want)
				}
				b.ReportAllocs()
				for b.Loop() {
					clear(w.h)
					e.ServeHTTP(w, rq.req)
				}
			})
		}
	}
}

// TestAllocations pins what docs/echo.md says of Echo v5: the middleware
// allocates one array per response that gets CORS headers, their values,
// the response's own (core.Decision.Apply); an accepted preflight costs,
// under e.Use, one allocation more, Echo's router's for an OPTIONS request
// on a path with routes, and under e.Pre, which skips routing, none.
func TestAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	actual := benchRequest(http.MethodGet, "Origin", origin)
	preflight := benchRequest(http.MethodOptions, "Origin", origin, "Access-Control-Request-Method", http.MethodPut)
	want := map[string][2]float64{"noop": {0, 2}, "cors": {1, 2}, "cors-pre": {1, 1}}
	for _, setup := range benchSetups[1:] {
		e := benchEcho(setup.register)
		w := &benchWriter{h: make(http.Header)}
		var got [2]float64
		for i, r := range []*http.Request{actual, preflight} {
			got[i] = testing.AllocsPerRun(100, func() {
				clear(w.h)
				e.ServeHTTP(w, r)
			})
		}
		if got != want[setup.name] {
			t.Errorf("%s: %v allocations (actual, preflight), want %v", setup.name, got, want[setup.name])
		}
	}
}
