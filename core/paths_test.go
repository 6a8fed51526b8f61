package core_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

const (
	spa   = "https://app.example.com"
	admin = "https://admin.example.com"
)

// areas is the example: a public feed, an admin area for one
// origin, a credentialed API for the SPA.
func areas() core.Config {
	return core.Config{Paths: []core.PathRule{
		{Prefix: "/feed", Config: core.Config{AllowAllOrigins: true, AllowMethods: []string{"GET"}}},
		{Prefix: "/api/admin", Config: core.Config{AllowedOrigins: []string{admin}, AllowCredentials: true}},
		{Regex: `/api/`, Config: core.Config{AllowedOrigins: []string{spa}, AllowCredentials: true}},
	}}
}

func decidePath(t *testing.T, p *core.Policy, method, path, origin string, kv ...string) (core.Decision, http.Header) {
	t.Helper()
	r, err := http.NewRequest(method, "http://api.example.test"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Header.Add(kv[i], kv[i+1])
	}
	d := p.Decide(core.NewRequest(r))
	h := http.Header{}
	d.Apply(h)
	return d, h
}

func TestPathsChooseThePolicy(t *testing.T) {
	p, err := core.NewPolicy(areas())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, origin string
		acao         string // "" means refused
		credentials  bool
	}{
		{"/feed", "https://anyone.example.net", "*", false},
		{"/feed/today.json", spa, "*", false},
		{"/feeds", spa, "", false}, // no rule, and nothing allowed outside the rules
		{"/api/admin/users", admin, admin, true},
		{"/api/admin/users", spa, "", false},
		{"/api/admin", admin, admin, true},
		{"/api/users", spa, spa, true},
		{"/api/users", admin, "", false},
		{"/api/administrators", spa, spa, true}, // "/api/admin" is a subtree, not a text prefix
		{"/", spa, "", false},
	} {
		_, h := decidePath(t, p, http.MethodGet, tc.path, tc.origin)
		if got := h.Get("Access-Control-Allow-Origin"); got != tc.acao {
			t.Errorf("GET %s from %s: Access-Control-Allow-Origin %q, want %q", tc.path, tc.origin, got, tc.acao)
		}
		if got := h.Get("Access-Control-Allow-Credentials") == "true"; got != tc.credentials {
			t.Errorf("GET %s from %s: credentials %v, want %v", tc.path, tc.origin, got, tc.credentials)
		}
		// Paths no rule matches are not CORS paths here: no Vary.
		wantVary := "Origin"
		if tc.path == "/feeds" || tc.path == "/" {
			wantVary = ""
		}
		if h.Get("Vary") != wantVary {
			t.Errorf("GET %s from %s: Vary %q, want %q", tc.path, tc.origin, h.Get("Vary"), wantVary)
		}
	}
	// Preflights follow the same rules: the feed allows only GET.
	d, h := decidePath(t, p, http.MethodOptions, "/feed/x", spa, "Access-Control-Request-Method", "PUT")
	if d.Kind != core.PreflightRejected || h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("PUT preflight to the feed: %v %v, want rejected", d.Kind, h)
	}
	d, h = decidePath(t, p, http.MethodOptions, "/api/x", spa, "Access-Control-Request-Method", "PUT")
	if d.Kind != core.PreflightAccepted || h.Get("Access-Control-Allow-Methods") != "DELETE, GET, OPTIONS, PATCH, POST, PUT" {
		t.Errorf("PUT preflight to the API: %v %v", d.Kind, h)
	}
}

func TestPathsAmbiguousPathsFailClosed(t *testing.T) {
	p := core.MustPolicy(areas())
	for _, path := range []string{"/feed/../api/admin/users", "/feed/..", "/feed//../api/x", "//feed/x"} {
		_, h := decidePath(t, p, http.MethodGet, path, admin)
		if got := h.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("GET %s: granted %q, want nothing", path, got)
		}
		d, h := decidePath(t, p, http.MethodOptions, path, admin, "Access-Control-Request-Method", "GET")
		if d.Kind != core.NotCORS || d.Reason != core.ReasonPathNotEnabled || len(h) != 0 {
			t.Errorf("preflight %s: %v (%v) %v, want not CORS, no header", path, d.Kind, d.Reason, h)
		}
		e := p.Explain(mustRequest(http.MethodGet, path, admin))
		if len(e.Steps) == 0 || e.Steps[0].Check != "path rule" || e.Steps[0].OK {
			t.Errorf("Explain %s: first step %+v, want a failed path rule", path, e.Steps)
		}
	}
	// An ambiguous path that every reading sends to the same rule keeps
	// that rule's answer.
	_, h := decidePath(t, p, http.MethodGet, "/api/admin//users", admin)
	if got := h.Get("Access-Control-Allow-Origin"); got != admin {
		t.Errorf("GET /api/admin//users: %q, want %q", got, admin)
	}
}

func mustRequest(method, path, origin string) *http.Request {
	r, err := http.NewRequest(method, "http://api.example.test"+path, nil)
	if err != nil {
		panic(err)
	}
	r.Header.Set("Origin", origin)
	return r
}

