package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

func runText(args []string, environ []string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, environ, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCheckRedirects(t *testing.T) {
	// The final server allows "null": the browser's Origin after a
	// cross-origin redirect from another origin.
	final := httptest.NewServer(chiadapter.New(core.Config{AllowedOrigins: []string{page}})(app))
	defer final.Close()
	nullOK := httptest.NewServer(chiadapter.New(core.Config{AllowedOrigins: []string{"null"}})(app))
	defer nullOK.Close()
	var gotOrigin string
	recorder := httptest.NewServer(chiadapter.New(core.Config{AllowedOrigins: []string{"null"}})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotOrigin = r.Header.Get("Origin")
		app.ServeHTTP(w, r)
	})))
	defer recorder.Close()
	redirector := func(to string, cfg core.Config) *httptest.Server {
		return httptest.NewServer(chiadapter.New(cfg)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, to, http.StatusFound)
		})))
	}

	// A redirect that passes the CORS check to a server allowing page:
	// the browser follows it, still as page... but crossing origins after
	// a cross-origin hop taints the origin, so the next server sees null.
	hop := redirector(recorder.URL+"/api/items", core.Config{AllowedOrigins: []string{page}})
	defer hop.Close()
	code, rep, _ := runJSON(t, "check", hop.URL+"/api/items", "--origin", page)
	if code != exitOK || gotOrigin != "null" || len(rep.Steps) != 2 || rep.Steps[0].Kind != "redirect" {
		t.Errorf("tainted redirect: exit %d, Origin %q, steps %+v", code, gotOrigin, rep.Steps)
	}

	// The same, to a server that allows only page: refused, and the
	// console names the URL redirected from.
	hop2 := redirector(final.URL+"/api/items", core.Config{AllowedOrigins: []string{page}})
	defer hop2.Close()
	code, rep, _ = runJSON(t, "check", hop2.URL+"/api/items", "--origin", page)
	if code != exitRefused || !strings.Contains(rep.Verdict.Console, "(redirected from '"+hop2.URL+"/api/items')") || !strings.Contains(rep.Verdict.Console, "from origin 'null'") || !strings.HasPrefix(rep.Verdict.Fix, "fetch "+final.URL+"/api/items directly") {
		t.Errorf("redirect to a server that refuses null: exit %d, %+v", code, rep.Verdict)
	}

	// A redirect that itself fails the CORS check stops there.
	bare := redirector(final.URL+"/api/items", core.Config{AllowedOrigins: []string{"https://other.example.com"}})
	defer bare.Close()
	code, rep, _ = runJSON(t, "check", bare.URL+"/api/items", "--origin", page)
	if code != exitRefused || rep.Verdict.Reason != "MissingAllowOrigin" || len(rep.Steps) != 1 {
		t.Errorf("redirect without CORS headers: exit %d, %+v", code, rep)
	}

	// Never to another scheme.
	ftp := redirector("ftp://example.com/file", core.Config{AllowedOrigins: []string{page}})
	defer ftp.Close()
	code, rep, _ = runJSON(t, "check", ftp.URL+"/api/items", "--origin", page)
	if code != exitUsage || !strings.Contains(rep.Verdict.Error, "scheme must be http or https") {
		t.Errorf("redirect to ftp: exit %d, %+v", code, rep.Verdict)
	}

	// A preflighted request whose actual request is redirected is
	// preflighted again at the new URL.
	code, rep, _ = runJSON(t, "check", hop.URL+"/api/items", "--origin", page, "-H", "X-Requested-With: x")
	kinds := []string{}
	for _, s := range rep.Steps {
		kinds = append(kinds, s.Kind)
	}
	if strings.Join(kinds, ",") != "preflight,redirect,preflight,request" || code != exitOK {
		t.Errorf("preflighted redirect: exit %d, steps %v, %+v", code, kinds, rep.Verdict)
	}
}

