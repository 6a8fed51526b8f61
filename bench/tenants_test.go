package bench_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/corsheaders/corsheaders/bench"
	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

// tenantsOfTen stores n tenants by host, tenant-I.api.example.com, each
// with a policy of its own allowing 10 origins with credentials.
func tenantsOfTen(b *testing.B, n int) *core.Tenants {
	ts := core.MustTenants(core.TenantByHost())
	for i := range n {
		origins := make([]string, 10)
		for j := range origins {
			origins[j] = fmt.Sprintf("https://app%d.tenant-%d.example.net", j, i)
		}
		p := core.MustPolicy(core.Config{AllowedOrigins: origins, AllowCredentials: true})
		if err := ts.Store(fmt.Sprintf("tenant-%d.api.example.com", i), p); err != nil {
			b.Fatal(err)
		}
	}
	return ts
}

// BenchmarkTenants serves an allowed GET through chiadapter's middleware
// with the policy of one tenant, as BenchmarkTenants/tenants=1, and with
// 100,000 tenants of 10 origins each, as BenchmarkTenants/tenants=100000,
// the tenant read from the Host; BenchmarkTenants/tenants=0 is the
// tenant's policy alone, without Tenants. What a request costs must not
// grow with the tenants: one allocation, the response's header values.
func BenchmarkTenants(b *testing.B) {
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for _, n := range []int{0, 1, 100_000} {
		b.Run(fmt.Sprintf("tenants=%d", n), func(b *testing.B) {
			last := max(n-1, 0)
			var src core.Source
			ts := tenantsOfTen(b, max(n, 1))
			src = ts
			if n == 0 {
				src = ts.Load("tenant-0.api.example.com")
			}
			h := chiadapter.FromPolicy(src)(next)
			r := httptest.NewRequest(http.MethodGet, "/orders", nil)
			r.Host = fmt.Sprintf("tenant-%d.api.example.com", last)
			r.Header.Set("Origin", fmt.Sprintf("https://app5.tenant-%d.example.net", last))
			w := bench.NewWriter()
			h.ServeHTTP(w, r)
			if w.Header().Get("Access-Control-Allow-Origin") == "" {
				b.Fatal("not granted")
			}
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				w.Reset()
				h.ServeHTTP(w, r)
			}
		})
	}
}
