package core_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// tenantHost is the host of tenant i.
func tenantHost(i int) string { return fmt.Sprintf("tenant-%d.api.example.com", i) }

// tenantOrigins are tenant i's 10 origins.
func tenantOrigins(i int) []string {
	o := make([]string, 10)
	for j := range o {
		o[j] = fmt.Sprintf("https://app%d.tenant-%d.example.net", j, i)
	}
	return o
}

// manyTenants stores n tenants by host, each with a policy of its own
// allowing 10 origins when distinct, or sharing one policy otherwise (what
// a request reads is the same: the look-up, then one policy).
func manyTenants(tb testing.TB, n int, distinct bool) *core.Tenants {
	tb.Helper()
	ts := core.MustTenants(core.TenantByHost())
	shared := core.MustPolicy(core.Config{AllowedOrigins: tenantOrigins(0), AllowCredentials: true})
	for i := range n {
		p := shared
		if distinct {
			p = core.MustPolicy(core.Config{AllowedOrigins: tenantOrigins(i), AllowCredentials: true})
		}
		if err := ts.Store(tenantHost(i), p); err != nil {
			tb.Fatal(err)
		}
	}
	return ts
}

// tenantRequest is a GET to tenant i's host, spelled as the client may
// (upper case, the default port), from tenant o's 5th origin.
func tenantRequest(i int, spelling string, o int) core.Request {
	r := httptest.NewRequest(http.MethodGet, "/orders", nil)
	r.Host = fmt.Sprintf(spelling, i)
	r.Header.Set("Origin", fmt.Sprintf("https://app5.tenant-%d.example.net", o))
	return core.NewRequest(r)
}

// Deciding through Tenants allocates nothing, whatever the Host's spelling,
// with 100,000 tenants, for a known tenant and an unknown one.
func TestTenantsDecideAllocatesNothing(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("allocation counts are asserted without -race and -short")
	}
	ts := manyTenants(t, 100_000, false)
	for _, c := range []struct {
		spelling string
		want     core.Kind
	}{
		{"tenant-%d.api.example.com", core.Actual},
		{"TENANT-%d.Api.Example.com.:443", core.Actual},
		{"tenant-%d.api.example.com:8443", core.NotCORS},
		{"tenant-%d..api.example.com", core.NotCORS},
	} {
		req := tenantRequest(77_777, c.spelling, 0)
		if d := core.DecideFrom(ts, req); d.Kind != c.want || (c.want == core.Actual) != d.Allowed() {
			t.Fatalf("%s: %v (%s)", c.spelling, d.Kind, d.Reason.Key())
		}
		if n := testing.AllocsPerRun(100, func() { core.DecideFrom(ts, req) }); n != 0 {
			t.Errorf("%s: %v allocations per decision, want 0", c.spelling, n)
		}
	}
	path := core.MustTenants(core.TenantByPathSegment("/t/"))
	if err := path.Store("acme", core.MustPolicy(core.Config{AllowedOrigins: []string{originA}})); err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/t/acme/orders", nil)
	r.Header.Set("Origin", originA)
	req := core.NewRequest(r)
	if n := testing.AllocsPerRun(100, func() { core.DecideFrom(path, req) }); n != 0 {
		t.Errorf("by path: %v allocations per decision, want 0", n)
	}
}

// BenchmarkTenantsDecide: a host-keyed decision with one tenant and with
// 100,000 tenants of 10 origins each (each its own policy), against the
// tenant's policy alone. "rotating" asks 4,096 tenants in turn, so that
// the look-ups miss the processor's caches as a busy server's do.
func BenchmarkTenantsDecide(b *testing.B) {
	one := manyTenants(b, 1, true)
	policy := one.Load(tenantHost(0))
	req0 := tenantRequest(0, "tenant-%d.api.example.com", 0)
	b.Run("policy alone", func(b *testing.B) {
		b.ReportAllocs()
		runtime.GC() // the garbage of compiling the policies, not this benchmark's
		loopCPU(b, func() { policy.Decide(req0) })
	})
	b.Run("1 tenant", func(b *testing.B) {
		b.ReportAllocs()
		runtime.GC() // the garbage of compiling the policies, not this benchmark's
		loopCPU(b, func() { core.DecideFrom(one, req0) })
	})
	many := manyTenants(b, 100_000, true)
	req := tenantRequest(77_777, "tenant-%d.api.example.com", 77_777)
	if d := core.DecideFrom(many, req); !d.Allowed() {
		b.Fatalf("%v", d.Reason)
	}
	b.Run("100000 tenants", func(b *testing.B) {
		b.ReportAllocs()
		runtime.GC() // the garbage of compiling the policies, not this benchmark's
		loopCPU(b, func() { core.DecideFrom(many, req) })
	})
	b.Run("100000 tenants, Host to normalise", func(b *testing.B) {
		req := tenantRequest(77_777, "Tenant-%d.api.example.com:443", 77_777)
		b.ReportAllocs()
		runtime.GC() // the garbage of compiling the policies, not this benchmark's
		loopCPU(b, func() { core.DecideFrom(many, req) })
	})
	b.Run("4096 policies alone, rotating", func(b *testing.B) {
		reqs := make([]core.Request, 4096)
		policies := make([]*core.Policy, 4096)
		for i := range reqs {
			reqs[i] = tenantRequest(i*24, "tenant-%d.api.example.com", i*24)
			policies[i] = many.Load(tenantHost(i * 24))
		}
		b.ReportAllocs()
		runtime.GC()
		i := 0
		loopCPU(b, func() {
			policies[i&4095].Decide(reqs[i&4095])
			i++
		})
	})
	b.Run("100000 tenants, rotating", func(b *testing.B) {
		reqs := make([]core.Request, 4096)
		for i := range reqs {
			reqs[i] = tenantRequest(i*24, "tenant-%d.api.example.com", i*24)
		}
		b.ReportAllocs()
		runtime.GC() // the garbage of compiling the policies, not this benchmark's
		i := 0
		loopCPU(b, func() {
			core.DecideFrom(many, reqs[i&4095])
			i++
		})
	})
	b.Run("100000 tenants, unknown", func(b *testing.B) {
		req := tenantRequest(200_000, "tenant-%d.api.example.com", 200_000)
		b.ReportAllocs()
		runtime.GC() // the garbage of compiling the policies, not this benchmark's
		loopCPU(b, func() { core.DecideFrom(many, req) })
	})
}

// BenchmarkTenantsStore: adding a tenant to 100,000 and replacing a
// stored tenant's policy (policies compiled beforehand).
func BenchmarkTenantsStore(b *testing.B) {
	many := manyTenants(b, 100_000, false)
	p := many.Load(tenantHost(0))
	b.Run("add and delete", func(b *testing.B) {
		b.ReportAllocs()
		runtime.GC() // the garbage of compiling the policies, not this benchmark's
		for b.Loop() {
			_ = many.Store("new.api.example.com", p)
			many.Delete("new.api.example.com")
		}
	})
	b.Run("replace", func(b *testing.B) {
		b.ReportAllocs()
		runtime.GC() // the garbage of compiling the policies, not this benchmark's
		for b.Loop() {
			_ = many.Store(tenantHost(5), p)
		}
	})
}
