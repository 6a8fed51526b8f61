package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
		assert.Equal(t, tc.prefix, a.prefix, "prefix of %s", tc.expr)
		assert.Equal(t, tc.suffix, a.suffix, "suffix of %s", tc.expr)
	}
}
