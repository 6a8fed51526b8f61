package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/rs/cors"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

const page = "https://app.example.com"

// app is the application behind every server: it answers 200 with two
// headers of its own, and a redirect on /moved.
var app = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Total-Count", "42")
	w.Header().Set("X-Request-Id", "req-7")
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte("application"))
})

// runJSON runs the command with --json and decodes its report.
func runJSON(t *testing.T, args ...string) (int, report, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append(args, "--json"), nil, &out, &errOut)
	var rep report
	if code != exitUsage || out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("output is not a report: %v\n%s\n%s", err, out.String(), errOut.String())
		}
	}
	return code, rep, errOut.String()
}

// expectation is a browser's verdict: allowed with readable headers, or
// refused for reason.
type expectation struct {
	allowed  bool
	readable []string // among the application's two headers; nil: not checked
	reason   string
	steps    int
}

func appReadable(v verdict) []string {
	var out []string
	for _, h := range v.Readable {
		if h == "x-total-count" || h == "x-request-id" {
			out = append(out, h)
		}
	}
	return out
}

type scenario struct {
	name string
	args []string
	want expectation
}

func runScenarios(t *testing.T, url string, scenarios []scenario) {
	t.Helper()
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			code, rep, stderr := runJSON(t, append([]string{"check", url + "/api/items", "--origin", page}, s.args...)...)
			v := rep.Verdict
			if v.Allowed != s.want.allowed || v.Reason != s.want.reason {
				t.Fatalf("verdict allowed=%v reason=%q, want allowed=%v reason=%q\n%s\n%+v", v.Allowed, v.Reason, s.want.allowed, s.want.reason, stderr, rep)
			}
			wantCode := exitRefused
			if s.want.allowed {
				wantCode = exitOK
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d", code, wantCode)
			}
			if s.want.allowed && s.want.readable != nil && !slices.Equal(appReadable(v), s.want.readable) {
				t.Errorf("readable %q, want %q", appReadable(v), s.want.readable)
			}
			if !s.want.allowed && (v.Console == "" || v.Fix == "") {
				t.Errorf("no console message or fix: %+v", v)
			}
			if s.want.steps != 0 && len(rep.Steps) != s.want.steps {
				t.Errorf("%d steps, want %d: %+v", len(rep.Steps), s.want.steps, rep.Steps)
			}
		})
	}
}

var (
	allowed      = expectation{allowed: true}
	allowedTwice = expectation{allowed: true, steps: 2}
)

func refused(reason string) expectation { return expectation{reason: reason} }

func TestCheckAgainstChiadapter(t *testing.T) {
	srv := httptest.NewServer(chiadapter.New(core.Config{
		AllowedOrigins:   []string{page},
		AllowCredentials: true,
		AllowHeaders:     append(core.DefaultHeaders(), "x-custom"),
		ExposeHeaders:    []string{"X-Total-Count"},
		AllowMethods:     []string{"GET", "POST", "PUT"},
	})(app))
	defer srv.Close()
	runScenarios(t, srv.URL, []scenario{
		{"simple GET", nil, expectation{allowed: true, readable: []string{"x-total-count"}, steps: 1}},
		{"with credentials", []string{"--credentials", "--cookie", "session=1"}, expectation{allowed: true, readable: []string{"x-total-count"}}},
		{"PUT preflighted", []string{"--method", "PUT", "--data", "x"}, allowedTwice},
		{"JSON POST preflighted", []string{"-X", "POST", "-H", "Content-Type: application/json", "--data", "{}"}, allowedTwice},
		{"custom header listed", []string{"-H", "X-Custom: 1"}, allowedTwice},
		// corsheaders refuses a preflight with 403 and no CORS header,
		// which browsers report as a missing Access-Control-Allow-Origin.
		{"header not listed", []string{"-H", "X-Other: 1"}, refused("MissingAllowOrigin")},
		{"DELETE not listed", []string{"-X", "delete"}, refused("MissingAllowOrigin")},
		{"lower-case patch", []string{"-X", "patch"}, refused("MissingAllowOrigin")},
		{"another origin", []string{"--origin", "https://evil.example.net"}, refused("MissingAllowOrigin")},
		{"another origin, preflighted", []string{"--origin", "https://evil.example.net", "-X", "PUT"}, refused("MissingAllowOrigin")},
		{"form POST needs no preflight", []string{"-X", "POST", "-H", "Content-Type: application/x-www-form-urlencoded", "--data", "a=1"}, expectation{allowed: true, readable: []string{"x-total-count"}, steps: 1}},
	})
}

