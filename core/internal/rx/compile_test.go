package rx

import (
	"regexp"
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/check"
)

// TestCompileAnchored: the regex matches from the start of the text, and
// to its end when whole, also when `\Q` without `\E` would quote anchors
// pasted onto its text.
func TestCompileAnchored(t *testing.T) {
	for _, tc := range []struct {
		expr    string
		whole   bool
		matches []string
		refuses []string
	}{
		{`https://a\.example\.com`, true, []string{"https://a.example.com"}, []string{"https://a.example.com.evil.net", "x-https://a.example.com"}},
		{`/api/`, false, []string{"/api/", "/api/x"}, []string{"/v1/api/x", "/api"}},
		{`a|b`, true, []string{"a", "b"}, []string{"ab", "ba"}},
		{`\Qhttps://a.example.com`, true, []string{"https://a.example.com"}, []string{"https://a.example.com.evil.net", "https://aXexample.com"}},
		{`\Q/api/`, false, []string{"/api/x"}, []string{"/v1/api/x"}},
		{`\Q`, true, []string{""}, []string{"x"}},
	} {
		re, tree, err := CompileAnchored(tc.expr, tc.whole)
		check.Require.NoError(t, err, tc.expr)
		check.Require.True(t, tree != nil, "%s: no parsed form", tc.expr)
		for _, s := range tc.matches {
			check.Assert.True(t, re.MatchString(s), "%s should match %q", tc.expr, s)
		}
		for _, s := range tc.refuses {
			check.Assert.True(t, !re.MatchString(s), "%s should not match %q", tc.expr, s)
		}
	}
}

// TestErrorText: a syntax error names its code and the part at fault once,
// quoted so that a control character cannot reach a terminal.
func TestErrorText(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{`(a`, `missing closing ) "(a"`},
		{`a**`, `invalid nested repetition operator "**"`},
		{"[\x1b", `missing closing ] "[\x1b"`},
	} {
		_, _, err := CompileAnchored(tc.expr, true)
		check.Require.Error(t, err, tc.expr)
		check.Assert.Equal(t, tc.want, ErrorText(err), "%q", tc.expr)
	}
}

func TestFirstMatch(t *testing.T) {
	re := regexp.MustCompile(`^https://.+$`)
	got, ok := FirstMatch(re, []string{"http://a", "https://b", "https://c"})
	check.Assert.True(t, ok)
	check.Assert.Equal(t, "https://b", got)
	_, ok = FirstMatch(re, []string{"http://a"})
	check.Assert.True(t, !ok)
}
