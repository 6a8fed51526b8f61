package echoadapter_test

import (
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/corsheaders/corsheaders/echoadapter"
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
// the benchmarks. Echo v4 applies e.Use middleware anew for every request,
// which costs one closure (one allocation) per middleware, whatever the
// middleware does: "noop" shows it with a middleware that only calls next.
// e.Pre costs one closure more, for the routing step, but a preflight
// answered there skips routing altogether.
var benchSetups = []struct {
	name     string
	register func(*echo.Echo)
}{
	{"baseline", func(*echo.Echo) {}},
	{"noop", func(e *echo.Echo) {
		e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error { return next(c) }
		})
	}},
	{"cors", func(e *echo.Echo) { e.Use(echoadapter.New(cfg)) }},
	{"cors-pre", func(e *echo.Echo) { e.Pre(echoadapter.New(cfg)) }},
}

// benchEcho is a small API, with the middleware register adds.
func benchEcho(register func(*echo.Echo)) *echo.Echo {
	e := echo.New()
	register(e)
	ok := func(c echo.Context) error { return c.NoContent(http.StatusOK) }
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
// own: "cors" allocates one more than "noop" does for the actual request,
// and no more for the preflight, which it answers before Echo's own OPTIONS
// handling allocates.
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
