package rx

import (
	"regexp/syntax"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/check"
)

func parse(t *testing.T, expr string) *syntax.Regexp {
	t.Helper()
	re, err := syntax.Parse(expr, syntax.Perl)
	check.Require.NoError(t, err, expr)
	return re
}

// TestAffixes: the literal text a regex's every match starts and ends
// with, which lets Decide skip regexes that cannot match.
func TestAffixes(t *testing.T) {
	for _, tc := range []struct {
		expr           string
		prefix, suffix string
	}{
		{`https://[a-z]+\.example\.com`, "https://", ".example.com"},
		{`https://example\.com`, "https://example.com", "https://example.com"},
		{`(https://)[a-z]+(\.example\.com)`, "https://", ".example.com"},
		{`https?://x\.com`, "http", "://x.com"},
		{`^https://a\.b$`, "https://a.b", "https://a.b"},
		{`http://localhost:[0-9]+`, "http://localhost:", ""},
		{`(?i)https://x\.com`, "", ""},
		{`https://(a|b)\.com`, "https://", ".com"},
		{`https://a\.com|https://b\.org`, "https://", ""},
		{`.*`, "", ""},
		{``, "", ""},
	} {
		prefix, suffix := Affixes(parse(t, tc.expr))
		check.Assert.Equal(t, tc.prefix, prefix, "prefix of %s", tc.expr)
		check.Assert.Equal(t, tc.suffix, suffix, "suffix of %s", tc.expr)
	}
}

// TestEdgeAndPrefix: the one literal walk read both ways. Edge passes over
// every assertion; Prefix, which tells whether a regex matched from the
// start of a path matches every path beginning with its literal, stops at
// any assertion but a begin anchor with nothing before it.
func TestEdgeAndPrefix(t *testing.T) {
	for _, tc := range []struct {
		expr      string
		edge      string // Edge(r, false)
		edgeWhole bool
		prefix    string // Prefix(r)
		all       bool
	}{
		{`/api/`, "/api/", true, "/api/", true},
		{`(/api/)`, "/api/", true, "/api/", true},
		{`/api/.*`, "/api/", false, "/api/", false},
		{`\Q/q.\E`, "/q.", true, "/q.", true},
		{``, "", true, "", true},
		{`(?i)/API/`, "", false, "", false},
		{`/a|/b`, "/", false, "/", false}, // parsed as /[a-b]
		{`/v[0-9]+/`, "/v", false, "/v", false},
		// A begin anchor: nothing in the way of either at the start; in
		// the middle Prefix stops there, as no path matches past it.
		{`^/api`, "/api", true, "/api", true},
		{`\A/api`, "/api", true, "/api", true},
		{`(?m)^/m`, "/m", true, "/m", true},
		{`^^/api`, "/api", true, "/api", true},
		{`(^)/api`, "/api", true, "/api", true},
		{`/a^/b`, "/a/b", true, "/a", false},
		{`/a\A`, "/a", true, "/a", false},
		// End anchors and word boundaries: zero-width for Edge, a limit on
		// the paths matched for Prefix.
		{`/api/$`, "/api/", true, "/api/", false},
		{`/api\z`, "/api", true, "/api", false},
		{`(?m)/api$`, "/api", true, "/api", false},
		{`/api\b`, "/api", true, "/api", false},
		{`/api\B/x`, "/api/x", true, "/api", false},
		{`^https://a\.b$`, "https://a.b", true, "https://a.b", false},
	} {
		r := parse(t, tc.expr)
		edge, whole := Edge(r, false)
		check.Assert.Equal(t, tc.edge, edge, "Edge of %s", tc.expr)
		check.Assert.Equal(t, tc.edgeWhole, whole, "Edge of %s: whole", tc.expr)
		prefix, all := Prefix(r)
		check.Assert.Equal(t, tc.prefix, prefix, "Prefix of %s", tc.expr)
		check.Assert.Equal(t, tc.all, all, "Prefix of %s: all", tc.expr)
	}
}

// TestEdgeAtTheEnd: Edge reads a concatenation from its end too, through
// groups and past assertions.
func TestEdgeAtTheEnd(t *testing.T) {
	for _, tc := range []struct {
		expr, suffix string
		whole        bool
	}{
		{`[a-z]+\.example\.com$`, ".example.com", false},
		{`(\.example)(\.com)\b`, ".example.com", true},
		{`https://x\.com:[0-9]+`, "", false},
		{`x(?i:Y)z`, "z", false},
	} {
		suffix, whole := Edge(parse(t, tc.expr), true)
		check.Assert.Equal(t, tc.suffix, suffix, "suffix of %s", tc.expr)
		check.Assert.Equal(t, tc.whole, whole, "suffix of %s: whole", tc.expr)
	}
}

// TestPrefixMatchesAsTheRegex: a regex matched from the start of a path
// matches only paths beginning with Prefix's literal, and every such path
// when Prefix says all, so a path rule may test the literal instead.
func TestPrefixMatchesAsTheRegex(t *testing.T) {
	exprs := []string{`/api/`, `^/api`, `/api/$`, `(?i)/API/`, `/a|/b`, `/v[0-9]+/`, `(/x)`, `\Q/q.\E`, `.*`, `/feed(/.*)?$`,
		`(?m)^/m`, `/api\b`, `\A/api`, `/a^/b`, `(^)/x`, `/x\B`, `/api/\z`}
	paths := []string{"/", "", "/api", "/api/", "/api/x", "/API/x", "/a", "/a/b", "/b/c", "/v2/", "/vx/", "/x", "/xy", "/x/",
		"/q.", "/qx", "/feed", "/feed/", "/feeds", "/m", "/apix", "/api-x"}
	for _, expr := range exprs {
		re, tree, err := CompileAnchored(expr, false)
		check.Require.NoError(t, err, expr)
		lit, all := Prefix(tree)
		for _, p := range paths {
			matches, starts := re.MatchString(p), strings.HasPrefix(p, lit)
			if matches && !starts {
				t.Errorf("%q matches %q, which does not begin with %q", expr, p, lit)
			}
			if all && starts && !matches {
				t.Errorf("%q does not match %q, which begins with %q", expr, p, lit)
			}
		}
	}
}

// TestRequiredUpper: a regex every match of which needs an upper-case
// letter can never match a lower-case origin; one that only may, can.
func TestRequiredUpper(t *testing.T) {
	for _, tc := range []struct {
		expr, lit string
		ok        bool
	}{
		{`https://App\.example\.com`, "https://App.example.com", true},
		{`HTTPS://a|HTTP://b`, "HTTP", true}, // parsed as HTTP(?:S://a|://b)
		{`https://(A|B)\.com`, "[AB]", true},
		{`https://(X){2}\.com`, "X", true},
		{`https://X+\.com`, "X", true},
		{`https://(X)?example\.com`, "", false},
		{`https://X*\.com`, "", false},
		{`a|HTTPS://b`, "", false},
		{`(?i)https://App\.com`, "", false},
		{`https://[A-Za-z]+\.com`, "", false},
		{`https://[a-z]+\.com`, "", false},
	} {
		lit, ok := RequiredUpper(parse(t, tc.expr))
		check.Assert.Equal(t, tc.ok, ok, "%s", tc.expr)
		check.Assert.Equal(t, tc.lit, lit, "%s", tc.expr)
	}
}
