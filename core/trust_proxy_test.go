package core_test

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// behindProxy is a WebSocket handshake as the server sees it behind a
// proxy that ends TLS: no r.TLS, whatever scheme the client used.
func behindProxy(origin string, header ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "http://api.example.com/ws", nil)
	r.Host = "api.example.com"
	r.TLS = nil
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Upgrade", "websocket")
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	return r
}

func wsPolicy(t *testing.T, origins ...string) *core.Policy {
	t.Helper()
	// The opt-in lets a test list an http:// origin with credentials.
	p, err := core.NewPolicy(core.Config{
		AllowedOrigins:   append([]string{"https://app.example.com"}, origins...),
		AllowCredentials: true,
		UnsafeAllowInsecureOriginsWithCredentials: len(origins) > 0,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Behind a proxy that ends TLS, the http:// page of the server's own host
// (which a network attacker writes) must not get the wss:// connection
// once the public scheme is said to be https.
func TestCheckWebSocketOriginHTTPSOnlyBehindProxy(t *testing.T) {
	p := wsPolicy(t)
	httpsOnly := core.CheckWebSocketOriginWith(p, core.WebSocketOptions{HTTPSOnly: true})
	plain := core.CheckWebSocketOrigin(p)
	for _, c := range []struct {
		name        string
		r           *http.Request
		plain, with bool
	}{
		{"http:// page of the same host", behindProxy("http://api.example.com"), true, false},
		{"http:// page of the same host, other case", behindProxy("HTTP://API.example.com"), true, false},
		{"http:// page of the same host with port 80", behindProxy("http://api.example.com:80"), true, false},
		{"https:// page of the same host", behindProxy("https://api.example.com"), true, true},
		{"trusted origin", behindProxy("https://app.example.com"), true, true},
		{"no Origin: not a browser", behindProxy(""), true, true},
		{"unlisted", behindProxy("https://evil.test"), false, false},
		{"unlisted over http", behindProxy("http://evil.test"), false, false},
		{"same host name, other port", behindProxy("https://api.example.com:8443"), false, false},
		{"forged X-Forwarded-Proto: http is not read", behindProxy("http://api.example.com", "X-Forwarded-Proto", "http"), true, false},
	} {
		if got := plain(c.r); got != c.plain {
			t.Errorf("%s, CheckWebSocketOrigin: %v, want %v", c.name, got, c.plain)
		}
		if got := httpsOnly(c.r); got != c.with {
			t.Errorf("%s, HTTPSOnly: %v, want %v", c.name, got, c.with)
		}
	}
	// An http origin the policy lists itself stays the policy's call.
	listed := core.CheckWebSocketOriginWith(wsPolicy(t, "http://api.example.com"), core.WebSocketOptions{HTTPSOnly: true})
	if !listed(behindProxy("http://api.example.com")) {
		t.Error("an http:// origin the policy lists is refused")
	}
}

// A proxy's scheme header is read only when named, and then can only add
// the https requirement, never lift it.
func TestCheckWebSocketOriginSchemeHeader(t *testing.T) {
	p := wsPolicy(t)
	plain := core.CheckWebSocketOrigin(p)
	named := core.CheckWebSocketOriginWith(p, core.WebSocketOptions{SchemeHeader: "X-Forwarded-Proto"})
	lower := core.CheckWebSocketOriginWith(p, core.WebSocketOptions{SchemeHeader: "x-forwarded-proto"})
	withTLS := func(r *http.Request) *http.Request { r.TLS = &tls.ConnectionState{}; return r }
	const same = "http://api.example.com"
	for _, c := range []struct {
		name        string
		r           *http.Request
		plain, with bool
	}{
		{"proxy says https", behindProxy(same, "X-Forwarded-Proto", "https"), true, false},
		{"proxy says HTTPS", behindProxy(same, "X-Forwarded-Proto", "HTTPS"), true, false},
		{"proxy says wss", behindProxy(same, "X-Forwarded-Proto", "wss"), true, false},
		{"proxy appended https to the client's http", behindProxy(same, "X-Forwarded-Proto", "http, https"), true, false},
		{"two lines, one https", behindProxy(same, "X-Forwarded-Proto", "http", "X-Forwarded-Proto", " https "), true, false},
		{"proxy says http", behindProxy(same, "X-Forwarded-Proto", "http"), true, true},
		{"no header: the request's own scheme", behindProxy(same), true, true},
		{"another header says https", behindProxy(same, "X-Forwarded-Scheme", "https"), true, true},
		{"an https page behind a proxy that says https", behindProxy("https://api.example.com", "X-Forwarded-Proto", "https"), true, true},
		{"trusted origin, proxy says https", behindProxy("https://app.example.com", "X-Forwarded-Proto", "https"), true, true},
		{"over TLS, forged http does not relax", withTLS(behindProxy(same, "X-Forwarded-Proto", "http")), false, false},
		{"https as a part of a word", behindProxy(same, "X-Forwarded-Proto", "httpsx"), true, true},
	} {
		if got := plain(c.r); got != c.plain {
			t.Errorf("%s, header not named: %v, want %v", c.name, got, c.plain)
		}
		if got := named(c.r); got != c.with {
			t.Errorf("%s, SchemeHeader named: %v, want %v", c.name, got, c.with)
		}
		if got := lower(c.r); got != c.with {
			t.Errorf("%s, SchemeHeader named in lower case: %v, want %v", c.name, got, c.with)
		}
	}
}

func TestCheckWebSocketOriginWithRefusesBadHeaderNames(t *testing.T) {
	p := wsPolicy(t)
	for _, name := range []string{"X Forwarded Proto", "X-Forwarded-Proto:", "Forwarded", "forwarded"} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, "WebSocketOptions.SchemeHeader") || !strings.Contains(msg, "X-Forwarded-Proto") {
					t.Errorf("SchemeHeader %q: panic %q, want one naming the field and the fix", name, msg)
				}
			}()
			core.CheckWebSocketOriginWith(p, core.WebSocketOptions{SchemeHeader: name})
		}()
	}
}

func TestCheckWebSocketOriginWithAllocations(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counting needs a build without -race and without -short")
	}
	check := core.CheckWebSocketOriginWith(wsPolicy(t), core.WebSocketOptions{HTTPSOnly: true, SchemeHeader: "X-Forwarded-Proto"})
	for _, origin := range []string{"http://api.example.com", "https://api.example.com", "https://app.example.com", "https://evil.test"} {
		r := behindProxy(origin, "X-Forwarded-Proto", "http, https")
		if n := testing.AllocsPerRun(100, func() { check(r) }); n != 0 {
			t.Errorf("%s: %v allocations", origin, n)
		}
	}
}

// Behind a load balancer that ends TLS, the handshake reaches the server
// without TLS: say that clients use https only, and the http:// page of the
// server's own host name (which a network attacker can write) is refused.
func ExampleCheckWebSocketOriginWith() {
	live := core.NewLive(core.MustPolicy(core.Config{
		AllowedOrigins:   []string{"https://app.example.com"},
		AllowCredentials: true,
	}))
	check := core.CheckWebSocketOriginWith(live, core.WebSocketOptions{HTTPSOnly: true})

	for _, origin := range []string{"https://app.example.com", "https://api.example.com", "http://api.example.com"} {
		r := httptest.NewRequest(http.MethodGet, "http://api.example.com/ws", nil) // r.TLS is nil
		r.Header.Set("Origin", origin)
		fmt.Println(origin, check(r))
	}
	// Output:
	// https://app.example.com true
	// https://api.example.com true
	// http://api.example.com false
}
