package pathrule

import "testing"

// regexRule compiles expr as core compiles a rule's Regex.
func regexRule(t *testing.T, expr string) Rule {
	t.Helper()
	re, tree := anchored(t, expr)
	fold, foldTree := anchored(t, FoldedExpr(tree))
	return NewRegex(expr, re, tree, fold, foldTree)
}

// TestPathRuleMatchesAsTheRegex: the literal-prefix shortcut of a Regex
// rule never changes what the regex alone would say.
func TestPathRuleMatchesAsTheRegex(t *testing.T) {
	exprs := []string{`/api/`, `^/api`, `/api/$`, `(?i)/API/`, `/a|/b`, `/v[0-9]+/`, `(/x)`, `\Q/q.\E`, `.*`, `/feed(/.*)?$`, `(?m)^/m`, `/api\b`}
	paths := []string{"/", "", "/api", "/api/", "/api/x", "/API/x", "/a", "/b/c", "/v2/", "/vx/", "/x", "/q.", "/qx", "/feed", "/feed/", "/feeds", "/m", "/apix", "/api-x"}
	for _, expr := range exprs {
		r := regexRule(t, expr)
		re, _ := anchored(t, expr)
		for _, p := range paths {
			if got, want := r.matches(p), re.MatchString(p); got != want {
				t.Errorf("Regex %q, path %q: rule matches %v, regex %v (literal %q, whole %v)", expr, p, got, want, r.literal, r.whole)
			}
		}
	}
}
