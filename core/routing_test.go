package core_test

import (
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// Paths under a router that folds case and ignores the trailing slash
// (Fiber's defaults): the admin and internal areas, a closed report and
// every other path open to the sites under example.com with credentials.
const (
	blogOrigin  = "https://blog.example.com"
	adminOrigin = "https://admin.example.com"
)

func routedAreas() core.Config {
	return core.Config{
		AllowedOrigins:   []string{"https://*.example.com"},
		AllowCredentials: true,
		Paths: []core.PathRule{
			{Prefix: "/admin", Config: core.Config{AllowedOrigins: []string{adminOrigin}, AllowCredentials: true}},
			{Prefix: "/internal", Config: core.Config{}},
			{Regex: `^/reports$`, Config: core.Config{}},
		},
	}
}

func routedDecide(p *core.Policy, target, origin string) core.Decision {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Header.Set("Origin", origin)
	return p.Decide(core.NewRequest(r))
}

func grantHeader(d core.Decision) http.Header {
	h := http.Header{}
	d.Apply(h)
	return h
}

// TestPathsCaseInsensitiveReading: a path another case of which falls
// under another rule gets no grant, whatever the router: Fiber serves
// "/ADMIN/users" with the admin routes, and the rule outside "/admin" must
// not answer for them.
func TestPathsCaseInsensitiveReading(t *testing.T) {
	p := core.MustPolicy(routedAreas())
	for _, c := range []struct {
		target, origin string
		want           bool
	}{
		{"/ADMIN/users", blogOrigin, false},
		{"/Admin/users", blogOrigin, false},
		{"/admiN", blogOrigin, false},
		{"/INTERNAL/secrets", blogOrigin, false},
		{"/iNtErNaL", blogOrigin, false},
		{"/REPORTS", blogOrigin, false},
		{"/%41DMIN/users", blogOrigin, false},
		{"/admin/../ADMIN/x", blogOrigin, false},
		// Another case of the admin area is closed to the admin origin
		// too: each rule decides the paths as written.
		{"/ADMIN/users", adminOrigin, false},
		// Unchanged: the paths as written.
		{"/admin/users", adminOrigin, true},
		{"/admin/users", blogOrigin, false},
		{"/internal/x", blogOrigin, false},
		{"/blog/Posts/Hello", blogOrigin, true},
		{"/ADMINS", blogOrigin, true},
		{"/adminx/y", blogOrigin, true},
		{"/REPORTS/x", blogOrigin, true},
	} {
		d := routedDecide(p, c.target, c.origin)
		h := grantHeader(d)
		if d.Allowed() != c.want || (h.Get("Access-Control-Allow-Credentials") != "") != c.want {
			t.Errorf("%s from %s: allowed %v, headers %v; want allowed %v", c.target, c.origin, d.Allowed(), h, c.want)
		}
		r := httptest.NewRequest(http.MethodPost, c.target, nil)
		r.Header.Set("Origin", c.origin)
		if got := p.TrustsOrigin(r); got != c.want {
			t.Errorf("TrustsOrigin %s from %s: %v, want %v", c.target, c.origin, got, c.want)
		}
	}
}

// TestPathsMixedCaseRule: a rule written in mixed case keeps deciding its
// paths as written, and its lower-case paths are closed rather than given
// to the rule outside it.
func TestPathsMixedCaseRule(t *testing.T) {
	p := core.MustPolicy(core.Config{
		AllowedOrigins:   []string{"https://*.example.com"},
		AllowCredentials: true,
		Paths: []core.PathRule{
			{Prefix: "/Admin", Config: core.Config{AllowedOrigins: []string{adminOrigin}, AllowCredentials: true}},
			{Regex: `^/Files/[A-Z][a-z]+$`, Config: core.Config{AllowedOrigins: []string{adminOrigin}}},
		},
	})
	for _, c := range []struct {
		target, origin string
		want           bool
	}{
		{"/Admin/users", adminOrigin, true},
		{"/Admin", adminOrigin, true},
		{"/Files/Report", adminOrigin, true},
		{"/Admin/users", blogOrigin, false},
		{"/admin/users", blogOrigin, false},
		{"/ADMIN/users", blogOrigin, false},
		{"/files/report", blogOrigin, false},
		{"/FILES/REPORT", blogOrigin, false},
		{"/Files/Report", blogOrigin, false},
		{"/Files/report1", blogOrigin, true},
		{"/other", blogOrigin, true},
	} {
		if got := routedDecide(p, c.target, c.origin).Allowed(); got != c.want {
			t.Errorf("%s from %s: allowed %v, want %v", c.target, c.origin, got, c.want)
		}
	}
}

// TestPathsTrailingSlashReading: a path whose form with or without a
// trailing slash falls under another rule is closed whatever the router
// (a closed `^/reports$` closes "/reports/", a rule `^/files/` closes
// "/files" to the fallback), and so is a path whose form without its
// trailing slashes falls under another rule: the middleware cannot see
// whether the router (Fiber by default, chi's StripSlashes, Echo's
// RemoveTrailingSlash after an e.Pre middleware) serves "/files/" as
// "/files".
func TestPathsTrailingSlashReading(t *testing.T) {
	p := core.MustPolicy(routedAreas())
	for _, c := range []struct {
		target string
		want   bool
	}{
		{"/reports/", false},
		{"/reports//", false},
		{"/REPORTS/", false},
		{"/Reports//", false},
		{"/reports%2F", false},
		{"/reports/x/..", false},
		{"/admin/", false},
		{"/reports", false},
		{"/reports/x/", true},
		{"/blog/", true},
		{"/", true},
	} {
		if got := routedDecide(p, c.target, blogOrigin).Allowed(); got != c.want {
			t.Errorf("%s: allowed %v, want %v", c.target, got, c.want)
		}
	}
	// A rule that matches a path with a trailing slash and not without
	// it: a router may serve "/files" with the route "/files/", or
	// "/files/" with the route "/files".
	files := core.MustPolicy(core.Config{
		AllowedOrigins:   []string{"https://*.example.com"},
		AllowCredentials: true,
		Paths: []core.PathRule{
			{Regex: `^/files/`, Config: core.Config{AllowedOrigins: []string{adminOrigin}}},
			{Regex: `^/(?:Reports|news)$`, Config: core.Config{AllowedOrigins: []string{adminOrigin}}},
			{Regex: `^/v[0-9]+/items/$`, Config: core.Config{}},
			{Regex: `^/docs(/|$)`, Config: core.Config{AllowedOrigins: []string{adminOrigin}}},
		},
	})
	for _, c := range []struct {
		target, origin string
		want           bool
	}{
		{"/files/x", adminOrigin, true},
		{"/files/x/", adminOrigin, true},
		{"/files/", adminOrigin, false},
		{"/files", blogOrigin, false},
		{"/FILES", blogOrigin, false},
		{"/v2/items", blogOrigin, false},
		{"/V2/Items", blogOrigin, false},
		{"/v2/items/", blogOrigin, false},
		{"/v2/itemsx", blogOrigin, true},
		// A rule anchored at the end without the slash keeps its path.
		{"/news", adminOrigin, true},
		{"/Reports", adminOrigin, true},
		{"/news/", adminOrigin, false},
		// A rule matching both forms keeps both.
		{"/docs", adminOrigin, true},
		{"/docs/", adminOrigin, true},
	} {
		if got := routedDecide(files, c.target, c.origin).Allowed(); got != c.want {
			t.Errorf("%s from %s: allowed %v, want %v", c.target, c.origin, got, c.want)
		}
	}
}

// TestURLsRegexRoutedReadings: URLsRegex enables a path only when it
// matches every reading a router may route on.
func TestURLsRegexRoutedReadings(t *testing.T) {
	for _, c := range []struct {
		urls, target string
		want         bool
	}{
		{`^/[^a]`, "/Admin/x", false},
		{`^/[^a]`, "/b/x", true},
		// Each letter named stands for both its cases, as the router
		// reads the routes: "[^A-Z]" excludes every letter.
		{`^/api/v1/[^A-Z]`, "/api/v1/a", false},
		{`^/api/v1/[^A-Z]`, "/api/v1/1", true},
		{`^/api/[^p]`, "/api/Private", false},
		{`^/reports/`, "/reports/", false},
		{`^/reports(/|$)`, "/reports/", true},
		{`^/reports/`, "/reports/x", true},
		{`^/public$`, "/public", true},
		{`^/public/?$`, "/public/", true},
		{`^/API/`, "/API/x", true},
		{`^/API/`, "/api/x", false},
		{`^/api/`, "/API/x", false},
	} {
		p := core.MustPolicy(core.Config{AllowedOrigins: []string{blogOrigin}, AllowCredentials: true, URLsRegex: c.urls})
		if got := routedDecide(p, c.target, blogOrigin).Allowed(); got != c.want {
			t.Errorf("URLsRegex %s, %s: allowed %v, want %v", c.urls, c.target, got, c.want)
		}
	}
}

// TestExplainRoutedReadings: Explain names the reading that fell under
// another rule.
func TestExplainRoutedReadings(t *testing.T) {
	p := core.MustPolicy(routedAreas())
	for _, c := range []struct {
		target string
		want   string
	}{
		{"/ADMIN/users", `"/ADMIN/users", read case-insensitively as Fiber routes by default, falls under another rule of Paths`},
		{"/reports/", `"/reports/", without its trailing slash, as a router that ignores the slash serves it, falls under another rule of Paths ("/reports")`},
	} {
		r := httptest.NewRequest(http.MethodGet, c.target, nil)
		r.Header.Set("Origin", blogOrigin)
		e := p.Explain(r)
		if e.Reason != core.ReasonPathNotEnabled || !strings.Contains(e.String(), c.want) {
			t.Errorf("%s: reason %v\n%s", c.target, e.Reason, e)
		}
	}
	files := core.MustPolicy(core.Config{AllowedOrigins: []string{blogOrigin}, Paths: []core.PathRule{{Regex: `^/files/`, Config: core.Config{AllowedOrigins: []string{adminOrigin}}}}})
	r := httptest.NewRequest(http.MethodGet, "/files", nil)
	r.Header.Set("Origin", blogOrigin)
	if e := files.Explain(r); e.Reason != core.ReasonPathNotEnabled || !strings.Contains(e.String(), `"/files", which a router that ignores the trailing slash (Fiber by default, chi's StripSlashes) serves as "/files" or "/files/", falls under another rule of Paths that way`) {
		t.Errorf("/files: %s", e)
	}
	u := core.MustPolicy(core.Config{AllowedOrigins: []string{blogOrigin}, URLsRegex: `^/reports/`})
	r = httptest.NewRequest(http.MethodGet, "/reports/", nil)
	r.Header.Set("Origin", blogOrigin)
	if e := u.Explain(r); e.Kind != core.NotCORS || !strings.Contains(e.String(), "but not as a router may read it") {
		t.Errorf("URLsRegex: %s", e)
	}
}

// TestRoutedReadingsAllocatesNothing: the readings cost no allocation, on
// the common path (lower case, no trailing slash) or any other.
func TestRoutedReadingsAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counting needs a build without -race and without -short")
	}
	cfg := routedAreas()
	cfg.Paths = append(cfg.Paths, core.PathRule{Regex: `/v[0-9]+/Items/`, Config: core.Config{AllowedOrigins: []string{adminOrigin}}})
	paths := core.MustPolicy(cfg)
	urls := core.MustPolicy(core.Config{AllowedOrigins: []string{blogOrigin}, URLsRegex: `^/(?:blog|v[0-9]+)/[^_]`})
	for _, p := range []*core.Policy{paths, urls} {
		for _, target := range []string{"/blog/posts", "/blog/Posts/", "/ADMIN/users", "/reports/", "/v2/items/x"} {
			r := httptest.NewRequest(http.MethodGet, target, nil)
			r.Header.Set("Origin", blogOrigin)
			req := core.NewRequest(r)
			if allocs := testing.AllocsPerRun(100, func() { p.Decide(req) }); allocs != 0 {
				t.Errorf("%s: %v allocations", target, allocs)
			}
		}
	}
}

