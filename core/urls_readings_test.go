package core_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// TestURLsRegexEscapedReading: URLsRegex must match the path as the client
// escaped it, which chi, Echo and Fiber route on; Explain says so.
func TestURLsRegexEscapedReading(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{hostileOrigin}, AllowCredentials: true, URLsRegex: `^/api/`})
	for _, tc := range []struct {
		path, raw string
		enabled   bool
	}{
		{"/api/users", "/%61pi/users", false},
		{"/api/users", "/api%2Fusers", false},
		{"/api/users", "/%41PI/users", false},
		{"/api/a/b", "/api/a%2Fb", true},
		{"/api/~u", "/api/%7Eu", true},
		{"/api/users", "", true},
	} {
		req := core.Request{Method: http.MethodGet, Path: tc.path, RawPath: tc.raw, Origin: []string{hostileOrigin}}
		if got := p.Decide(req).Reason == core.ReasonAllowed; got != tc.enabled {
			t.Errorf("%q sent as %q: granted %v, want %v", tc.path, tc.raw, got, tc.enabled)
		}
		if e := p.ExplainRequest(req).String(); !tc.enabled && !strings.Contains(e, "as the client escaped it") {
			t.Errorf("%q sent as %q: %s", tc.path, tc.raw, e)
		}
	}
}
