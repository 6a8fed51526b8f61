package otelmetrics

import (
	"strings"
	"testing"
)

func TestNormalOrigin(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://app.example.com", "https://app.example.com"},
		{"HTTPS://App.Example.COM", "https://app.example.com"},
		{"https://app.example.com:443", "https://app.example.com"},
		{"http://app.example.com:80", "http://app.example.com"},
		{"http://app.example.com:443", "http://app.example.com:443"},
		{"https://app.example.com:8443", "https://app.example.com:8443"},
		{"http://[::1]:8080", "http://[::1]:8080"},
		{"http://[FE80::1]", "http://[fe80::1]"},
		{"http://127.0.0.1:3000", "http://127.0.0.1:3000"},
		{"https://xn--bcher-kva.example", "https://xn--bcher-kva.example"},
		{"chrome-extension://abcdef", "chrome-extension://abcdef"},
		{"null", "null"},
		{"file://", "file://"},
		{"", ""},
		{"NULL", ""},
		{"https://", ""},
		{"https://app.example.com/", ""},
		{"https://app.example.com/path", ""},
		{"https://user@app.example.com", ""},
		{"https://app.example.com:", ""},
		{"https://app.example.com:0443", ""},
		{"https://app.example.com:65536", ""},
		{"https://app.example.com:123456", ""},
		{"https://app..example.com", ""},
		{"https://.example.com", ""},
		{"https://ex\xffample.com", ""},
		{"https://bücher.example", ""},
		{"https://app.example.com\x1b[31m", ""},
		{"https://app.example.com\u202e", ""},
		{"https://[::1", ""},
		{"https://[]", ""},
		{"https://[::g]", ""},
		{"1https://app.example.com", ""},
		{"app.example.com", ""},
		{"https://" + strings.Repeat("a", 10000) + ".example", ""},
	} {
		var buf [maxOrigin]byte
		if got := string(buf[:normalOrigin(&buf, tc.in)]); got != tc.want {
			t.Errorf("normalOrigin(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
