package main

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/net/publicsuffix"
)

// TestTableCurrent: the origin package's table is what this generator
// makes from the x/net module core requires; after updating x/net, run go
// generate.
func TestTableCurrent(t *testing.T) {
	want, err := Generate()
	if err != nil {
		t.Skipf("cannot read x/net's data: %v", err)
	}
	got, err := os.ReadFile("../origin/publicsuffix_below.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("publicsuffix_below.go is stale: run go generate ./internal/origin in core")
	}
}

// TestRulesAgreeWithPublicSuffix: every rule decoded from x/net's data is
// one publicsuffix.PublicSuffix applies, so the decoder reads the format
// right.
func TestRulesAgreeWithPublicSuffix(t *testing.T) {
	dir, err := xnetDir()
	if err != nil {
		t.Skip(err)
	}
	rules, _, err := readRules(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) < 5000 {
		t.Fatalf("only %d rules decoded", len(rules))
	}
	for _, r := range rules {
		name := r
		if strings.HasPrefix(r, "*.") {
			name = "corsheaders-probe" + r[1:]
		}
		if got, _ := publicsuffix.PublicSuffix(name); got != name {
			t.Errorf("rule %q: PublicSuffix(%q) = %q", r, name, got)
		}
	}
}
