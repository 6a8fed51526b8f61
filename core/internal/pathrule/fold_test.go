package pathrule

import (
	"regexp"
	"regexp/syntax"
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/rx"
)

// anchored compiles expr to match from the start of a path, as core
// compiles URLsRegex and a rule's Regex, and returns its parsed form too.
func anchored(t *testing.T, expr string) (*regexp.Regexp, *syntax.Regexp) {
	t.Helper()
	re, tree, err := rx.CompileAnchored(expr, false)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return re, tree
}

// compileFolded compiles FoldedExpr of expr anchored, and reports whether
// foldSame holds for it.
func compileFolded(t *testing.T, expr string) (*regexp.Regexp, bool) {
	t.Helper()
	_, tree := anchored(t, expr)
	fold, foldTree := anchored(t, FoldedExpr(tree))
	return fold, foldSame(tree, foldTree)
}

// TestFoldedExpr: in the folded regex each letter named stands for
// both its cases, and foldSame tells the regexes for which lower-case
// paths need no second look.
func TestFoldedExpr(t *testing.T) {
	for _, c := range []struct {
		expr     string
		same     bool
		match    []string
		mismatch []string
	}{
		{`/admin/`, true, []string{"/admin/x", "/ADMIN/x", "/aDmIn/"}, []string{"/admins", "/other"}},
		{`/Admin/`, false, []string{"/admin/x", "/ADMIN/x", "/Admin/"}, []string{"/other"}},
		{`^/reports$`, true, []string{"/reports", "/REPORTS"}, []string{"/reports/", "/reportsx"}},
		{`/[^a]`, true, []string{"/b", "/1"}, []string{"/A", "/a"}},
		{`/[^A]`, false, []string{"/b"}, []string{"/A", "/a"}},
		{`/[^A-Z]`, false, []string{"/1"}, []string{"/a", "/A"}},
		{`/[a-z]+/x`, true, []string{"/abc/x", "/ABC/X"}, []string{"/1/x"}},
		{`/[A-Z]`, false, []string{"/a", "/A"}, []string{"/1"}},
		{`/\x{212A}ey`, false, []string{"/key"}, nil},
		{`(?i)/admin`, true, []string{"/ADMIN"}, nil},
		{`/v[0-9]+/\Qa.b`, true, []string{"/V2/A.B"}, []string{"/v2/axb"}},
		{`/[^/]+/x`, true, []string{"/AB/X"}, []string{"//x"}},
		{`/x/[^a-z]`, true, []string{"/x/1"}, []string{"/x/b", "/x/B"}},
	} {
		re, same := compileFolded(t, c.expr)
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
	for _, expr := range []string{`/admin/`, `^/reports$`, `/[a-z]+`, `(?i)/ADMIN`, `/k`, `/s`, `.*`, `/[^/]+/[^/]`, `/x/[^a-z]`, `/[^a]`} {
		re, _ := anchored(t, expr)
		folded, same := compileFolded(t, expr)
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
