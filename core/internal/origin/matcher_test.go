package origin

import (
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/check"
)

func mustPatterns(t *testing.T, entries ...string) []Pattern {
	t.Helper()
	var ps []Pattern
	for _, s := range entries {
		p, problem, fix, ok := ParsePattern(s, false)
		check.Require.True(t, ok, "%q: %s; %s", s, problem, fix)
		ps = append(ps, p)
	}
	return ps
}

// TestMatcherReturnsTheEntry: each look-up names the pattern that allowed
// the origin, the first of equal ones, and -1 for an origin none allows.
func TestMatcherReturnsTheEntry(t *testing.T) {
	m := NewMatcher(mustPatterns(t,
		"https://app.example.com",     // 0
		"HTTPS://APP.EXAMPLE.COM:443", // 1: the same origin as 0
		"http://localhost:*",          // 2
		"https://*.example.org",       // 3
		"https://*.example.org:8443",  // 4
		"null",                        // 5
	))
	for _, tc := range []struct {
		origin string
		want   int
	}{
		{"https://app.example.com", 0},
		{"HTTPS://App.Example.com:443", 0},
		{"http://localhost:3000", 2},
		{"http://localhost", 2},
		{"https://a.b.example.org", 3},
		{"https://a.example.org:8443", 4},
		{"null", 5},
		{"https://example.org", -1},
		{"http://a.example.org", -1},
		{"https://localhost:3000", -1},
		{"file://", -1},
		{"https://1.2.3.example.org.4", -1},
	} {
		o, ok := Parse(tc.origin)
		check.Require.True(t, ok, "%q", tc.origin)
		check.Assert.Equal(t, tc.want, m.Match(&o, false), "Match(%q)", tc.origin)
	}
	check.Assert.Equal(t, "https://app.example.com", m.Pattern(1).String())
	check.Assert.Equal(t, "http://localhost:*", m.Pattern(2).String())
	check.Assert.Equal(t, "https://*.example.org:8443", m.Pattern(4).String())
	check.Assert.Equal(t, "null", m.Pattern(5).String())

	check.Assert.Equal(t, 0, m.MatchVerbatim("https://app.example.com"))
	check.Assert.Equal(t, -1, m.MatchVerbatim("HTTPS://APP.EXAMPLE.COM"), "upper case needs parsing")
	check.Assert.Equal(t, 0, m.Exact("https://app.example.com"))
	check.Assert.Equal(t, 2, m.AnyPort("http://localhost"))
	check.Assert.Equal(t, 3, m.SubdomainOf("example.org"))
	check.Assert.Equal(t, -1, m.SubdomainOf("a.example.org"))
	o, _ := Parse("http://a.example.org")
	check.Assert.Equal(t, 3, m.MatchSubdomain(&o, "https"), "under the other scheme")
}

// TestMatcherVerbatim: the look-up without parsing finds exact entries in
// their normal form, which is what browsers send; a key in another form
// (here a pattern built by hand, in upper case) turns it off, and Match
// then looks up even an origin sent as it reads.
func TestMatcherVerbatim(t *testing.T) {
	m := NewMatcher(mustPatterns(t, "http://[0:0::1]:8000", "https://a.example"))
	check.Assert.Equal(t, 0, m.MatchVerbatim("http://[::1]:8000"))
	check.Assert.Equal(t, -1, m.MatchVerbatim("http://[0:0::1]:8000"))

	m = NewMatcher([]Pattern{{Scheme: "https", Host: "a.example"}, {Scheme: "https", Host: "B.example"}})
	check.Assert.Equal(t, -1, m.MatchVerbatim("https://a.example"))
	o, _ := Parse("https://a.example")
	check.Assert.Equal(t, 0, m.Match(&o, true))

	var zero Matcher
	check.Assert.Equal(t, -1, zero.MatchVerbatim("https://a.example"))
	check.Assert.Equal(t, -1, zero.Match(&o, false))
}

// TestMatcherAllocatesNothing: no look-up allocates, whatever the origin.
func TestMatcherAllocatesNothing(t *testing.T) {
	m := NewMatcher(mustPatterns(t, "https://app.example.com", "http://localhost:*", "https://*.example.org"))
	for _, s := range []string{"https://app.example.com", "HTTPS://A.B.EXAMPLE.ORG", "http://localhost:1", "https://x.example.net"} {
		allocs := testing.AllocsPerRun(100, func() {
			var o Origin
			if ParseInto(&o, s) {
				m.Match(&o, o.Norm() == s)
				o.Release()
			}
		})
		check.Assert.Equal(t, 0.0, allocs, "%q", s)
	}
}
