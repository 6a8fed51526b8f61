package core_test

import (
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
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
	// corsheaders: AllowAllOrigins "true": with AllowCredentials it would let every web site act with your users' cookies; remove AllowAllOrigins, so that only the origins you list are allowed
	// corsheaders: AllowedOrigins[0] "https://app.example.com/": an origin has no trailing slash; write "https://app.example.com"
	// corsheaders: AllowedOrigins[1] "http://*example.com": a wildcard must be a whole leading label, "*."; write "http://*.example.com" for every subdomain of "example.com"
}

// Handle decides a request, says what it is and why, and writes the
// response's CORS headers: all an adapter for net/http does.
func ExampleHandle() {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://*.example.com"}})

	for _, origin := range []string{"https://app.example.com", "https://example.com", "https://app.example.com.evil.net"} {
		r := httptest.NewRequest(http.MethodGet, "/api/items", nil)
		r.Header.Set("Origin", origin)
		h := http.Header{}
		d := core.Handle(p, h, r)
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
		d := core.Handle(p, http.Header{}, r)
		fmt.Printf("%s: %v, allowed %v\n", path, d.Kind, d.Allowed())
	}
	// Output:
	// /public/feed: actual, allowed true
	// /api/items: actual, allowed false
	// /admin: not CORS, allowed false
}

// Explain says which check refused a request and what to change.
func ExamplePolicy_Explain() {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	r := httptest.NewRequest(http.MethodOptions, "/api/items/1", nil)
	r.Header.Set("Origin", "https://app.example.com")
	r.Header.Set("Access-Control-Request-Method", "PUT")
	r.Header.Set("Access-Control-Request-Headers", "x-api-key")
	fmt.Println(p.Explain(r))
	// Output:
	// preflight rejected from "https://app.example.com": a header asked for in Access-Control-Request-Headers is not in AllowHeaders
	//   ok   path: URLsRegex is empty: CORS applies to every path
	//   ok   kind: OPTIONS with Origin and Access-Control-Request-Method: a preflight, answered by the middleware
	//   ok   origin: "https://app.example.com" is allowed by the AllowedOrigins entry "https://app.example.com"
	//   ok   method: "PUT" is allowed
	//   FAIL headers: "x-api-key" is not in AllowHeaders
	//   fix: add "x-api-key" to AllowHeaders
}

// With a DebugLogger, every refused request is explained in one log line.
func ExampleConfig_debugLogger() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"http://localhost"}, DebugLogger: logger})
	r := httptest.NewRequest(http.MethodGet, "/api/items", nil)
	r.Header.Set("Origin", "http://localhost:3000")
	core.Handle(p, http.Header{}, r)
	// Output:
	// level=INFO msg="corsheaders: CORS request not fully granted" kind=actual method=GET path=/api/items origin=http://localhost:3000 failed="origin: \"http://localhost:3000\" matches no entry of AllowedOrigins or AllowedOriginRegexes" fix="\"http://localhost\" is listed, which differs from \"http://localhost:3000\" only in port: add \"http://localhost:3000\" to AllowedOrigins"
}

// With slog.Default(), the line goes where the log package writes, printed
// by the default handler: a date and time (left out here), the level, the
// message, then key=value pairs.
func ExampleConfig_defaultLogger() {
	log.SetOutput(os.Stdout)
	log.SetFlags(0)
	defer func() { log.SetOutput(os.Stderr); log.SetFlags(log.LstdFlags) }()

	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"http://localhost:8001"}, DebugLogger: slog.Default()})
	r := httptest.NewRequest(http.MethodOptions, "/api/items/1", nil)
	r.Header.Set("Origin", "http://127.0.0.1:8001")
	r.Header.Set("Access-Control-Request-Method", "PUT")
	core.Handle(p, http.Header{}, r)
	// Output:
	// INFO corsheaders: CORS request not fully granted kind="preflight rejected" method=OPTIONS path=/api/items/1 origin=http://127.0.0.1:8001 failed="origin: \"http://127.0.0.1:8001\" matches no entry of AllowedOrigins or AllowedOriginRegexes" fix="\"http://localhost:8001\" is listed, but the page was loaded from \"http://127.0.0.1:8001\", another origin to the browser: add \"http://127.0.0.1:8001\" to AllowedOrigins"
}

// A valid configuration that behaves otherwise than people often expect is
// noted when the policy is built: "*" never covers Authorization.
func ExamplePolicy_Notes() {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowHeaders: []string{"*"}})
	for _, note := range p.Notes() {
		fmt.Println(note)
	}
	// Output:
	// AllowHeaders "*" allows every request header but Authorization, which the Fetch standard never lets "*" cover: a preflight asking for Authorization (a bearer token, Basic credentials) is refused; if pages send it, list "authorization" in AllowHeaders beside "*"
}
