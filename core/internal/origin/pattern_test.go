package origin

import (
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/check"
)

// TestParsePatternNormalForm: an accepted entry is compiled to the normal
// form browsers send: lower case, punycode, no default port, IPv6 as the
// URL standard writes it.
func TestParsePatternNormalForm(t *testing.T) {
	for entry, want := range map[string]string{
		"HTTPS://App.Example.COM:443": "https://app.example.com",
		"http://localhost:*":          "http://localhost:*",
		"https://*.İzmir.com":         "https://*.xn--izmir-7fd.com",
		"http://[0:0::1]:80":          "http://[::1]",
		"http://[::ffff:1.2.3.4]":     "http://[::ffff:102:304]",
		"null":                        "null",
		"file://":                     "file://",
	} {
		p, problem, fix, ok := ParsePattern(entry, false)
		check.Require.True(t, ok, "%q: %s; %s", entry, problem, fix)
		check.Assert.Equal(t, want, p.String(), "%q", entry)
	}
}

// TestParsePatternProblems: a refused entry gets a problem and a fix, with
// the values they embed quoted and escaped.
func TestParsePatternProblems(t *testing.T) {
	for _, tc := range []struct {
		entry       string
		credentials bool
		problem     string
		fix         string
	}{
		{"", false, "cannot be empty", "scheme://host[:port]"},
		{"example.com", false, "no scheme", `add the scheme, e.g. "https://example.com"`},
		{"https://example.com/", false, "no trailing slash", `write "https://example.com"`},
		{"https://example.com/app\u202e", false, `has "/app\u202e"`, `write "https://example.com"`},
		{"https://example.com:99999", false, `invalid port "99999"`, "1 to 65535"},
		{"https://ex*ample.com", false, "whole leading label", `"https://*.ample.com"`},
		{"https://*.1.2.3", false, "no subdomains", `without "*."`},
		{"https://*.github.io", true, `"github.io" is a public suffix`, "one by one"},
		{"https://*.amazonaws.com", true, `the public suffix "s3.amazonaws.com"`, "a domain you own"},
	} {
		_, problem, fix, ok := ParsePattern(tc.entry, tc.credentials)
		check.Require.True(t, !ok, "%q accepted", tc.entry)
		check.Assert.True(t, strings.Contains(problem, tc.problem), "%q: problem %q lacks %q", tc.entry, problem, tc.problem)
		check.Assert.True(t, strings.Contains(fix, tc.fix), "%q: fix %q lacks %q", tc.entry, fix, tc.fix)
	}
	// Without credentials, public-suffix space is no problem.
	_, _, _, ok := ParsePattern("https://*.github.io", false)
	check.Assert.True(t, ok, "https://*.github.io without credentials")
}

// TestSeveralOrigins: an entry holding a list is split, trailing slashes
// dropped; spaces alone, without a comma or a second scheme, are another
// mistake.
func TestSeveralOrigins(t *testing.T) {
	got, ok := SeveralOrigins("https://a.example/, https://b.example/")
	check.Require.True(t, ok)
	check.Assert.Equal(t, []string{"https://a.example", "https://b.example"}, got)
	got, ok = SeveralOrigins("https://a.example https://b.example")
	check.Require.True(t, ok)
	check.Assert.Equal(t, []string{"https://a.example", "https://b.example"}, got)
	got, ok = SeveralOrigins("https://a.example;https://b.example")
	check.Require.True(t, ok)
	check.Assert.Equal(t, []string{"https://a.example", "https://b.example"}, got)
	for _, s := range []string{"https://a.example", "https://exa mple.com", "https://a.example,"} {
		_, ok := SeveralOrigins(s)
		check.Assert.True(t, !ok, "%q", s)
	}
}

// TestMistake: entries written for other libraries get a fix that works.
func TestMistake(t *testing.T) {
	for _, tc := range []struct {
		entry string
		fix   string
	}{
		{"*", "set AllowAllOrigins"},
		{"/^https://.*\\.example\\.com$/", "to AllowedOriginRegexes"},
		{"wss://app.example.com", `write "https://app.example.com"`},
		{"https://example.com.", `write "https://example.com"`},
		{"chrome-extension://*", `"chrome-extension://abcdefghijklmnopabcdefghijklmnop"`},
		{"https://example.*", `"https://example.com"`},
	} {
		problem, fix, found := Mistake(tc.entry, false, false)
		check.Require.True(t, found, "%q not recognised", tc.entry)
		check.Assert.True(t, problem != "" && strings.Contains(fix, tc.fix), "%q: fix %q lacks %q", tc.entry, fix, tc.fix)
	}
	if _, _, found := Mistake("https://app.example.com", true, false); found {
		t.Error("a valid origin is no mistake")
	}
}
