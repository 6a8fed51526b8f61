package core_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/check"

	"github.com/corsheaders/corsheaders/core"
)

func explain(t *testing.T, cfg core.Config, r *http.Request) core.Explanation {
	t.Helper()
	p, err := core.NewPolicy(cfg)
	check.Require.NoError(t, err)
	return p.Explain(r)
}

func TestExplainNearMisses(t *testing.T) {
	for _, tc := range []struct {
		name, configured, origin, hint string
	}{
		{"http listed, https sent", "http://app.example.com", "https://app.example.com",
			`"http://app.example.com" is listed, which differs from "https://app.example.com" only in scheme: add "https://app.example.com" to AllowedOrigins`},
		{"no port listed, port sent", "http://localhost", "http://localhost:3000",
			`"http://localhost" is listed, which differs from "http://localhost:3000" only in port: add "http://localhost:3000" to AllowedOrigins`},
		{"other port listed", "http://localhost:8080", "http://localhost:3000", `only in port`},
		{"subdomain pattern, apex sent", "https://*.example.com", "https://example.com",
			`"https://*.example.com" matches subdomains only, never "example.com" itself: add "https://example.com" to AllowedOrigins`},
		{"any port on the other scheme", "http://localhost:*", "https://localhost:3000", `"http://localhost:*" is listed, which differs only in scheme`},
		{"www sent, bare listed", "https://example.com", "https://www.example.com", `"https://example.com" is listed, the origin without "www.": add "https://www.example.com"`},
		{"null sent", "https://example.com", "null", `add "null" to AllowedOrigins if you trust all of those`},
		{"nothing near", "https://example.com", "https://evil.net", `add "https://evil.net" to AllowedOrigins`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := explain(t, core.Config{AllowedOrigins: []string{tc.configured}}, newReq(http.MethodGet, tc.origin))
			check.Assert.Equal(t, core.ReasonOriginNotAllowed, e.Reason)
			if tc.hint == "" {
				check.Assert.Empty(t, e.Hint)
			} else {
				check.Assert.Contains(t, e.Hint, tc.hint)
			}
		})
	}
}

func TestExplainSteps(t *testing.T) {
	cfg := core.Config{
		AllowedOrigins:       []string{"https://app.example.com", "https://*.tenant.example.com", "http://localhost:*"},
		AllowedOriginRegexes: []string{`https://[a-z]+\.preview\.example\.com`},
		AllowHeaders:         []string{"*"},
		URLsRegex:            `/api/`,
	}
	acrm, acrh := "Access-Control-Request-Method", "Access-Control-Request-Headers"
	for _, tc := range []struct {
		name string
		r    *http.Request
		want []string // in String()
	}{
		{"exact", newReq(http.MethodGet, "https://app.example.com"), []string{`allowed by the AllowedOrigins entry "https://app.example.com"`}},
		{"subdomain", newReq(http.MethodGet, "https://a.b.tenant.example.com"), []string{`allowed by the AllowedOrigins entry "https://*.tenant.example.com"`}},
		{"any port", newReq(http.MethodGet, "http://localhost:5173"), []string{`allowed by the AllowedOrigins entry "http://localhost:*"`}},
		{"regex", newReq(http.MethodGet, "https://pr.preview.example.com"), []string{`allowed by the AllowedOriginRegexes entry "https://[a-z]+\.preview\.example\.com"`}},
		{"lower-case method", newReq(http.MethodOptions, "https://app.example.com", acrm, "patch"), []string{
			"preflight rejected", `FAIL method: "patch" is not in AllowMethods`, `methods are case-sensitive, and "PATCH" is listed`, `fix: send "PATCH" from the page`}},
		{"authorization under star", newReq(http.MethodOptions, "https://app.example.com", acrm, "PUT", acrh, "authorization,x-a"), []string{
			`FAIL headers: "authorization" is not in AllowHeaders: "*" never covers Authorization`, `fix: add "authorization" to AllowHeaders`}},
		{"two origins", newReq(http.MethodGet, "https://app.example.com", "Origin", "https://b.com"), []string{"FAIL origin: the request carries 2 Origin lines"}},
		{"malformed", newReq(http.MethodGet, "https://app.example.com/"), []string{`FAIL origin: "https://app.example.com/" is not a serialized origin`}},
		{"no origin", newReq(http.MethodGet, ""), []string{"FAIL origin: no Origin header"}},
		{"private network", newReq(http.MethodOptions, "https://app.example.com", acrm, "GET", "Access-Control-Request-Private-Network", "true"), []string{
			"preflight accepted", "FAIL private network: private network access asked for; AllowPrivateNetwork is off"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.r.URL.Path = "/api/x"
			s := explain(t, cfg, tc.r).String()
			for _, w := range tc.want {
				check.Assert.Contains(t, s, w)
			}
		})
	}
	r := newReq(http.MethodGet, "https://app.example.com")
	r.URL.Path = "/admin"
	e := explain(t, cfg, r)
	check.Assert.Equal(t, core.NotCORS, e.Kind)
	check.Assert.Contains(t, e.String(), `FAIL path: URLsRegex "/api/" does not match the start of "/admin"`)
}

// TestExplainHeaderMatchesHandle: Explain's headers are exactly what the
// middleware writes.
func TestExplainHeaderMatchesHandle(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true})
	r := newReq(http.MethodOptions, "https://app.example.com", "Access-Control-Request-Method", "PUT")
	h := http.Header{}
	core.Handle(p, h, r)
	e := p.Explain(r)
	check.Assert.Equal(t, h, e.Header)
	check.Assert.Equal(t, core.PreflightAccepted, e.Kind)
	check.Assert.Equal(t, http.StatusNoContent, e.Status)
}

func TestDebugLogger(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	calls := 0
	p := core.MustPolicy(core.Config{
		AllowedOrigins: []string{"http://localhost"},
		DebugLogger:    logger,
		CheckRequest:   []func(*http.Request) bool{func(*http.Request) bool { calls++; return false }},
	})

	p.Decide(core.NewRequest(newReq(http.MethodGet, "http://localhost:3000")))
	line := buf.String()
	check.Assert.Equal(t, 1, strings.Count(line, "\n"), "one line")
	check.Assert.Contains(t, line, `origin=http://localhost:3000`)
	check.Assert.Contains(t, line, `fix="\"http://localhost\" is listed, which differs from \"http://localhost:3000\" only in port: add \"http://localhost:3000\" to AllowedOrigins`)
	check.Assert.Equal(t, 1, calls, "logging does not call the hooks again")

	buf.Reset()
	p.Decide(core.NewRequest(newReq(http.MethodGet, "http://localhost")))
	p.Decide(core.NewRequest(newReq(http.MethodGet, "")))
	check.Assert.Empty(t, buf.String(), "granted and non-CORS requests are not logged")

	buf.Reset()
	p.Decide(core.NewRequest(newReq(http.MethodGet, "https://"+strings.Repeat("a", 100_000)+".com")))
	check.Assert.Less(t, buf.Len(), 2000, "hostile values are shortened in the log")
}

func BenchmarkDecideDebugOff(b *testing.B) {
	benchDecide(b, core.Config{AllowedOrigins: []string{benchOrigin}}, newReq(http.MethodGet, "https://evil.com"), core.Actual)
}
