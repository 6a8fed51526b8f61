package core

import "testing"

// TestPathRuleMatchesAsTheRegex: the literal-prefix shortcut of a Regex
// rule never changes what the regex alone would say.
func TestPathRuleMatchesAsTheRegex(t *testing.T) {
	exprs := []string{`/api/`, `^/api`, `/api/$`, `(?i)/API/`, `/a|/b`, `/v[0-9]+/`, `(/x)`, `\Q/q.\E`, `.*`, `/feed(/.*)?$`, `(?m)^/m`, `/api\b`}
	paths := []string{"/", "", "/api", "/api/", "/api/x", "/API/x", "/a", "/b/c", "/v2/", "/vx/", "/x", "/q.", "/qx", "/feed", "/feed/", "/feeds", "/m", "/apix", "/api-x"}
	for i, expr := range exprs {
		var ps problems
		r, ok := compilePathRule(&ps, i, PathRule{Regex: expr})
		if !ok {
			t.Fatalf("%q: %v", expr, ps)
		}
		re, _, err := compileAnchored(expr, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if got, want := r.matches(p), re.MatchString(p); got != want {
				t.Errorf("Regex %q, path %q: rule matches %v, regex %v (literal %q, whole %v)", expr, p, got, want, r.literal, r.whole)
			}
		}
	}
}
