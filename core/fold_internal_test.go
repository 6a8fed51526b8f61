package core

import "testing"

// TestCompileFolded: the folded regex matches a path when the regex
// matches it with some letters in the other case, and foldSame tells the
// regexes for which lower-case paths need no second look.
func TestCompileFolded(t *testing.T) {
	for _, c := range []struct {
		expr     string
		same     bool
		match    []string
		mismatch []string
	}{
		{`/admin/`, true, []string{"/admin/x", "/ADMIN/x", "/aDmIn/"}, []string{"/admins", "/other"}},
		{`/Admin/`, false, []string{"/admin/x", "/ADMIN/x", "/Admin/"}, []string{"/other"}},
		{`^/reports$`, true, []string{"/reports", "/REPORTS"}, []string{"/reports/", "/reportsx"}},
		{`/[^a]`, false, []string{"/b", "/A", "/a"}, nil},
		{`/[a-z]+/x`, true, []string{"/abc/x", "/ABC/X"}, []string{"/1/x"}},
		{`/[A-Z]`, false, []string{"/a", "/A"}, []string{"/1"}},
		{`/\x{212A}ey`, false, []string{"/key"}, nil},
		{`(?i)/admin`, true, []string{"/ADMIN"}, nil},
		{`/v[0-9]+/\Qa.b`, true, []string{"/V2/A.B"}, []string{"/v2/axb"}},
		{`/[^/]+/x`, true, []string{"/AB/X"}, []string{"//x"}},
		{`/x/[^a-z]`, false, []string{"/x/b", "/x/1"}, nil},
	} {
		re, same := compileFolded(c.expr)
		if re == nil {
			t.Fatalf("%s: does not compile", c.expr)
		}
		if same != c.same {
			t.Errorf("%s: foldSame %v, want %v", c.expr, same, c.same)
		}
		for _, p := range c.match {
			if !re.MatchString(p) {
				t.Errorf("%s folded (%s) does not match %q", c.expr, re, p)
			}
		}
		for _, p := range c.mismatch {
			if re.MatchString(p) {
				t.Errorf("%s folded (%s) matches %q", c.expr, re, p)
			}
		}
	}
}

// TestFoldSameHolds: where foldSame holds, the folded regex and the regex
// agree on every lower-case path tried.
func TestFoldSameHolds(t *testing.T) {
	paths := []string{"/", "/a", "/admin", "/admin/", "/key", "/s", "/v2/a.b", "/reports", "/x/y", "/1"}
	for _, expr := range []string{`/admin/`, `^/reports$`, `/[a-z]+`, `/[^A-Z]`, `(?i)/ADMIN`, `/k`, `/s`, `.*`, `/[^/]+/[^/]`} {
		re, _, _ := compileAnchored(expr, false)
		folded, same := compileFolded(expr)
		if !same {
			t.Errorf("%s: foldSame false", expr)
			continue
		}
		for _, p := range paths {
			if re.MatchString(p) != folded.MatchString(p) {
				t.Errorf("%s on %q: %v as written, %v folded", expr, p, re.MatchString(p), folded.MatchString(p))
			}
		}
	}
}
