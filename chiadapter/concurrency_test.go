package chiadapter_test

import (
	"net/http"
	"net/http/httptest"
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
