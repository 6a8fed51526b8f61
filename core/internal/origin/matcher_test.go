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

// TestMatcherReturnsTheEntry: each look-up names what allowed the origin:
// Exact for an exact origin (whose entry is the origin's normal form), the
// index of the first of equal patterns among Patterns otherwise, and -1
// for an origin none allows.
func TestMatcherReturnsTheEntry(t *testing.T) {
	m := NewMatcher(mustPatterns(t,
		"https://app.example.com",     // exact
		"HTTPS://APP.EXAMPLE.COM:443", // the same origin
		"http://localhost:*",          // 0
		"https://*.example.org",       // 1
		"https://*.example.org:8443",  // 2
		"null",                        // exact
	))
	for _, tc := range []struct {
		origin string
		want   int
	}{
		{"https://app.example.com", Exact},
		{"HTTPS://App.Example.com:443", Exact},
		{"http://localhost:3000", 0},
		{"http://localhost", 0},
		{"https://a.b.example.org", 1},
		{"https://a.example.org:8443", 2},
		{"null", Exact},
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
	check.Assert.Equal(t, "http://localhost:*", m.Pattern(0).String())
	check.Assert.Equal(t, "https://*.example.org:8443", m.Pattern(2).String())
	exact, patterns := m.Len()
	check.Assert.Equal(t, 2, exact)
	check.Assert.Equal(t, 3, patterns)

	check.Assert.Equal(t, Exact, m.MatchVerbatim("https://app.example.com"))
	check.Assert.Equal(t, -1, m.MatchVerbatim("HTTPS://APP.EXAMPLE.COM"), "upper case needs parsing")
	check.Assert.True(t, m.HasExact("https://app.example.com"))
	check.Assert.True(t, !m.HasExact("https://app.example.com:443"))
	check.Assert.Equal(t, 0, m.AnyPort("http://localhost"))
	check.Assert.Equal(t, 1, m.SubdomainOf("example.org"))
	check.Assert.Equal(t, -1, m.SubdomainOf("a.example.org"))
	o, _ := Parse("http://a.example.org")
	check.Assert.Equal(t, 1, m.MatchSubdomain(&o, "https"), "under the other scheme")
}

// TestMatcherVerbatim: the look-up without parsing finds exact entries in
// their normal form, which is what browsers send; a key in another form
// (here a pattern built by hand, in upper case) turns it off, and Match
// then looks up even an origin sent as it reads.
func TestMatcherVerbatim(t *testing.T) {
	m := NewMatcher(mustPatterns(t, "http://[0:0::1]:8000", "https://a.example"))
	check.Assert.Equal(t, Exact, m.MatchVerbatim("http://[::1]:8000"))
	check.Assert.Equal(t, -1, m.MatchVerbatim("http://[0:0::1]:8000"))

	m = NewMatcher([]Pattern{{Scheme: "https", Host: "a.example"}, {Scheme: "https", Host: "B.example"}})
	check.Assert.Equal(t, -1, m.MatchVerbatim("https://a.example"))
	o, _ := Parse("https://a.example")
	check.Assert.Equal(t, Exact, m.Match(&o, true))

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

// unmatchableEntries are exact origins of several lengths, with and
// without ports, for the Unmatchable tests.
var unmatchableEntries = []string{"https://app.example.com", "http://localhost:8000", "https://a.io", "null", "http://[::1]:3000"}

// TestUnmatchable: an origin Unmatchable calls so is allowed by no pattern
// once parsed, whatever its spelling; one that some spelling of a listed
// origin could be is never called so.
func TestUnmatchable(t *testing.T) {
	m := NewMatcher(mustPatterns(t, unmatchableEntries...))
	for _, s := range []string{
		"https://app.example.com", "HTTPS://APP.EXAMPLE.COM", "https://app.example.com:443",
		"HTTPS://App.Example.Com:443", "http://localhost:8000", "HTTP://LOCALHOST:8000", "https://a.io:443",
		"null", "http://[::1]:3000",
	} {
		check.Assert.True(t, !m.Unmatchable(s), "%q spells a listed origin", s)
	}
	// Lengths 4, 12, 17, 21 and 23 are listed: 19, 22, 13, 29 and 0 cannot
	// spell any of them.
	for _, s := range []string{"https://evil.exampl", "https://app.example.co", "http://localhost:80000", "https://b.iox", "https://evil-site.example.org", ""} {
		check.Assert.True(t, m.Unmatchable(s), "%q", s)
	}
	// Patterns that match more than exact origins rule it out.
	for _, extra := range []string{"https://*.example.org", "http://localhost:*"} {
		m := NewMatcher(mustPatterns(t, append([]string{extra}, unmatchableEntries...)...))
		check.Assert.True(t, !m.Unmatchable("https://evil.exampl"), "with %q", extra)
	}
}
