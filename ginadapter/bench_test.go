package ginadapter_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/ginadapter"
)

// benchWriter is the least a ResponseWriter can be: its header map is kept
// and cleared between requests, so that what the benchmarks count is the
// engine's and the middleware's work, not the recorder's.
type benchWriter struct {
	h      http.Header
	status int
}

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *benchWriter) WriteHeader(status int)      { w.status = status }

// benchEngine is a small API; with cors false, it is the baseline: the same
// engine without the middleware.
func benchEngine(cors bool) *gin.Engine {
	r := gin.New()
	if cors {
		r.Use(ginadapter.New(cfg))
	}
	ok := func(c *gin.Context) { c.Status(http.StatusOK) }
	r.GET("/api/items/:id", ok)
	r.PUT("/api/items/:id", ok)
	return r
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

// BenchmarkGin serves an allowed actual request and an accepted preflight
// through a gin.Engine, with the middleware and without it (baseline; the
// preflight then ends in Gin's 404). The difference in allocations is what
// the adapter adds.
func BenchmarkGin(b *testing.B) {
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
		for _, cors := range []bool{false, true} {
			name := rq.name + "/baseline"
			if cors {
				name = rq.name + "/cors"
			}
			b.Run(name, func(b *testing.B) {
				r := benchEngine(cors)
				w := &benchWriter{h: make(http.Header)}
				r.ServeHTTP(w, rq.req)
				if cors && w.status != rq.want {
					b.Fatalf("status %d, want %d", w.status, rq.want)
				}
				b.ReportAllocs()
				for b.Loop() {
					clear(w.h)
					r.ServeHTTP(w, rq.req)
				}
			})
		}
	}
}
