package core_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// remedies are the ways a hint may say what to do; a hint names one, with
// one value.
var remedies = []string{"add ", "send ", "load the page from ", "set URLsRegex to "}

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
			`"https://www.example.com" is listed, the origin with "www."`},
		{"www listed among others, bare host sent", []string{"https://b.example", "https://www.a.example", "https://www.b.example", "https://c.example"}, "https://a.example", "",
			`"https://www.a.example" is listed, the origin with "www."`},
		{"bare host listed, www sent", []string{"https://example.com"}, "https://www.example.com", "",
			`"https://example.com" is listed, the origin without "www."`},
		{"an origin near no entry", []string{"https://a.com", "https://b.com"}, "https://c.com", "",
			`add "https://c.com" to AllowedOrigins`},
		{"an origin near no entry, with a preflight", []string{"https://a.com", "https://b.com"}, "https://c.com", "PUT",
			`add "https://c.com" to AllowedOrigins`},
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

// TestAFarOriginGetsTheOriginToAdd: an origin near nothing listed gets the
// plain remedy, the origin itself to add, and that remedy alone.
func TestAFarOriginGetsTheOriginToAdd(t *testing.T) {
	for _, origin := range []string{"https://evil.net", "http://127.0.0.2:8001"} {
		e := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://example.com", "http://localhost:8001"}}).
			Explain(sent(origin, ""))
		if want := "add " + strconv.Quote(origin) + " to AllowedOrigins"; e.Hint != want {
			t.Errorf("%s: hint %q, want %q", origin, e.Hint, want)
		}
	}
	// The page's own host with a dot at its end: no origin near it is
	// listed, and no remedy is given.
	e := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://example.com"}}).Explain(sent("https://example.net.", ""))
	if e.Hint != "" {
		t.Errorf("https://example.net.: hint %q", e.Hint)
	}
}

// TestPathOutsideURLsRegexGetsAPathFix: a request refused by its path is
// told what URLsRegex would need, never to add its origin, listed or not;
// setting URLsRegex as told grants it, and leaves the other paths as they
// were.
func TestPathOutsideURLsRegexGetsAPathFix(t *testing.T) {
	for _, tc := range []struct {
		name, urls, path, origin string
		method                   string
	}{
		{"a listed origin", "^/api/", "/health", "https://app.example.com", ""},
		{"a listed origin, preflight", "^/api/", "/health", "https://app.example.com", "PUT"},
		{"an unlisted origin", "^/api/", "/health", "https://other.example.com", ""},
		{"a path with regex syntax", "^/api/", "/files/a.b+c(1)", "https://app.example.com", ""},
		{"a trailing slash", "^/api/", "/health/", "https://app.example.com", "PUT"},
		{"upper case", "^/api/", "/Health", "https://app.example.com", ""},
		{"a regex with alternatives", "^/api/|^/v2/", "/v3/items", "https://app.example.com", "DELETE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := core.Config{AllowedOrigins: []string{"https://app.example.com"}, URLsRegex: tc.urls}
			r := at(sent(tc.origin, tc.method), tc.path)
			e := core.MustPolicy(cfg).Explain(r)
			if e.Reason != core.ReasonPathNotEnabled {
				t.Fatalf("not refused by its path: %v", e)
			}
			if strings.Contains(e.Hint, "AllowedOrigins") || strings.Contains(e.Hint, tc.origin) {
				t.Fatalf("a path refusal gets an origin fix: %q", e.Hint)
			}
			if !strings.Contains(e.Hint, "which is right if pages on other origins must not call it") {
				t.Fatalf("hint %q does not say the path may be outside CORS on purpose", e.Hint)
			}
			_, value := remedy(t, e.Hint)
			cfg.URLsRegex = value
			p, err := core.NewPolicy(cfg)
			if err != nil {
				t.Fatalf("URLsRegex %q is invalid: %v", value, err)
			}
			if tc.origin == "https://app.example.com" {
				if d := p.Decide(core.NewRequest(at(sent(tc.origin, tc.method), tc.path))); !d.Allowed() || d.Kind == core.PreflightRejected {
					t.Fatalf("with URLsRegex %q still refused: %v", value, p.Explain(at(sent(tc.origin, tc.method), tc.path)))
				}
			} else if e := p.Explain(at(sent(tc.origin, tc.method), tc.path)); e.Reason != core.ReasonOriginNotAllowed {
				t.Fatalf("with URLsRegex %q, want the origin refused next: %v", value, e)
			}
			if e := p.Explain(at(sent(tc.origin, tc.method), tc.path+"x")); e.Reason != core.ReasonPathNotEnabled {
				t.Fatalf("URLsRegex %q enables more than the path: %v", value, e)
			}
		})
	}
}

// at is r for path.
func at(r *http.Request, path string) *http.Request {
	r.URL.Path, r.RequestURI = path, path
	return r
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

// TestDebugLineSaysWhatFailedOnce: the debug line states what failed once,
// naming the value at fault, then the fix; the Reason's general words,
// which would repeat it, are not logged beside it.
func TestDebugLineSaysWhatFailedOnce(t *testing.T) {
	var buf bytes.Buffer
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://a.com", "https://b.com"}, DebugLogger: slog.New(slog.NewTextHandler(&buf, nil))})
	p.Decide(core.NewRequest(sent("https://c.com", "")))
	line := buf.String()
	for _, want := range []string{`failed="origin: \"https://c.com\" matches no entry of AllowedOrigins or AllowedOriginRegexes"`, `fix="add \"https://c.com\" to AllowedOrigins"`} {
		if !strings.Contains(line, want) {
			t.Errorf("no %s in\n%s", want, line)
		}
	}
	if strings.Count(line, "matches no entry") != 1 || strings.Contains(line, "reason=") {
		t.Errorf("what failed is said more than once:\n%s", line)
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