func TestCheckTextOutput(t *testing.T) {
	srv := httptest.NewServer(chiadapter.New(core.Config{AllowedOrigins: []string{page}})(app))
	defer srv.Close()
	code, out, _ := runText([]string{"check", srv.URL + "/api/items", "--origin", page, "-X", "PUT", "-H", "Cookie: x=1", "-H", "Authorization: Bearer s3cret"}, nil)
	if strings.Contains(out, "s3cret") {
		t.Errorf("the output shows a credential:\n%s", out)
	}
	for _, want := range []string{
		"preflight needed: PUT is not a CORS-safelisted method",
		"note: a script cannot set Cookie",
		"1. preflight: OPTIONS " + srv.URL + "/api/items",
		"   > Access-Control-Request-Method: PUT",
		"   < 204 No Content",
		"   ok   preflight check: status 204 is ok; PUT is granted",
		"2. request: PUT",
		"   > Authorization: (13 bytes, not shown)",
		"   ok   CORS check: Access-Control-Allow-Origin: " + page + " is the origin",
		"verdict: ALLOWED: fetch() resolves; the script reads status 200",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code != exitOK {
		t.Errorf("exit %d", code)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"frobnicate"},
		{"check"},
		{"check", "http://x.example"},
		{"check", "http://x.example", "--origin", "https://a.example/"},
		{"check", "ftp://x.example", "--origin", "https://a.example"},
		{"check", "http://x.example", "--origin", "https://a.example", "-X", "TRACE"},
		{"check", "http://x.example", "--origin", "https://a.example", "-X", "GE T"},
		{"check", "http://x.example", "--origin", "https://a.example", "-X", "GET,PUT"},
		{"check", "http://x.example", "--origin", "https://a.example", "-H", "no colon"},
		{"check", "http://x.example", "--origin", "https://a.example", "--cookie", "a=1"},
		{"explain", "--origin", "https://a.example"},
		{"validate"},
		{"validate", "--config", "/nonexistent.json"},
		{"validate", "--config", "a.json", "--env"},
	} {
		code, _, stderr := runText(args, nil)
		if code != exitUsage {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
		if args != nil && stderr == "" {
			t.Errorf("%q: nothing on stderr", args)
		}
	}
}

func TestCheckNetworkError(t *testing.T) {
	srv := httptest.NewServer(app)
	url := srv.URL
	srv.Close()
	code, rep, _ := runJSON(t, "check", url, "--origin", page, "--timeout", "2s")
	if code != exitUsage || rep.Verdict.Error == "" {
		t.Errorf("closed server: exit %d, %+v", code, rep.Verdict)
	}
}

func writeConfig(t *testing.T, json string) string {
	path := filepath.Join(t.TempDir(), "cors.json")
	if err := os.WriteFile(path, []byte(json), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExplain(t *testing.T) {
	path := writeConfig(t, `{"CORS_ALLOWED_ORIGINS": ["https://app.example.com"], "CORS_URLS_REGEX": "^/api/", "CORS_ALLOW_METHODS": ["GET", "PUT"]}`)
	for _, c := range []struct {
		args   []string
		code   int
		reason string
	}{
		{[]string{"--path", "/api/items"}, exitOK, ""},
		{[]string{"--path", "/api/items", "-X", "PUT"}, exitOK, ""},
		{[]string{"--path", "/api/items", "-X", "DELETE"}, exitRefused, "MissingAllowOrigin"},
		{[]string{"--path", "/admin"}, exitRefused, "MissingAllowOrigin"},
		{[]string{"--path", "/api/items", "--credentials"}, exitRefused, "InvalidAllowCredentials"},
		{[]string{"--path", "/api/items", "--origin", "https://b.example.com"}, exitRefused, "MissingAllowOrigin"},
	} {
		args := append([]string{"explain", "--config", path, "--origin", page}, c.args...)
		code, rep, stderr := runJSON(t, args...)
		if code != c.code || rep.Verdict.Reason != c.reason {
			t.Errorf("%q: exit %d reason %q, want %d %q\n%s", c.args, code, rep.Verdict.Reason, c.code, c.reason, stderr)
		}
	}
	// The policy's own account says why.
	_, out, _ := runText([]string{"explain", "--config", path, "--origin", page, "--path", "/api/items", "-X", "DELETE"}, nil)
	if !strings.Contains(out, `policy: FAIL method: "DELETE" is not in CORS_ALLOW_METHODS (GET, PUT)`) || !strings.Contains(out, `fix:     add "DELETE" to CORS_ALLOW_METHODS`) {
		t.Errorf("explain output:\n%s", out)
	}
	// From the environment, with a prefix.
	code, _, _ := runText([]string{"explain", "--env", "--prefix", "APP_", "--origin", page}, []string{"APP_CORS_ALLOWED_ORIGINS=" + page})
	if code != exitOK {
		t.Errorf("--env: exit %d", code)
	}
	// An invalid configuration cannot explain anything.
	bad := writeConfig(t, `{"CORS_ALLOWED_ORIGINS": ["app.example.com"]}`)
	code, _, stderr := runText([]string{"explain", "--config", bad, "--origin", page}, nil)
	if code != exitUsage || !strings.Contains(stderr, `CORS_ALLOWED_ORIGINS[0] "app.example.com": no scheme`) {
		t.Errorf("invalid config: exit %d\n%s", code, stderr)
	}
}

func TestValidate(t *testing.T) {
	good := writeConfig(t, `{"CORS_ORIGIN_WHITELIST": ["https://a.example.com"], "CORS_ALLOW_CREDENTIALS": true}`)
	code, out, _ := runText([]string{"validate", "--config", good}, nil)
	if code != exitOK || !strings.Contains(out, "valid (CORS_ORIGIN_WHITELIST, CORS_ALLOW_CREDENTIALS)") || !strings.Contains(out, "rename it CORS_ALLOWED_ORIGINS") {
		t.Errorf("good config: exit %d\n%s", code, out)
	}

	bad := writeConfig(t, `{
		"CORS_ALLOWED_ORIGINS": ["app.example.com", "https://ok.example.com/"],
		"CORS_ALLOW_ALL_ORIGINS": true,
		"CORS_ALLOW_CREDENTIALS": true,
		"CORS_ALLOW_METHOD": ["GET"]
	}`)
	code, out, _ = runText([]string{"validate", "--config", bad}, nil)
	if code != exitRefused {
		t.Errorf("bad config: exit %d", code)
	}
	// A problem found reading the file is reported first; NewPolicy's
	// are found once it reads.
	if !strings.Contains(out, `CORS_ALLOW_METHOD "[\"GET\"]": unknown key`) || !strings.Contains(out, "did you mean CORS_ALLOW_METHODS?") {
		t.Errorf("bad config output:\n%s", out)
	}

	fixed := writeConfig(t, `{"CORS_ALLOWED_ORIGINS": ["app.example.com", "https://ok.example.com/"], "CORS_ALLOW_ALL_ORIGINS": true, "CORS_ALLOW_CREDENTIALS": true}`)
	code, out, _ = runText([]string{"validate", "--config", fixed, "--json"}, nil)
	var v validation
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if code != exitRefused || v.Valid || len(v.Problems) != 3 {
		t.Errorf("exit %d, %+v", code, v)
	}
	for _, p := range v.Problems {
		if p.Name == "" || p.Fix == "" || p.Problem == "" {
			t.Errorf("incomplete problem %+v", p)
		}
	}

	code, out, _ = runText([]string{"validate", "--env"}, []string{"CORS_ALLOWED_ORIGIN=https://a.example.com", "CORS_ALLOW_CREDENTIALS=maybe"})
	if code != exitRefused || !strings.Contains(out, "did you mean CORS_ALLOWED_ORIGINS?") || !strings.Contains(out, "not a boolean") {
		t.Errorf("--env: exit %d\n%s", code, out)
	}
}
