package rx

import (
	"regexp/syntax"
	"strings"
	"testing"
)

// TestCheckCredentialedHosts: a regex whose every host ends with a
// registrable domain it writes out passes; one whose host can end
// elsewhere gets a problem naming why; one that passes but can match an
// http:// origin off this machine says so, with an origin it matches.
func TestCheckCredentialedHosts(t *testing.T) {
	for _, tc := range []struct {
		expr, problem string // problem: part of Problem, "" for none
		http          bool
		httpExample   string
	}{
		{expr: `https://[a-z0-9-]+\.example\.com`},
		{expr: `https://([a-z0-9-]+\.)?example\.com(:[0-9]+)?`},
		{expr: `^https://app\.example\.com$`},
		{expr: `https://[a-z]+\.amazonaws\.com`},
		{expr: `http://localhost(:\d+)?`},
		{expr: `https?://[a-z]+\.example\.com`, http: true, httpExample: "http://app.example.com"},
		{expr: `http://example\.com`, http: true, httpExample: "http://example.com"},
		{expr: `https://.*example\.com`, problem: `without a literal "." before it`},
		{expr: `https://example\.com.*`, problem: "the end of the host is not written out"},
		{expr: `https://example-[a-z]+\.com`, problem: "a public suffix"},
		{expr: `https://[a-z]+\.s3\.[a-z0-9-]+\.amazonaws\.com`, problem: "is a public suffix under \"amazonaws.com\""},
		{expr: `https://[a-z]+\.nom\.br`, problem: "is a public suffix"},
		{expr: `https://[0-9]+\.0\.0\.1`, problem: "the end of an IP address"},
		{expr: `https://(aa|bb|cc|dd)(aa|bb|cc|dd)(aa|bb|cc|dd)(aa|bb|cc|dd)(aa|bb|cc|dd)\.example\.com`, problem: "too many alternatives"},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			re, tree, err := CompileAnchored(tc.expr, true)
			if err != nil {
				t.Fatal(err)
			}
			got := CheckCredentialedHosts(re, tree)
			if tc.problem == "" && got.Problem != "" || !strings.Contains(got.Problem, tc.problem) {
				t.Errorf("Problem = %q, want one saying %q", got.Problem, tc.problem)
			}
			if (got.Problem == "") != (got.Fix == "") {
				t.Errorf("Problem %q with Fix %q", got.Problem, got.Fix)
			}
			if got.HTTP != tc.http || got.HTTPExample != tc.httpExample {
				t.Errorf("HTTP, HTTPExample = %v, %q, want %v, %q", got.HTTP, got.HTTPExample, tc.http, tc.httpExample)
			}
		})
	}
}

// TestWithoutPort: the port a branch ends with, in any of the forms a
// port is written, is taken off before its host is checked, and nothing
// else is.
func TestWithoutPort(t *testing.T) {
	for expr, want := range map[string]string{
		`https://a\.com(:\d+)?`:      `https://a\.com`,
		`https://a\.com:[0-9]+`:      `https://a\.com`,
		`https://a\.com:8080`:        `https://a\.com`,
		`https://a\.com(:(80|443))?`: `https://a\.com`,
		`https://a\.com$`:            `https://a\.com`,
		`https://a\.com`:             `https://a\.com`,
		`https://a\.com[0-9]+`:       `https://a\.com[0-9]+`,
	} {
		tree, err := syntax.Parse(expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		branches, ok := regexBranches(tree.Simplify())
		if !ok || len(branches) != 1 {
			t.Fatalf("%s: %d branches", expr, len(branches))
		}
		got := (&syntax.Regexp{Op: syntax.OpConcat, Sub: withoutPort(branches[0])}).String()
		wantTree, _ := syntax.Parse(want, syntax.Perl)
		if got != wantTree.Simplify().String() {
			t.Errorf("%s without its port is %s, want %s", expr, got, want)
		}
	}
}

// TestEndsInNumber: a host whose last label is a number, decimal or hex,
// is read as an IPv4 address.
func TestEndsInNumber(t *testing.T) {
	for host, want := range map[string]bool{
		"0.0.1": true, "1": true, "a.0x2d": true, "a.0X2D": true,
		"example.com": false, "a.1com": false, "a.": false,
	} {
		if got := endsInNumber(host); got != want {
			t.Errorf("endsInNumber(%q) = %v, want %v", host, got, want)
		}
	}
}
