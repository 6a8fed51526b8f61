package core_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// remedies are the ways a hint may say what to do; a hint names one, with
// one value.
var remedies = []string{"add ", "send ", "load the page from "}

// TestNearMissHintsGiveOneRemedyThatWorks: for each near miss, Explain's
// hint names one remedy, and applying it grants the request.
func TestNearMissHintsGiveOneRemedyThatWorks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		listed  []string
		origin  string
		method  string // a preflight for this method, or "" for a GET
		explain string // in the hint
	}{
		{"localhost listed, 127.0.0.1 sent", []string{"http://localhost:8001"}, "http://127.0.0.1:8001", "",
			`"http://localhost:8001" is listed, but the page was loaded from "http://127.0.0.1:8001", another origin to the browser`},
		{"127.0.0.1 listed, localhost sent", []string{"http://127.0.0.1:8001"}, "http://localhost:8001", "",
			`"http://127.0.0.1:8001" is listed, but the page was loaded from "http://localhost:8001"`},
		{"localhost listed, [::1] sent", []string{"http://localhost:8001"}, "http://[::1]:8001", "",
			`"http://localhost:8001" is listed, but the page was loaded from "http://[::1]:8001"`},
		{"localhost on any port listed, 127.0.0.1 sent", []string{"http://localhost:*"}, "http://127.0.0.1:5173", "",
			`"http://localhost:*" is listed, but the page was loaded from "http://127.0.0.1:5173"`},
		{"www listed, bare host sent", []string{"https://www.example.com"}, "https://example.com", "",
			`only the origin with "www." is listed`},
		{"bare host listed, www sent", []string{"https://example.com"}, "https://www.example.com", "",
			`only the origin without "www." is listed`},
		{"http listed, https sent", []string{"http://app.example.com"}, "https://app.example.com", "",
			"only in scheme"},
		{"https subdomains listed, http sent", []string{"https://*.example.com"}, "http://a.example.com", "",
			`"https://*.example.com" is listed, which differs from "http://a.example.com" only in scheme`},
		{"the https port written with http", []string{"http://example.com:443"}, "https://example.com", "",
			`"http://example.com:443" is listed, whose port 443 is the default of https, not of http`},
		{"the http port written with https", []string{"https://localhost:80"}, "http://localhost", "",
			`whose port 80 is the default of http`},
		{"another port", []string{"http://localhost"}, "http://localhost:3000", "",
			"only in port"},
		{"a trailing dot", []string{"https://example.com"}, "https://example.com.", "",
			`the page's address ends its host with a dot`},
		{"a trailing dot and a port", []string{"https://*.example.com:8443"}, "https://a.example.com.:8443", "",
			`another origin than "https://a.example.com:8443"`},
		{"the apex of a subdomain pattern", []string{"https://*.example.com"}, "https://example.com", "",
			"matches subdomains only"},
		{"lower-case patch", []string{"https://app.example.com"}, "https://app.example.com", "patch",
			`fetch sends a method as written`},
		{"a method not listed", []string{"https://app.example.com"}, "https://app.example.com", "PURGE",
			`add "PURGE" to AllowMethods`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := core.Config{AllowedOrigins: tc.listed}
			e := core.MustPolicy(cfg).Explain(sent(tc.origin, tc.method))
			if e.Kind == core.PreflightAccepted || e.Reason == core.ReasonAllowed {
				t.Fatalf("granted: %v", e)
			}
			if !strings.Contains(e.Hint, tc.explain) {
				t.Fatalf("hint %q\ndoes not say %q", e.Hint, tc.explain)
			}
			verb, value := remedy(t, e.Hint)
			origin, method := tc.origin, tc.method
			switch {
			case verb == "add " && strings.HasSuffix(e.Hint, " to AllowedOrigins"):
				cfg.AllowedOrigins = append(cfg.AllowedOrigins, value)
			case verb == "add " && strings.HasSuffix(e.Hint, " to AllowMethods"):
				cfg.AllowMethods = append(core.DefaultMethods(), value)
			case verb == "send ":
				method = value
			case verb == "load the page from ":
				origin = value
			default:
				t.Fatalf("a remedy the test cannot apply: %q", e.Hint)
			}
			p, err := core.NewPolicy(cfg)
			if err != nil {
				t.Fatalf("the remedy makes the configuration invalid: %v", err)
			}
			if d := p.Decide(core.NewRequest(sent(origin, method))); !d.Allowed() || d.Kind == core.PreflightRejected {
				t.Fatalf("after %s%q the request is still refused: %v", verb, value, p.Explain(sent(origin, method)))
			}
		})
	}
}

// TestNoHintForAFarOrigin: an origin near nothing listed gets no hint.
func TestNoHintForAFarOrigin(t *testing.T) {
	for _, origin := range []string{"https://evil.net", "http://127.0.0.2:8001", "https://example.net."} {
		e := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://example.com", "http://localhost:8001"}}).
			Explain(sent(origin, ""))
		if e.Hint != "" {
			t.Errorf("%s: hint %q", origin, e.Hint)
		}
	}
}

// TestDebugLineHasOneFix: the debug log line of a lower-case method carries
// one fix, the page's, and no other remedy.
func TestDebugLineHasOneFix(t *testing.T) {
	var buf bytes.Buffer
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, DebugLogger: slog.New(slog.NewTextHandler(&buf, nil))})
	p.Decide(core.NewRequest(sent("https://app.example.com", "patch")))
	line := buf.String()
	if strings.Count(line, "fix=") != 1 || !strings.Contains(line, `fix="send \"PATCH\" from the page`) {
		t.Fatalf("want one fix, the page's:\n%s", line)
	}
	if strings.Contains(line, "to AllowMethods") {
		t.Fatalf("a second remedy:\n%s", line)
	}
}

// remedy finds the one remedy of hint and its quoted value.
func remedy(t *testing.T, hint string) (verb, value string) {
	t.Helper()
	found := 0
	for _, v := range remedies {
		for rest := hint; ; {
			i := strings.Index(rest, v+`"`)
			if i < 0 {
				break
			}
			found++
			verb = v
			value, _, _ = strings.Cut(rest[i+len(v)+1:], `"`)
			rest = rest[i+len(v)+1:]
		}
	}
	if found != 1 {
		t.Fatalf("want one remedy, found %d in %q", found, hint)
	}
	return verb, value
}

// sent is a GET from origin, or the preflight for method.
func sent(origin, method string) *http.Request {
	if method == "" {
		r := httptest.NewRequest(http.MethodGet, "http://api.test/api/items", nil)
		r.Header.Set("Origin", origin)
		return r
	}
	r := httptest.NewRequest(http.MethodOptions, "http://api.test/api/items", nil)
	r.Header.Set("Origin", origin)
	r.Header.Set("Access-Control-Request-Method", method)
	return r
}
