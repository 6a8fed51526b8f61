package fetch

import (
	"strings"
	"testing"
)

// TestTokenChars: the table holds exactly RFC 9110's tchar.
func TestTokenChars(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c))
		if tokenChars[c] != want {
			t.Errorf("byte %#x: in the table %v, want %v", c, tokenChars[c], want)
		}
	}
}

func TestIsToken(t *testing.T) {
	for s, want := range map[string]bool{
		"GET": true, "x-api-key": true, "!#$%&'*+-.^_`|~09aZ": true,
		"": false, "a b": false, "a,b": false, "x(a)": false, "a:": false, " a": false, "a\t": false, "\u00e9": false, "a\x00": false,
	} {
		if got := IsToken(s); got != want {
			t.Errorf("IsToken(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTrimOWS(t *testing.T) {
	for s, want := range map[string]string{
		"": "", "a": "a", " a ": "a", "\t a\t ": "a", "a b": "a b", "  ": "", "\ra\n": "\ra\n",
	} {
		if got := TrimOWS(s); got != want {
			t.Errorf("TrimOWS(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestForbiddenMethod(t *testing.T) {
	for _, m := range []string{"CONNECT", "TRACE", "TRACK", "connect", "Trace", "track"} {
		if !ForbiddenMethod(m) {
			t.Errorf("%q is not forbidden", m)
		}
	}
	for _, m := range []string{"GET", "PATCH", "OPTIONS", "TRACES", "CONNEC", ""} {
		if ForbiddenMethod(m) {
			t.Errorf("%q is forbidden", m)
		}
	}
}

// TestNormalizedMethod: browsers upper-case six methods, matched in any
// case, and send every other method as written.
func TestNormalizedMethod(t *testing.T) {
	for _, std := range []string{"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"} {
		for _, m := range []string{std, strings.ToLower(std), strings.ToUpper(std[:1]) + strings.ToLower(std[1:])} {
			if got, ok := NormalizedMethod(m); !ok || got != std {
				t.Errorf("NormalizedMethod(%q) = %q, %v; want %q, true", m, got, ok, std)
			}
		}
	}
	for _, m := range []string{"PATCH", "patch", "CONNECT", "GETS", ""} {
		if got, ok := NormalizedMethod(m); ok {
			t.Errorf("NormalizedMethod(%q) = %q, true; want false", m, got)
		}
	}
}

// TestSafelistedMethod: GET, HEAD and POST, case-sensitively.
func TestSafelistedMethod(t *testing.T) {
	for m, want := range map[string]bool{
		"GET": true, "HEAD": true, "POST": true,
		"get": false, "Post": false, "PUT": false, "OPTIONS": false, "": false,
	} {
		if got := SafelistedMethod(m); got != want {
			t.Errorf("SafelistedMethod(%q) = %v, want %v", m, got, want)
		}
	}
}

func TestForbiddenRequestHeader(t *testing.T) {
	for _, n := range []string{
		"accept-charset", "accept-encoding", "access-control-request-headers",
		"access-control-request-method", "access-control-request-private-network",
		"connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect",
		"host", "keep-alive", "origin", "referer", "set-cookie", "te", "trailer",
		"transfer-encoding", "upgrade", "via", "proxy-authorization", "proxy-", "sec-fetch-mode", "sec-",
	} {
		if !ForbiddenRequestHeader(n) {
			t.Errorf("%q is not forbidden", n)
		}
	}
	for _, n := range []string{"accept", "authorization", "content-type", "x-http-method-override", "x-proxy-a", "secret", "proxy", "tee"} {
		if ForbiddenRequestHeader(n) {
			t.Errorf("%q is forbidden", n)
		}
	}
}