func TestCheckAgainstRsCors(t *testing.T) {
	// Another library: rs/cors, whose answers check must read as a
	// browser does.
	open := httptest.NewServer(cors.New(cors.Options{
		AllowedOrigins: []string{"*"},
		AllowedMethods: []string{"GET", "POST", "PUT"},
		AllowedHeaders: []string{"X-Custom"},
		ExposedHeaders: []string{"X-Request-Id"},
	}).Handler(app))
	defer open.Close()
	runScenarios(t, open.URL, []scenario{
		{"star for a simple GET", nil, expectation{allowed: true, readable: []string{"x-request-id"}}},
		{"star refused with credentials", []string{"--credentials"}, refused("WildcardOriginWithCredentials")},
		{"PUT preflighted", []string{"-X", "PUT"}, allowedTwice},
		{"DELETE not allowed", []string{"-X", "DELETE"}, refused("MissingAllowOrigin")}, // rs/cors answers a refused preflight without ACAO
		{"custom header", []string{"-H", "X-Custom: 1"}, allowedTwice},
	})

	cred := httptest.NewServer(cors.New(cors.Options{
		AllowedOrigins:   []string{page},
		AllowCredentials: true,
	}).Handler(app))
	defer cred.Close()
	runScenarios(t, cred.URL, []scenario{
		{"credentials", []string{"--credentials"}, expectation{allowed: true}},
		{"unlisted origin", []string{"--origin", "https://b.example.com", "--credentials"}, refused("MissingAllowOrigin")},
		{"Authorization not allowed by default", []string{"-H", "Authorization: Bearer x", "--credentials"}, refused("MissingAllowOrigin")},
	})
}

// broken answers as misconfigured servers do.
func broken(mistake string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		origin := r.Header.Get("Origin")
		switch mistake {
		case "star with credentials":
			h.Set("Access-Control-Allow-Origin", "*")
			h.Set("Access-Control-Allow-Credentials", "true")
		case "two values":
			h.Add("Access-Control-Allow-Origin", origin)
			h.Add("Access-Control-Allow-Origin", origin)
		case "list":
			h.Set("Access-Control-Allow-Origin", page+", https://b.example.com")
		case "trailing slash":
			h.Set("Access-Control-Allow-Origin", origin+"/")
		case "no allow-credentials":
			h.Set("Access-Control-Allow-Origin", origin)
		case "Allow-Credentials True":
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Credentials", "True")
		case "preflight 200 without Allow-Methods":
			h.Set("Access-Control-Allow-Origin", origin)
		case "preflight 401":
			h.Set("Access-Control-Allow-Origin", origin)
			if r.Method == http.MethodOptions {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
		case "preflight redirect":
			if r.Method == http.MethodOptions {
				http.Redirect(w, r, "/elsewhere", http.StatusMovedPermanently)
				return
			}
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusOK)
			return
		}
		app.ServeHTTP(w, r)
	})
}

func TestCheckAgainstBrokenServers(t *testing.T) {
	for _, c := range []struct {
		mistake string
		args    []string
		want    expectation
		console string
	}{
		{"star with credentials", []string{"--credentials"}, refused("WildcardOriginWithCredentials"), "must not be the wildcard '*'"},
		{"star with credentials", nil, allowed, ""}, // without credentials the star suffices
		{"two values", nil, refused("MultipleAllowOrigin"), "contains multiple values '" + page + ", " + page + "'"},
		{"list", nil, refused("MultipleAllowOrigin"), "but only one is allowed"},
		{"trailing slash", nil, refused("AllowOriginMismatch"), "that is not equal to the supplied origin"},
		{"no allow-credentials", []string{"--credentials"}, refused("InvalidAllowCredentials"), "is '' which must be 'true'"},
		{"no allow-credentials", nil, allowed, ""},
		{"Allow-Credentials True", []string{"--credentials"}, refused("InvalidAllowCredentials"), "is 'True' which must be 'true'"},
		{"preflight 200 without Allow-Methods", []string{"-X", "PUT"}, refused("MethodNotAllowed"), "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."},
		{"preflight 200 without Allow-Methods", []string{"-X", "POST"}, allowed, ""}, // POST needs no preflight
		{"preflight 401", []string{"-X", "PUT"}, refused("PreflightStatus"), "It does not have HTTP ok status."},
		{"preflight redirect", []string{"-X", "PUT"}, refused("PreflightRedirect"), "Redirect is not allowed for a preflight request."},
	} {
		t.Run(c.mistake+" "+strings.Join(c.args, " "), func(t *testing.T) {
			srv := httptest.NewServer(broken(c.mistake))
			defer srv.Close()
			runScenarios(t, srv.URL, []scenario{{c.mistake, c.args, c.want}})
			if c.console != "" {
				_, rep, _ := runJSON(t, append([]string{"check", srv.URL + "/api/items", "--origin", page}, c.args...)...)
				if !strings.Contains(rep.Verdict.Console, c.console) || !strings.HasPrefix(rep.Verdict.Console, "Access to fetch at '"+srv.URL+"/api/items' from origin '"+page+"' has been blocked by CORS policy: ") {
					t.Errorf("console %q, want it to say %q", rep.Verdict.Console, c.console)
				}
			}
		})
	}
}
