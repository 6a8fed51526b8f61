package core_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/corsheaders/corsheaders/core"
)

// NewPolicy reports every problem of a configuration at once, each with the
// field, the value and the fix.
func ExampleNewPolicy() {
	_, err := core.NewPolicy(core.Config{
		AllowedOrigins:   []string{"https://app.example.com/", "http://*example.com"},
		AllowAllOrigins:  true,
		AllowCredentials: true,
	})
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Println(line)
	}
	// Output:
	// corsheaders: AllowAllOrigins "true": with AllowCredentials it would let every web site act with your users' cookies; list the trusted origins in AllowedOrigins, or set UnsafeAllowAllOriginsWithCredentials if you really mean it
	// corsheaders: AllowedOrigins[0] "https://app.example.com/": an origin has no trailing slash; write "https://app.example.com"
	// corsheaders: AllowedOrigins[1] "http://*example.com": a wildcard must be a whole leading label, "*."; write "http://*.example.com" for every subdomain of "example.com"
}

// Decide says what a request is and why; Apply writes the headers. This is
// all an adapter does.
func ExamplePolicy_Decide() {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://*.example.com"}})

	for _, origin := range []string{"https://app.example.com", "https://example.com", "https://app.example.com.evil.net"} {
		r := httptest.NewRequest(http.MethodGet, "/api/items", nil)
		r.Header.Set("Origin", origin)
		d := p.Decide(core.NewRequest(r))
		h := http.Header{}
		d.Apply(h)
		fmt.Printf("%s: %v, %s; Access-Control-Allow-Origin %q\n", origin, d.Kind, d.Reason, h.Get("Access-Control-Allow-Origin"))
	}
	// Output:
	// https://app.example.com: actual, allowed; Access-Control-Allow-Origin "https://app.example.com"
	// https://example.com: actual, the origin is not allowed: it matches no entry of AllowedOrigins or AllowedOriginRegexes and no CheckRequest hook allowed it; Access-Control-Allow-Origin ""
	// https://app.example.com.evil.net: actual, the origin is not allowed: it matches no entry of AllowedOrigins or AllowedOriginRegexes and no CheckRequest hook allowed it; Access-Control-Allow-Origin ""
}

// A CheckRequest hook opens what the configuration alone does not: here, a
// public feed readable from any origin, while the API keeps its list.
func ExampleConfig_checkRequest() {
	p := core.MustPolicy(core.Config{
		AllowedOrigins: []string{"https://app.example.com"},
		URLsRegex:      `/api/`,
		CheckRequest: []func(*http.Request) bool{
			func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/public/") },
		},
	})
	for _, path := range []string{"/public/feed", "/api/items", "/admin"} {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.Header.Set("Origin", "https://anyone.net")
		d := p.Decide(core.NewRequest(r))
		fmt.Printf("%s: %v, allowed %v\n", path, d.Kind, d.Allowed())
	}
	// Output:
	// /public/feed: actual, allowed true
	// /api/items: actual, allowed false
	// /admin: not CORS, allowed false
}
