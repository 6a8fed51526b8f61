package chiadapter_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

// TestOneMiddlewareManyGoroutines: one middleware serves many goroutines at
// once, while a hook blocks every one of them until all are inside it. Run
// with -race: nothing is shared but the immutable policy, and each response
// gets its own answer.
func TestOneMiddlewareManyGoroutines(t *testing.T) {
	const n = 64
	var inside sync.WaitGroup
	inside.Add(n / 2) // the partner requests reach the hook
	release := make(chan struct{})
	h := chiadapter.New(core.Config{
		AllowedOrigins:   []string{origin},
		AllowCredentials: true,
		CheckRequest: []func(*http.Request) bool{func(r *http.Request) bool {
			inside.Done()
			<-release
			return r.URL.Path == "/partner/ok"
		}},
	})(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding") // a later middleware touching shared values
	}))

	type result struct{ acao, vary string }
	results := make([]result, n)
	var done sync.WaitGroup
	for i := range n {
		done.Add(1)
		go func() {
			defer done.Done()
			var r *http.Request
			switch {
			case i%2 == 0:
				r = httptest.NewRequest(http.MethodGet, "/items", nil)
				r.Header.Set("Origin", origin)
			case i%4 == 1:
				r = httptest.NewRequest(http.MethodGet, "/partner/ok", nil)
				r.Header.Set("Origin", "https://partner.example.net")
			default:
				r = httptest.NewRequest(http.MethodGet, "/partner/no", nil)
				r.Header.Set("Origin", "https://partner.example.net")
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			results[i] = result{w.Header().Get("Access-Control-Allow-Origin"), w.Header().Values("Vary")[0] + "|" + w.Header().Values("Vary")[1]}
		}()
	}
	inside.Wait()
	close(release)
	done.Wait()
	for i, got := range results {
		want := ""
		switch {
		case i%2 == 0:
			want = origin
		case i%4 == 1:
			want = "https://partner.example.net"
		}
		if got.acao != want || got.vary != "Origin|Accept-Encoding" {
			t.Errorf("request %d: Access-Control-Allow-Origin %q, Vary %q; want %q, %q", i, got.acao, got.vary, want, "Origin|Accept-Encoding")
		}
	}
}

// TestInPlaceWritesUnderLoad: handlers, and a middleware in front that
// still holds the response once a preflight is answered, write every CORS
// header in place while other goroutines' requests are decided. Run with
// -race: no two responses share memory, and every response carries the
// policy's headers whole, Vary: Origin included.
func TestInPlaceWritesUnderLoad(t *testing.T) {
	const other = "https://other.example.com"
	rewrite := func(h http.Header, i int) {
		for name, v := range h {
			if name != "Vary" && !strings.HasPrefix(name, "Access-Control-") {
				continue
			}
			if i%2 == 0 {
				v[0] = "rewritten"
			} else {
				h[name] = append(v[:0], "rewritten")
			}
		}
	}
	cors := chiadapter.New(core.Config{AllowedOrigins: []string{origin, other}, AllowCredentials: true, ExposeHeaders: []string{"X-Request-Id"}})
	var inner http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		rewrite(w.Header(), len(r.Header.Get("Origin")))
	})
	srv := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cors(inner).ServeHTTP(w, r)
		rewrite(w.Header(), len(r.URL.Path))
	})

	type want struct{ acao, vary, acam string }
	requests := []struct {
		method, origin string
		want           want
	}{
		{http.MethodGet, origin, want{origin, "Origin", ""}},
		{http.MethodGet, other, want{other, "Origin", ""}},
		{http.MethodGet, "", want{"", "Origin", ""}},
		{http.MethodGet, "https://evil.example.net", want{"", "Origin", ""}},
		{http.MethodOptions, origin, want{origin, "", "DELETE, GET, OPTIONS, PATCH, POST, PUT"}},
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				rq := requests[(g+i)%len(requests)]
				r := httptest.NewRequest(rq.method, "/items", nil)
				if rq.origin != "" {
					r.Header.Set("Origin", rq.origin)
				}
				if rq.method == http.MethodOptions {
					r.Header.Set("Access-Control-Request-Method", http.MethodPut)
				}
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, r)
				res := w.Result().Header
				got := want{res.Get("Access-Control-Allow-Origin"), strings.Join(res.Values("Vary"), ", "), res.Get("Access-Control-Allow-Methods")}
				if got != rq.want {
					select {
					case errs <- fmt.Sprintf("%s from %q: %+v, want %+v", rq.method, rq.origin, got, rq.want):
					default:
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
