package core_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// Over TLS, the same-origin shortcut of CheckWebSocketOrigin must not
// accept the http:// page of the same host: a network attacker writes that
// page and would get the wss:// connection with the user's cookies.
func TestCheckWebSocketOriginSchemeOverTLS(t *testing.T) {
	p, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true})
	if err != nil {
		t.Fatal(err)
	}
	check := core.CheckWebSocketOrigin(p)
	for _, c := range []struct {
		origin string
		tls    bool
		want   bool
	}{
		{"https://api.example.com", true, true},
		{"http://api.example.com", true, false},
		{"http://api.example.com", false, true}, // behind a proxy the scheme is unknown
		{"https://api.example.com:8443", true, false},
		{"https://evil.example", true, false},
		{"https://app.example.com", true, true},
	} {
		r := httptest.NewRequest(http.MethodGet, "https://api.example.com/ws", nil)
		r.Host = "api.example.com"
		if !c.tls {
			r.TLS = nil
		} else if r.TLS == nil {
			r.TLS = &tls.ConnectionState{}
		}
		r.Header.Set("Origin", c.origin)
		if got := check(r); got != c.want {
			t.Errorf("Origin %s, TLS %v: %v, want %v", c.origin, c.tls, got, c.want)
		}
	}
}
