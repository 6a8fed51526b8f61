package main

import (
	"strings"
	"testing"
)

// TestIsToken: a method or header name is accepted exactly when every
// byte is RFC 9110's tchar, wherever the byte stands.
func TestIsToken(t *testing.T) {
	tchar := func(c byte) bool {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
	}
	if isToken("") {
		t.Error(`"" is a token`)
	}
	for c := 0; c < 256; c++ {
		b := string([]byte{byte(c)})
		for _, s := range []string{b, b + "x", "x" + b, "x" + b + "x", b + b} {
			if got := isToken(s); got != tchar(byte(c)) {
				t.Errorf("isToken(%q) = %v, want %v", s, got, tchar(byte(c)))
			}
		}
	}
}
