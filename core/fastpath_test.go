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

// TestTokenChars: the table holds exactly RFC 9110's tchar.
func TestTokenChars(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c))
		check.Require.Equal(t, want, tokenChars[c], "byte %#x", c)
	}
}
