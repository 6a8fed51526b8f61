package core_test

import (
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

func decideOrigin(p *core.Policy, o string) core.Decision {
	return p.Decide(core.NewRequest(newReq(http.MethodGet, o)))
}

func allowed(p *core.Policy, o string) bool {
	return decideOrigin(p, o).Reason == core.ReasonAllowed
}

// TestWithOrigins: origins added are allowed and those removed refused,
// however they are spelled, patterns included; the policy changed is left
// as it was, and Explain names the entry that allowed an origin.
func TestWithOrigins(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://a.example", "https://b.example", "http://localhost:*"}, AllowCredentials: true})
	q, err := p.WithOrigins(
		[]string{"https://C.example:443", "https://*.tenants.example", "https://a.example"},
		[]string{"https://B.EXAMPLE", "http://localhost:*", "https://never-listed.example", "not an origin"})
	if err != nil {
		t.Fatal(err)
	}
	for o, want := range map[string]bool{
		"https://a.example":           true,
		"https://b.example":           false,
		"https://c.example":           true,
		"HTTPS://C.EXAMPLE":           true,
		"https://x.y.tenants.example": true,
		"http://localhost:3000":       false,
	} {
		if got := allowed(q, o); got != want {
			t.Errorf("new policy: %q allowed %v, want %v", o, got, want)
		}
	}
	for o, want := range map[string]bool{"https://b.example": true, "https://c.example": false, "http://localhost:3000": true} {
		if got := allowed(p, o); got != want {
			t.Errorf("old policy: %q allowed %v, want %v", o, got, want)
		}
	}
	e := q.Explain(newReq(http.MethodGet, "https://c.example"))
	if !strings.Contains(e.String(), `is allowed by the AllowedOrigins entry "https://c.example"`) {
		t.Errorf("Explain:\n%s", e)
	}
	e = q.Explain(newReq(http.MethodGet, "https://x.tenants.example"))
	if !strings.Contains(e.String(), `the AllowedOrigins entry "https://*.tenants.example"`) {
		t.Errorf("Explain:\n%s", e)
	}
	// An entry in both lists is kept.
	r, err := q.WithOrigins([]string{"https://d.example"}, []string{"https://d.example"})
	if err != nil || !allowed(r, "https://d.example") {
		t.Errorf("add and remove of one entry: allowed %v, err %v", allowed(r, "https://d.example"), err)
	}
}

// TestWithOriginsValidatesAsNewPolicy: every entry NewPolicy refuses,
// WithOrigins refuses with the same problem and fix, and changes nothing.
func TestWithOriginsValidatesAsNewPolicy(t *testing.T) {
	bad := []string{
		"https://*.github.io",                 // credentialed wildcard on public space
		"https://*.com",                       // a public suffix
		"http://app.example.com",              // http:// with credentials
		"https://a.example,https://b.example", // several in one
		"https://a.example/",                  // a path
		"*",
		"",
		"https://exa mple.com",
	}
	base := core.Config{AllowedOrigins: []string{"https://ok.example"}, AllowCredentials: true}
	p := core.MustPolicy(base)
	for _, s := range bad {
		cfg := base
		cfg.AllowedOrigins = []string{s}
		_, want := core.NewPolicy(cfg)
		if want == nil {
			t.Fatalf("NewPolicy accepts %q", s)
		}
		q, got := p.WithOrigins([]string{"https://fine.example", s}, nil)
		if q != nil || got == nil {
			t.Errorf("WithOrigins accepts %q", s)
			continue
		}
		var wantCE, gotCE *core.ConfigError
		if !errors.As(want, &wantCE) || !errors.As(got, &gotCE) {
			t.Fatalf("%q: not ConfigErrors: %v / %v", s, want, got)
		}
		if gotCE.Field != "AllowedOrigins" || gotCE.Index != 1 || gotCE.Problem != wantCE.Problem || gotCE.Fix != wantCE.Fix {
			t.Errorf("%q: WithOrigins says %+v, NewPolicy %+v", s, *gotCE, *wantCE)
		}
	}
	if allowed(p, "https://fine.example") {
		t.Error("a refused change changed the policy")
	}
	all := core.MustPolicy(core.Config{AllowAllOrigins: true})
	if _, err := all.WithOrigins([]string{"https://a.example"}, nil); err == nil {
		t.Error("AllowAllOrigins with an origin added: no error")
	}
	paths := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://a.example"}, Paths: []core.PathRule{{Prefix: "/api/", Config: core.Config{AllowAllOrigins: true}}}})
	if _, err := paths.WithOrigins([]string{"https://b.example"}, nil); err == nil {
		t.Error("a policy with Paths: no error")
	}
}

// TestWithOriginsNewLength: a policy of exact origins refuses an origin of
// a length none has without looking it up; an origin added later with a
// new length is allowed all the same.
func TestWithOriginsNewLength(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://a.io"}})
	long := "https://a-much-longer-name.example.com"
	if allowed(p, long) {
		t.Fatal("allowed before being added")
	}
	q, err := p.WithOrigins([]string{long}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !allowed(q, long) || !allowed(q, "HTTPS://A-MUCH-LONGER-NAME.EXAMPLE.COM:443") {
		t.Error("an origin of a new length is refused")
	}
	r, _ := q.WithOrigins(nil, []string{long})
	if allowed(r, long) {
		t.Error("removed, still allowed")
	}
}

// TestWithOriginsHint: the hints of a refusal look at the entries on the
// origin's host, as changed.
func TestWithOriginsHint(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://z.example"}})
	q, err := p.WithOrigins([]string{"https://app.example"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := q.Explain(newReq(http.MethodGet, "http://app.example"))
	if !strings.Contains(e.Hint, `"https://app.example" is listed, which differs from "http://app.example" only in scheme`) {
		t.Errorf("hint: %q", e.Hint)
	}
}

// TestLiveUpdateLosesNothing: updates from many goroutines, with reads
// meanwhile, all take effect.
func TestLiveUpdateLosesNothing(t *testing.T) {
	l := core.NewLive(core.MustPolicy(core.Config{AllowedOrigins: []string{"https://seed.example"}}))
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range 50 {
				if err := l.Update([]string{fmt.Sprintf("https://g%d-%d.example", g, i)}, nil); err != nil {
					t.Error(err)
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range 50 {
				allowed(l.Policy(), "https://seed.example")
			}
		}()
	}
	wg.Wait()
	for g := range 4 {
		for i := range 50 {
			if o := fmt.Sprintf("https://g%d-%d.example", g, i); !allowed(l.Policy(), o) {
				t.Errorf("%q lost", o)
			}
		}
	}
	if err := l.Update([]string{"https://x.example/"}, nil); err == nil {
		t.Error("Live.Update: no error for a bad entry")
	}
	if err := new(core.Live).Update([]string{"https://x.example"}, nil); err == nil {
		t.Error("Live.Update without a policy: no error")
	}
}

// TestWithOriginsAllocatesNothingPerRequest: deciding with a changed
// policy allocates nothing.
func TestWithOriginsAllocatesNothingPerRequest(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("allocation counts need a build without -race, and no -short")
	}
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://a.example"}})
	q, err := p.WithOrigins([]string{"https://b.example", "https://*.c.example"}, []string{"https://a.example"})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{"https://b.example", "https://a.example", "https://x.c.example", "HTTPS://B.EXAMPLE"} {
		req := core.NewRequest(newReq(http.MethodGet, o))
		if n := testing.AllocsPerRun(100, func() { q.Decide(req) }); n != 0 {
			t.Errorf("%q: %v allocations", o, n)
		}
	}
}

// TestLiveUpdateAllocatesLittle: a change of one origin in a large policy
// allocates at most a kilobyte, whatever the rest of the policy holds: the
// path it changes in the origin set and a small policy header, not a copy
// of the whole policy.
func TestLiveUpdateAllocatesLittle(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("allocation counts need a build without -race, and no -short")
	}
	const n = 100_000
	origins := make([]string, n)
	for i := range origins {
		origins[i] = fmt.Sprintf("https://t%07d.shops.platform-example.com", i)
	}
	l := core.NewLive(core.MustPolicy(core.Config{
		AllowedOrigins: origins, AllowCredentials: true,
		AllowHeaders: []string{"x-a", "x-b"}, ExposeHeaders: []string{"x-c"},
		AllowedOriginRegexes: []string{`^https://[a-z]+\.regex-example\.com$`},
	}))
	changes := make([][]string, 500)
	for i := range changes {
		changes[i] = []string{fmt.Sprintf("https://t%07d.shops.platform-example.com", n+i)}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, c := range changes {
		if err := l.Update(c, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range changes {
		if err := l.Update(nil, c); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / uint64(2*len(changes)); per > 1024 {
		t.Errorf("a change allocated %d bytes, want at most 1024", per)
	}
	if !allowed(l.Policy(), origins[7]) || allowed(l.Policy(), changes[0][0]) {
		t.Error("the policy after the changes is not the one built")
	}
}

// TestPolicyOrigins: Origins yields each entry once in normal form, and
// ListsOrigin and OriginKey read any spelling.
func TestPolicyOrigins(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://a.example", "HTTPS://A.EXAMPLE:443", "https://*.b.example", "null"}})
	var got []string
	for o := range p.Origins() {
		got = append(got, o)
	}
	if len(got) != 3 || got[2] != "https://*.b.example" {
		t.Errorf("Origins: %q", got)
	}
	for _, s := range []string{"https://A.example:443", "https://*.B.example", "null"} {
		if !p.ListsOrigin(s) {
			t.Errorf("ListsOrigin(%q) false", s)
		}
	}
	for _, s := range []string{"https://c.example", "https://*.a.example", "nope"} {
		if p.ListsOrigin(s) {
			t.Errorf("ListsOrigin(%q) true", s)
		}
	}
	if k, ok := core.OriginKey("HTTPS://Example.COM:443"); !ok || k != "https://example.com" {
		t.Errorf("OriginKey: %q %v", k, ok)
	}
	if _, ok := core.OriginKey("https://example.com/"); ok {
		t.Error("OriginKey of a non-entry: ok")
	}
}