func TestPathsExplainNamesTheRule(t *testing.T) {
	p := core.MustPolicy(areas())
	e := p.Explain(mustRequest(http.MethodGet, "/api/admin/x", spa))
	if e.Steps[0].Check != "path rule" || !strings.Contains(e.Steps[0].Detail, `Paths[1] (Prefix "/api/admin")`) {
		t.Errorf("first step %+v", e.Steps[0])
	}
	if e.Reason != core.ReasonOriginNotAllowed {
		t.Errorf("reason %v", e.Reason)
	}
	e = p.Explain(mustRequest(http.MethodGet, "/other", spa))
	if !strings.Contains(e.Steps[0].Detail, "no rule of Paths matches") {
		t.Errorf("first step %+v", e.Steps[0])
	}
}

func TestPathsValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rules []core.PathRule
		want  []string // each must appear in the error
	}{
		{"bad origin names the rule", []core.PathRule{
			{Prefix: "/a", Config: core.Config{AllowedOrigins: []string{"https://ok.example.com"}}},
			{Prefix: "/b", Config: core.Config{AllowedOrigins: []string{"example.com"}}},
		}, []string{"Paths[1].Config.AllowedOrigins[0]"}},
		{"every rule is checked", []core.PathRule{
			{Prefix: "/a", Config: core.Config{AllowedOrigins: []string{"nope"}}},
			{Prefix: "/b", Config: core.Config{PreflightStatus: 500}},
		}, []string{"Paths[0].Config.AllowedOrigins[0]", "Paths[1].Config.PreflightStatus"}},
		{"prefix and regex", []core.PathRule{{Prefix: "/a", Regex: "/a"}}, []string{"Paths[0]", "not both"}},
		{"no pattern", []core.PathRule{{}}, []string{"Paths[0]", `Prefix "/"`}},
		{"relative prefix", []core.PathRule{{Prefix: "api"}}, []string{`"/api"`}},
		{"dot segment", []core.PathRule{{Prefix: "/a/../b"}}, []string{"Paths[0]", `"/b"`}},
		{"bad regex", []core.PathRule{{Regex: "/a("}}, []string{"Paths[0]", "does not compile"}},
		{"nested", []core.PathRule{{Prefix: "/a", Config: core.Config{Paths: []core.PathRule{{Prefix: "/b"}}}}}, []string{"Paths[0]", "Paths of its own"}},
		{"URLsRegex in a rule", []core.PathRule{{Prefix: "/a", Config: core.Config{URLsRegex: "/a"}}}, []string{"Paths[0]", "URLsRegex"}},
		{"same prefix twice", []core.PathRule{{Prefix: "/api"}, {Prefix: "/api/"}}, []string{"Paths[1]", "never used", `Prefix "/api"`}},
		{"general before specific", []core.PathRule{{Prefix: "/api"}, {Prefix: "/api/admin"}}, []string{"Paths[1]", "never used"}},
		{"root first", []core.PathRule{{Prefix: "/"}, {Regex: "/x"}}, []string{"Paths[1]", "never used"}},
		{"prefix hides a regex", []core.PathRule{{Prefix: "/api"}, {Regex: `/api/v[0-9]+/`}}, []string{"Paths[1]", "never used"}},
		{"literal regex hides a prefix", []core.PathRule{{Regex: `/ap`}, {Prefix: "/api"}}, []string{"Paths[1]", "never used"}},
		{"catch-all regex", []core.PathRule{{Regex: `.*`}, {Prefix: "/api"}}, []string{"Paths[1]", "never used", `Regex ".*"`}},
		{"same regex twice", []core.PathRule{{Regex: `/a+`}, {Regex: `/a+`}}, []string{"Paths[1]", "never used"}},
		{"fallback checked too", []core.PathRule{{Prefix: "/a"}}, nil},
		{"a closed rule's settings apply to nothing", []core.PathRule{{Prefix: "/a", Config: core.Config{AllowCredentials: true}}},
			[]string{"Paths[0].Config.AllowCredentials", "applies to nothing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := core.Config{Paths: tc.rules}
			if tc.want == nil {
				cfg.AllowedOrigins = []string{"bad"}
				tc.want = []string{"AllowedOrigins[0]"}
			}
			p, err := core.NewPolicy(cfg)
			if err == nil || p != nil {
				t.Fatalf("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			var ce *core.ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("no ConfigError in %v", err)
			}
		})
	}
	// Settings outside the rules, where no origin is allowed, apply to
	// nothing.
	_, err := core.NewPolicy(core.Config{AllowCredentials: true, ExposeHeaders: []string{"X-A"}, Paths: []core.PathRule{{Prefix: "/a", Config: core.Config{AllowAllOrigins: true}}}})
	for _, w := range []string{"AllowCredentials \"true\"", "ExposeHeaders", "applies to nothing"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("settings outside the rules: %v, want %q", err, w)
		}
	}
	// Not hidden: specific before general, an anchored regex, disjoint
	// subtrees, a regex with a prefix that is not a whole segment.
	for _, rules := range [][]core.PathRule{
		{{Prefix: "/api/admin"}, {Prefix: "/api"}, {Prefix: "/"}},
		{{Regex: `/api$`}, {Prefix: "/api"}},
		{{Prefix: "/a"}, {Prefix: "/b"}, {Regex: "/ab"}},
		{{Prefix: "/api"}, {Regex: `/apis/`}},
		{{Regex: `(?i)/API`}, {Prefix: "/api"}},
	} {
		if _, err := core.NewPolicy(core.Config{Paths: rules}); err != nil {
			t.Errorf("%+v: %v", rules, err)
		}
	}
}

