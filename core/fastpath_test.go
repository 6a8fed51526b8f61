package core

import (
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/check"
)

// TestLiteralAffixes: the literal text a regex's every match starts and
// ends with, which lets Decide skip regexes that cannot match.
func TestLiteralAffixes(t *testing.T) {
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
		a := literalAffixes(tc.expr)
		check.Assert.Equal(t, tc.prefix, a.prefix, "prefix of %s", tc.expr)
		check.Assert.Equal(t, tc.suffix, a.suffix, "suffix of %s", tc.expr)
	}
}

// FuzzBrowserOrigin: the one-pass parser of common origins agrees with the
// full one on every origin it accepts.
func FuzzBrowserOrigin(f *testing.F) {
	for _, s := range []string{
		"https://app.example.com", "http://localhost:8000", "https://a-b_c.d9.example:443",
		"http://x.y:80", "https://X.com", "https://x..com", "https://.x", "https://x.", "https://x:",
		"https://x:0", "https://x:65536", "https://[::1]:8080", "null", "file://", "ws://h:1",
		"https://" + strings.Repeat("a", 64) + ".com", "https://" + strings.Repeat("a.", 127) + "a",
		"a://b", "://b", "https:/x", "https://x/", "https://x:8080/",
	} {
		f.Add(s)
	}
	f.Add("HTTP://[fe80::1%\u212a]")
	f.Add("http://[1.2.3.4]")
	f.Fuzz(func(t *testing.T, s string) {
		// Whatever the full parser accepts is ASCII, and its indices fall
		// on the normal form (issue 16, finding 1).
		if o, ok := parseAnyOrigin(s); ok && !o.special {
			n := o.norm
			for i := 0; i < len(n); i++ {
				check.Require.Less(t, int(n[i]), 0x80, "%q: non-ASCII normal form %q", s, n)
			}
			check.Require.True(t, o.schemeEnd > 0 && o.hostStart == o.schemeEnd+3 && o.hostStart < o.hostEnd && o.hostEnd <= len(n), "%q: indices %+v", s, o)
			check.Require.Equal(t, "://", n[o.schemeEnd:o.hostStart])
		}
		var fast origin
		if !parseBrowserOrigin(&fast, s) {
			return
		}
		full, fullOK := parseAnyOrigin(s)
		check.Require.True(t, fullOK, "%q accepted by the fast path only", s)
		check.Assert.Equal(t, full, fast, "%q", s)
	})
}
