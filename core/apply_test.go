package core_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/check"

	"github.com/corsheaders/corsheaders/core"
)

// TestAppliedValuesSurviveLaterMiddleware: the policy's precomputed header
// values reach every response (jub0bs/cors #14 was a race on such values,
// rs/cors #198 an in-place write). Many goroutines apply decisions and then
// edit the headers the way outer middleware does, with the header API and
// in place; run with -race, no response may see another's edit.
func TestAppliedValuesSurviveLaterMiddleware(t *testing.T) {
	p, err := core.NewPolicy(core.Config{
		AllowedOrigins:   []string{"https://a.example.com", "https://b.example.com"},
		AllowCredentials: true,
		ExposeHeaders:    []string{"X-Request-Id"},
	})
	check.Require.NoError(t, err)
	preflight := newReq(http.MethodOptions, "https://a.example.com", "Access-Control-Request-Method", "PUT")
	actual := newReq(http.MethodGet, "https://b.example.com")

	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				for _, r := range []*http.Request{preflight, actual} {
					h := http.Header{}
					d := p.Decide(core.NewRequest(r))
					d.Apply(h)
					// What later middleware does to the shared values.
					h.Add("Vary", "Accept-Encoding")
					h["Access-Control-Expose-Headers"] = append(h["Access-Control-Expose-Headers"], "X-Mine")
					h.Add("Access-Control-Allow-Methods", "PURGE")
					h.Add("Access-Control-Allow-Credentials", "also")
					h.Set("Access-Control-Max-Age", "1")
					// In place, as much code writes a header.
					for name, v := range h {
						if len(v) > 0 {
							v[0] = "in place"
							h[name] = append(v[:0], "in place")
						}
					}
					if g%2 == 0 {
						h.Del("Vary")
					}
				}
			}
		}()
	}
	wg.Wait()

	// The shared values are as compiled.
	h := http.Header{}
	d := p.Decide(core.NewRequest(preflight))
	d.Apply(h)
	check.Assert.Equal(t, 0, len(h["Vary"]), "a preflight's answer carries no Vary")
	check.Assert.Equal(t, []string{"DELETE, GET, OPTIONS, PATCH, POST, PUT"}, h["Access-Control-Allow-Methods"])
	check.Assert.Equal(t, []string{"true"}, h["Access-Control-Allow-Credentials"])
	check.Assert.Equal(t, []string{"86400"}, h["Access-Control-Max-Age"])
	h = http.Header{}
	d = p.Decide(core.NewRequest(actual))
	d.Apply(h)
	check.Assert.Equal(t, []string{"Origin"}, h["Vary"])
	check.Assert.Equal(t, []string{"X-Request-Id"}, h["Access-Control-Expose-Headers"])
	check.Assert.Equal(t, []string{"https://b.example.com"}, h["Access-Control-Allow-Origin"])
	check.Assert.Equal(t, []string{"https://b.example.com"}, actual.Header["Origin"], "the request's Origin is untouched")
}

// TestHooksRunConcurrently: one policy serves many goroutines while its
// hooks block; nothing is shared but the immutable policy.
func TestHooksRunConcurrently(t *testing.T) {
	release := make(chan struct{})
	var entered sync.WaitGroup
	const n = 32
	entered.Add(n)
	p, err := core.NewPolicy(core.Config{
		AllowedOrigins: []string{"https://a.example.com"},
		CheckRequest: []func(*http.Request) bool{func(r *http.Request) bool {
			entered.Done()
			<-release
			return r.Header.Get("X-Partner") == "yes"
		}},
	})
	check.Require.NoError(t, err)

	results := make([]bool, n)
	var done sync.WaitGroup
	for i := range n {
		done.Add(1)
		go func() {
			defer done.Done()
			r := newReq(http.MethodGet, "https://partner.example.net")
			if i%2 == 0 {
				r.Header.Set("X-Partner", "yes")
			}
			results[i] = p.Decide(core.NewRequest(r)).Allowed()
		}()
	}
	entered.Wait() // every goroutine is inside a hook at once
	close(release)
	done.Wait()
	for i, allowed := range results {
		check.Assert.Equal(t, i%2 == 0, allowed, "request %d", i)
	}
}

func TestLiveSwapUnderLoad(t *testing.T) {
	a := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://a.example.com"}})
	b := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://b.example.com"}})
	live := core.NewLive(a)
	r := newReq(http.MethodGet, "https://b.example.com")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 500 {
				_ = core.Handle(live, http.Header{}, r)
			}
		}()
	}
	for i := range 100 {
		if i%2 == 0 {
			live.Store(b)
		} else {
			live.Store(a)
		}
	}
	wg.Wait()
	live.Store(b)
	check.Assert.True(t, core.Handle(live, http.Header{}, r).Allowed())
	check.Assert.Panics(t, func() { live.Store(nil) })
}