// FuzzRoutedReadings: whatever the path, a grant to the blog under
// routedAreas is never for a path that a router folding case, cleaning the
// path and ignoring the trailing slash serves under the admin, internal or
// report rules; and a plain lower-case path outside them keeps its grant.
func FuzzRoutedReadings(f *testing.F) {
	for _, p := range []string{"/ADMIN/users", "/reports/", "/Reports//", "/blog/x", "/admin/../blog", "/INTERNAL", "/reportsx", "/a/b/", "/"} {
		f.Add(p)
	}
	p := core.MustPolicy(routedAreas())
	f.Fuzz(func(t *testing.T, target string) {
		if target == "" || target[0] != '/' {
			return
		}
		req := core.Request{Method: http.MethodGet, Path: target, Origin: []string{blogOrigin}}
		d := p.Decide(req)
		routed := strings.ToLower(path.Clean(target))
		protected := routed == "/admin" || strings.HasPrefix(routed, "/admin/") || routed == "/internal" ||
			strings.HasPrefix(routed, "/internal/") || routed == "/reports"
		if d.Allowed() && protected {
			t.Fatalf("%q granted to the blog; a router serves it as %q", target, routed)
		}
		plain := strings.TrimRight(target, "abcdefghijklmnopqrstuvwxyz0123456789-/") == "" &&
			!strings.Contains(target, "//") && !strings.HasSuffix(target, "/")
		if plain && !protected && !strings.HasPrefix(routed, "/reports/") && !d.Allowed() {
			t.Fatalf("%q: a plain path outside the rules lost its grant", target)
		}
	})
}
