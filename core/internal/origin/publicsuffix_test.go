package origin

import (
	"slices"
	"strings"
	"testing"
)

// TestChildRulesAreSuffixes: every label the generated table lists one
// label below a domain makes a public suffix, the domain itself is none,
// and the table holds the rules a regex's one open label is checked
// against (under amazonaws.com, "s3" and "us-east-1").
func TestChildRulesAreSuffixes(t *testing.T) {
	m := childRules()
	if len(m) < 100 {
		t.Fatalf("only %d domains", len(m))
	}
	for d, labels := range m {
		if IsPublicSuffix(d) {
			t.Errorf("%s is a public suffix itself", d)
		}
		for _, l := range labels {
			if !IsPublicSuffix(l + "." + d) {
				t.Errorf("%s.%s is not a public suffix", l, d)
			}
		}
	}
	got := SuffixLabelsBelow("amazonaws.com")
	for _, want := range []string{"s3", "s3-1", "us-east-1", "s3-website-us-east-1"} {
		if !slices.Contains(got, want) {
			t.Errorf("amazonaws.com: %q lacks %q", strings.Join(got, " "), want)
		}
	}
	if got := SuffixLabelsBelow("github.dev"); !slices.Contains(got, "app") {
		t.Errorf("github.dev: %q lacks the hosting domain app.github.dev", got)
	}
}
