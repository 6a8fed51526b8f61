package rx

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzLiteralEdges: what the literal walk says holds for every text. A
// text matched whole starts and ends with Edge's texts, and is that text
// when Edge says whole; a text matched from its start begins with
// Prefix's literal, and every text beginning with it matches when Prefix
// says all. Texts that are not UTF-8 are left out: the regexp package
// reads an invalid byte as U+FFFD, which a literal U+FFFD then matches.
func FuzzLiteralEdges(f *testing.F) {
	for _, s := range [][2]string{
		{`https://[a-z]+\.example\.com`, "https://a.example.com"},
		{`^https://a\.b$`, "https://a.b"},
		{`(?i)https://X\.com`, "https://x.com"},
		{`/api/`, "/api/x"},
		{`^/api`, "/api"},
		{`/api/$`, "/api/"},
		{`(?m)^/m$`, "/m"},
		{`/api\b`, "/api-x"},
		{`/a^/b`, "/a/b"},
		{`\Q/q.\E`, "/q."},
		{`/feed(/.*)?$`, "/feed/x"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, expr, text string) {
		if !utf8.ValidString(text) {
			return
		}
		whole, tree, err := CompileAnchored(expr, true)
		if err != nil {
			return
		}
		start, _, err := CompileAnchored(expr, false)
		if err != nil {
			t.Fatalf("%q compiles whole only: %v", expr, err)
		}
		prefix, prefixWhole := Edge(tree, false)
		suffix, suffixWhole := Edge(tree, true)
		if prefixWhole != suffixWhole || prefixWhole && prefix != suffix {
			t.Fatalf("%q: Edge reads %q, %v from the start and %q, %v from the end", expr, prefix, prefixWhole, suffix, suffixWhole)
		}
		if whole.MatchString(text) {
			if !strings.HasPrefix(text, prefix) || !strings.HasSuffix(text, suffix) {
				t.Fatalf("%q matches %q, which does not start with %q and end with %q", expr, text, prefix, suffix)
			}
			if prefixWhole && text != prefix {
				t.Fatalf("%q matches %q, not only %q", expr, text, prefix)
			}
		}
		lit, all := Prefix(tree)
		matches, begins := start.MatchString(text), strings.HasPrefix(text, lit)
		if matches && !begins {
			t.Fatalf("%q matches the start of %q, which does not begin with %q", expr, text, lit)
		}
		if all && begins && !matches {
			t.Fatalf("%q does not match the start of %q, which begins with %q", expr, text, lit)
		}
	})
}