func TestPathOverlaps(t *testing.T) {
	got := core.PathOverlaps([]core.PathRule{
		{Prefix: "/api/admin"},
		{Prefix: "/api"},
		{Prefix: "/feed"},
		{Regex: `/(api|feed)/v2`},
	})
	want := []string{
		`Paths[0] and Paths[1] both match "/api/admin", which Paths[0] decides`,
		`Paths[1] and Paths[3] both match "/api/v2", which Paths[1] decides`,
	}
	var gotS []string
	for _, o := range got {
		gotS = append(gotS, o.String())
	}
	// The regex overlaps /feed too ("/feed/v2"), but the example built from
	// it takes its first alternative only: regex overlaps are found by
	// examples, as documented.
	if strings.Join(gotS, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(gotS, "\n"), strings.Join(want, "\n"))
	}
	got = core.PathOverlaps([]core.PathRule{{Regex: `/api/v[0-9]`}, {Prefix: "/api"}})
	if len(got) != 1 || got[0].Earlier != 0 || got[0].Later != 1 {
		t.Errorf("regex before prefix: %v", got)
	}
}

// TestPathsDecideAllocatesNothing: choosing the rule costs nothing. (A
// path with an empty, "." or ".." segment is cleaned to compare rules,
// which costs one allocation; browsers send such paths rarely.) Apply
// costs what it costs without Paths.
func TestPathsDecideAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counting needs a build without -race and without -short")
	}
	p := core.MustPolicy(areas())
	for _, r := range []*http.Request{
		mustRequest(http.MethodGet, "/feed/x", spa),
		mustRequest(http.MethodGet, "/api/admin/x", admin),
		mustRequest(http.MethodGet, "/api/x", spa),
		mustRequest(http.MethodGet, "/elsewhere", spa),
	} {
		req := core.NewRequest(r)
		if allocs := testing.AllocsPerRun(100, func() { p.Decide(req) }); allocs != 0 {
			t.Errorf("%s: %v allocs per Decide", r.URL.Path, allocs)
		}
		checkApplyCost(t, r.URL.Path, p.Decide(req))
	}
}

func TestPathsServeThroughLive(t *testing.T) {
	live := core.NewLive(core.MustPolicy(core.Config{AllowedOrigins: []string{spa}}))
	if err := live.Reload(areas()); err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	core.Handle(live, h, mustRequest(http.MethodGet, "/feed", "https://x.example.org"))
	if h.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("through Live: %v", h)
	}
}

// BenchmarkDecidePaths: the cost of choosing among rules, for a request
// decided by the first rule, by the last (a regex) and by the fallback,
// against the same request under a policy without Paths.
func BenchmarkDecidePaths(b *testing.B) {
	paths := core.MustPolicy(areas())
	plain := core.MustPolicy(core.Config{AllowedOrigins: []string{spa}, AllowCredentials: true})
	for _, bc := range []struct {
		name string
		p    *core.Policy
		path string
	}{
		{"no Paths", plain, "/api/items"},
		{"first rule", paths, "/feed/items"},
		{"third rule (regex)", paths, "/api/items"},
		{"fallback", paths, "/about"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := core.NewRequest(mustRequest(http.MethodGet, bc.path, spa))
			h := http.Header{}
			b.ReportAllocs()
			for b.Loop() {
				d := bc.p.Decide(req)
				clear(h)
				d.Apply(h)
			}
		})
	}
}

// TestPathsTrust: CSRF protection follows the rule for the path, as CORS
// does: each area trusts the origins it grants credentialed access.
func TestPathsTrust(t *testing.T) {
	p := core.MustPolicy(areas())
	for _, tc := range []struct {
		path, origin string
		want         bool
	}{
		{"/api/items", spa, true},
		{"/api/items", admin, false},
		{"/api/admin/users", admin, true},
		{"/api/admin/users", spa, false},
		{"/feed/x", spa, false}, // allow-all without credentials trusts none
		{"/other", spa, false},  // not a CORS path
		{"/feed/../api/admin/users", admin, false},
	} {
		if got := p.TrustsOrigin(mustRequest(http.MethodPost, tc.path, tc.origin)); got != tc.want {
			t.Errorf("TrustsOrigin(%s from %s) = %v, want %v", tc.path, tc.origin, got, tc.want)
		}
	}
}
