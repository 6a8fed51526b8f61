package pathrule

import (
	"strings"
	"testing"
)

// areas is a public subtree, a closed admin subtree, a report path a regex
// names exactly, and a files subtree a regex names with its slash.
func areas(t *testing.T) *Set {
	t.Helper()
	var s Set
	for _, prefix := range []string{"/public", "/admin"} {
		r, ok := NewPrefix(prefix)
		if !ok {
			t.Fatalf("NewPrefix(%q) refused", prefix)
		}
		s.Add(r)
	}
	s.Add(regexRule(t, `/reports$`))
	s.Add(regexRule(t, `/files/`))
	return &s
}

// TestChoose: a path's rule is its position when every reading of the
// path falls under it, NoRule when none does, and Ambiguous otherwise.
func TestChoose(t *testing.T) {
	s := areas(t)
	for _, c := range []struct {
		path, raw string
		want      int
	}{
		{"/public/x", "", 0},
		{"/public", "", 0},
		{"/publicx", "", NoRule},
		{"/admin/users", "", 1},
		{"/reports", "", 2},
		{"/files/a", "", 3},
		{"/other", "", NoRule},
		{"/", "", NoRule},
		// Readings under another rule.
		{"/ADMIN/users", "", Ambiguous},
		{"/Public/x", "", Ambiguous},
		{"/public/../admin/users", "", Ambiguous},
		{"/public//x", "", 0},
		{"/other/../public/x", "", Ambiguous},
		{"/public/x", "/%70ublic/x", Ambiguous},
		{"/partner/x", "/%70artner/x", NoRule},
		{"/public/a/b", "/public/a%2Fb", 0},
		{"/reports/", "", Ambiguous},
		{"/files", "", Ambiguous},
		{"/files/", "", Ambiguous},
		// Too long to be read.
		{"/public/" + strings.Repeat("x", MaxLength), "", Ambiguous},
		{"/public/x", "/public/" + strings.Repeat("x", MaxLength), Ambiguous},
		{"/public/" + strings.Repeat("x", MaxLength-len("/public/")), "", 0},
	} {
		if got := s.Choose(c.path, c.raw); got != c.want {
			t.Errorf("Choose(%.40q, %.40q) = %d, want %d", c.path, c.raw, got, c.want)
		}
	}
}

// TestChooseAllocatesNothing: choosing a rule, readings built included,
// costs no allocation.
func TestChooseAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counting needs a build without -race")
	}
	s := areas(t)
	for _, p := range []string{"/public/x", "/ADMIN/users", "/public/../admin/x", "/reports/", "/files", "/v2/Files/"} {
		if allocs := testing.AllocsPerRun(100, func() { s.Choose(p, "") }); allocs != 0 {
			t.Errorf("%q: %v allocations", p, allocs)
		}
	}
}

// TestDisagreement: the form and reading that made a path Ambiguous.
func TestDisagreement(t *testing.T) {
	s := areas(t)
	for _, c := range []struct {
		path, raw string
		form      Form
		text      string
		reading   Reading
	}{
		{"/ADMIN/users", "", AsSent, "/ADMIN/users", Folded},
		{"/public/../admin/users", "", Cleaned, "/admin/users", Itself},
		{"/other/../Admin/x", "", Cleaned, "/Admin/x", Folded},
		{"/public/x", "/%70ublic/x", Escaped, "/%70ublic/x", Itself},
		{"/reports/", "", AsSent, "/reports/", Trimmed},
		{"/files", "", AsSent, "/files", Slashed},
		{"/public/x", "", 0, "", 0},
		{"/" + strings.Repeat("x", MaxLength), "", 0, "", 0},
	} {
		form, text, reading := s.Disagreement(c.path, c.raw)
		if form != c.form || text != c.text || reading != c.reading {
			t.Errorf("Disagreement(%.40q, %q) = %d, %q, %d; want %d, %q, %d", c.path, c.raw, form, text, reading, c.form, c.text, c.reading)
		}
	}
}

// TestNewPrefix: a prefix is a path from the root, with no segment that
// routers read differently.
func TestNewPrefix(t *testing.T) {
	for _, p := range []string{"/", "/api", "/api/", "/a.b/.well-known"} {
		if _, ok := NewPrefix(p); !ok {
			t.Errorf("NewPrefix(%q) refused", p)
		}
	}
	for _, p := range []string{"", "api", "//api", "/api//x", "/api/./x", "/api/..", "/api?x=1", "/api#x"} {
		if _, ok := NewPrefix(p); ok {
			t.Errorf("NewPrefix(%q) accepted", p)
		}
	}
}

// TestShadowsAndOverlap: a rule hides a later one only when it matches
// every path the later one matches; an overlap comes with a path both
// match.
func TestShadowsAndOverlap(t *testing.T) {
	prefix := func(p string) *Rule {
		r, ok := NewPrefix(p)
		if !ok {
			t.Fatalf("NewPrefix(%q) refused", p)
		}
		return &r
	}
	regex := func(expr string) *Rule { r := regexRule(t, expr); return &r }
	for _, c := range []struct {
		name          string
		a, b          *Rule
		shadows, over bool
	}{
		{"root over all", prefix("/"), prefix("/api"), true, true},
		{"subtree", prefix("/api"), prefix("/api/admin"), true, true},
		{"same prefix", prefix("/api/"), prefix("/api"), true, true},
		{"sibling", prefix("/api"), prefix("/apis"), false, false},
		{"specific first", prefix("/api/admin"), prefix("/api"), false, true},
		{"prefix over regex", prefix("/api"), regex(`/api/v[0-9]+/`), true, true},
		{"literal regex over prefix", regex(`/api/`), prefix("/api/v2"), true, true},
		{"literal regex over regex", regex(`/api/`), regex(`/api/v[0-9]+`), true, true},
		{"any path", regex(`.*`), prefix("/x"), true, true},
		{"same regex", regex(`/v[0-9]+/`), regex(`/v[0-9]+/`), true, true},
		{"regex and sibling", regex(`/v[0-9]+/`), prefix("/docs"), false, false},
		{"regexes by sample", regex(`/v[0-9]+/`), regex(`/v1/x`), false, true},
	} {
		if got := Shadows(c.a, c.b); got != c.shadows {
			t.Errorf("%s: Shadows %v, want %v", c.name, got, c.shadows)
		}
		ex, ok := Overlap(c.a, c.b)
		if ok != c.over || ok && !(c.a.matches(ex) && c.b.matches(ex)) {
			t.Errorf("%s: Overlap %q, %v; want %v with a path both match", c.name, ex, ok, c.over)
		}
	}
}
