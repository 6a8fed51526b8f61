package core_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/corsheaders/corsheaders/core"
)

// A server on a developer's machine refuses, before the application runs,
// a page whose name was rebound to 127.0.0.1 (its Host gives it away) and
// a simple POST from an origin it does not allow; its own pages and the
// allowed origin pass.
func ExampleConfig_hostGuard() {
	p := core.MustPolicy(core.Config{
		HostGuard:      true, // localhost, 127.0.0.1 and [::1] at any port
		EnforceOrigin:  true,
		AllowedOrigins: []string{"https://app.example.com"},
	})
	for _, c := range []struct{ host, origin string }{
		{"localhost:8080", "https://app.example.com"},
		{"localhost:8080", "http://localhost:8080"},
		{"rebind.evil.com:8080", "http://rebind.evil.com:8080"},
		{"localhost:8080", "https://evil.example"},
	} {
		r := httptest.NewRequest(http.MethodPost, "http://"+c.host+"/mcp", nil)
		r.Header.Set("Origin", c.origin)
		d := core.Handle(p, http.Header{}, r)
		fmt.Printf("Host %s, Origin %s: %s, answered by the middleware: %t %d\n", c.host, c.origin, d.Reason.Key(), d.Answered(), d.Status)
	}
	// Output:
	// Host localhost:8080, Origin https://app.example.com: allowed, answered by the middleware: false 0
	// Host localhost:8080, Origin http://localhost:8080: origin_not_allowed, answered by the middleware: false 0
	// Host rebind.evil.com:8080, Origin http://rebind.evil.com:8080: host_not_allowed, answered by the middleware: true 403
	// Host localhost:8080, Origin https://evil.example: origin_enforced, answered by the middleware: true 403
}
