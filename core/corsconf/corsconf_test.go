package corsconf

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/corsheaders/corsheaders/core"
)

func env(kv ...string) Option { return WithEnviron(kv) }

// problems lists the *Errors joined in err.
func problems(t *testing.T, err error) []*Error {
	t.Helper()
	var out []*Error
	for _, e := range flatten(err) {
		var se *Error
		if !errors.As(e, &se) {
			t.Fatalf("%v is not an *Error", e)
		}
		out = append(out, se)
	}
	return out
}

func TestFromEnvReadsEverySetting(t *testing.T) {
	s, err := FromEnv(env(
		"PATH=/bin",
		"CORS_ALLOWED_ORIGINS=https://a.example.com,https://b.example.com",
		`CORS_ALLOWED_ORIGIN_REGEXES=https://[a-z]{1,3}\.example\.com   http://localhost:[0-9]+`,
		"CORS_ALLOW_ALL_ORIGINS=no",
		"CORS_URLS_REGEX= ^/api/ ",
		"CORS_ALLOW_METHODS=GET, POST\tPUT",
		"CORS_ALLOW_HEADERS=x-api-key content-type",
		"CORS_EXPOSE_HEADERS=X-Total-Count",
		"CORS_PREFLIGHT_MAX_AGE=600",
		"CORS_ALLOW_CREDENTIALS=True",
		"CORS_ALLOW_PRIVATE_NETWORK=on",
		"CORS_HOST_GUARD=y",
		"CORS_ALLOWED_HOSTS=api.example.com localhost:8000",
		"CORS_ENFORCE_ORIGIN=ok",
		"CORS_PUBLIC_SCHEME=https",
	))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Config
	want := core.Config{
		AllowedOrigins:       []string{"https://a.example.com", "https://b.example.com"},
		AllowedOriginRegexes: []string{`https://[a-z]{1,3}\.example\.com`, `http://localhost:[0-9]+`},
		URLsRegex:            "^/api/",
		AllowMethods:         []string{"GET", "POST", "PUT"},
		AllowHeaders:         []string{"x-api-key", "content-type"},
		ExposeHeaders:        []string{"X-Total-Count"},
		PreflightMaxAge:      600 * time.Second,
		AllowCredentials:     true,
		AllowPrivateNetwork:  true,
		HostGuard:            true,
		AllowedHosts:         []string{"api.example.com", "localhost:8000"},
		EnforceOrigin:        true,
		PublicScheme:         "https",
	}
	if !slices.Equal(c.AllowedOrigins, want.AllowedOrigins) || !slices.Equal(c.AllowedOriginRegexes, want.AllowedOriginRegexes) ||
		c.URLsRegex != want.URLsRegex || !slices.Equal(c.AllowMethods, want.AllowMethods) || !slices.Equal(c.AllowHeaders, want.AllowHeaders) ||
		!slices.Equal(c.ExposeHeaders, want.ExposeHeaders) || c.PreflightMaxAge != want.PreflightMaxAge ||
		c.AllowCredentials != want.AllowCredentials || c.AllowPrivateNetwork != want.AllowPrivateNetwork || c.AllowAllOrigins ||
		c.HostGuard != want.HostGuard || !slices.Equal(c.AllowedHosts, want.AllowedHosts) || c.EnforceOrigin != want.EnforceOrigin || c.PublicScheme != want.PublicScheme {
		t.Errorf("Config = %+v\nwant %+v", c, want)
	}
	if len(s.Given) != len(Names) {
		t.Errorf("Given = %v", s.Given)
	}
	if _, err := s.Policy(); err != nil {
		t.Errorf("Policy: %v", err)
	}
}

func TestFromEnvDefaults(t *testing.T) {
	s, err := FromEnv(env("HOME=/root", "CORS_ALLOW_HEADERS=", "CORS_ALLOW_CREDENTIALS=  "))
	if err != nil {
		t.Fatal(err)
	}
	if s.Config.AllowHeaders != nil || s.Config.AllowCredentials || s.Config.PreflightMaxAge != 0 || len(s.Given) != 0 {
		t.Errorf("empty variables must count as unset: %+v, given %v", s.Config, s.Given)
	}
	for _, v := range []string{"0", ""} {
		s, err := FromEnv(env("CORS_PREFLIGHT_MAX_AGE=" + v))
		if err != nil {
			t.Fatal(err)
		}
		if s.Config.PreflightMaxAge != core.NoPreflightMaxAge {
			t.Errorf("CORS_PREFLIGHT_MAX_AGE=%q: %v, want no max age", v, s.Config.PreflightMaxAge)
		}
	}
}

// TestNewUserOrigins is the first trial: the new name and the old
// one both configure a working policy.
func TestNewUserOrigins(t *testing.T) {
	for _, name := range []string{"CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST"} {
		s, err := FromEnv(env(name + "=https://a.example.com,https://b.example.com"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p, err := s.Policy()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, o := range []string{"https://a.example.com", "https://b.example.com"} {
			d := p.Explain(originRequest(o))
			if d.Kind != core.Actual || d.Reason != core.ReasonAllowed {
				t.Errorf("%s: %s not granted: %v", name, o, d.Reason)
			}
		}
		if d := p.Explain(originRequest("https://c.example.com")); d.Reason == core.ReasonAllowed {
			t.Errorf("%s: an unlisted origin granted", name)
		}
		hasNote := slices.ContainsFunc(s.Notes, func(n string) bool { return strings.Contains(n, "rename it CORS_ALLOWED_ORIGINS") })
		if hasNote != (name == "CORS_ORIGIN_WHITELIST") {
			t.Errorf("%s: notes %q", name, s.Notes)
		}
	}
}

func TestOldNames(t *testing.T) {
	s, err := FromEnv(env("CORS_ORIGIN_ALLOW_ALL=1", "CORS_ORIGIN_REGEX_WHITELIST=https://.*\\.example\\.com"))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Config.AllowAllOrigins || len(s.Config.AllowedOriginRegexes) != 1 || len(s.Notes) != 2 {
		t.Errorf("old names: %+v, notes %q", s.Config, s.Notes)
	}
	if s.Given["CORS_ALLOW_ALL_ORIGINS"] != "CORS_ORIGIN_ALLOW_ALL" {
		t.Errorf("Given = %v", s.Given)
	}

	// Both set to the same value: a note. To different ones: an error.
	s, err = FromEnv(env("CORS_ALLOWED_ORIGINS=https://a.example.com", "CORS_ORIGIN_WHITELIST=https://a.example.com"))
	if err != nil || len(s.Notes) != 1 || !strings.Contains(s.Notes[0], "keep only CORS_ALLOWED_ORIGINS") {
		t.Errorf("same values: %v, notes %q", err, s.Notes)
	}
	_, err = FromEnv(env("CORS_ALLOWED_ORIGINS=https://a.example.com", "CORS_ORIGIN_WHITELIST=https://b.example.com"))
	ps := problems(t, err)
	if len(ps) != 1 || ps[0].Name != "CORS_ORIGIN_WHITELIST" || !strings.Contains(ps[0].Error(), "keep only CORS_ALLOWED_ORIGINS") {
		t.Errorf("different values: %v", err)
	}
}

// TestTypos is the second trial: a typo names the right setting.
func TestTypos(t *testing.T) {
	for typo, want := range map[string]string{
		"CORS_ALLOWED_ORIGIN":     "CORS_ALLOWED_ORIGINS",
		"CORS_ALLOW_ORIGINS":      "CORS_ALLOWED_ORIGINS",
		"CORS_ALLOW_CREDENTIAL":   "CORS_ALLOW_CREDENTIALS",
		"CORS_EXPOSED_HEADERS":    "CORS_EXPOSE_HEADERS",
		"CORS_PREFLIGHT_MAXAGE":   "CORS_PREFLIGHT_MAX_AGE",
		"CORS_ORIGIN_WHITELISTED": "CORS_ALLOWED_ORIGINS", // near an old name: the new one is suggested
		"CORS_ALLOW_METHOD":       "CORS_ALLOW_METHODS",
	} {
		_, err := FromEnv(env(typo + "=x"))
		ps := problems(t, err)
		if len(ps) != 1 || ps[0].Name != typo || !strings.Contains(ps[0].Fix, "did you mean "+want+"?") {
			t.Errorf("%s: %v, want a suggestion of %s", typo, err, want)
		}
	}
	_, err := FromEnv(env("CORS_SOMETHING_ELSE_ENTIRELY=1"))
	if ps := problems(t, err); len(ps) != 1 || !strings.Contains(ps[0].Fix, "the settings are CORS_ALLOWED_ORIGINS") {
		t.Errorf("far from every name: %v", err)
	}
	_, err = FromEnv(env("CORS_REPLACE_HTTPS_REFERER=true"))
	if ps := problems(t, err); len(ps) != 1 || !strings.Contains(ps[0].Problem, "removed it") {
		t.Errorf("removed setting: %v", err)
	}
}

func TestPrefix(t *testing.T) {
	s, err := FromEnv(WithPrefix("MYAPP_"), env(
		"MYAPP_CORS_ALLOWED_ORIGINS=https://a.example.com",
		"CORS_ALLOWED_ORIGINS=https://ignored.example.com", // another app's
		"CORS_TYPO_OF_ANOTHER_APP=1",
	))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Config.AllowedOrigins, []string{"https://a.example.com"}) || s.Given["CORS_ALLOWED_ORIGINS"] != "MYAPP_CORS_ALLOWED_ORIGINS" {
		t.Errorf("prefix: %+v %v", s.Config, s.Given)
	}
	_, err = FromEnv(WithPrefix("MYAPP_"), env("MYAPP_CORS_ALLOW_CREDENTIAL=true"))
	if ps := problems(t, err); len(ps) != 1 || ps[0].Name != "MYAPP_CORS_ALLOW_CREDENTIAL" || !strings.Contains(ps[0].Fix, "did you mean MYAPP_CORS_ALLOW_CREDENTIALS?") {
		t.Errorf("prefixed typo: %v", err)
	}
}

func TestFromEnvErrorsAllAtOnce(t *testing.T) {
	_, err := FromEnv(env(
		"CORS_ALLOW_CREDENTIALS=maybe",
		"CORS_PREFLIGHT_MAX_AGE=1h",
		"CORS_ALLOW_PRIVATE_NETWORK=2",
		"CORS_ALOW_HEADERS=x",
	))
	ps := problems(t, err)
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
		if p.Fix == "" {
			t.Errorf("%v: no fix", p)
		}
	}
	slices.Sort(names)
	want := []string{"CORS_ALLOW_CREDENTIALS", "CORS_ALLOW_PRIVATE_NETWORK", "CORS_ALOW_HEADERS", "CORS_PREFLIGHT_MAX_AGE"}
	if !slices.Equal(names, want) {
		t.Errorf("problems %v, want %v", names, want)
	}
	if got := ps[0].Error(); !strings.Contains(got, `"maybe"`) && !strings.Contains(err.Error(), `CORS_ALLOW_CREDENTIALS "maybe": not a boolean; use true or false`) {
		t.Errorf("message: %v", err)
	}
	for _, c := range []struct{ v, problem string }{
		{"-5", "negative"},
		{"604801", "more than a week"},
		{"1.5", "not a whole number"},
	} {
		_, err := FromEnv(env("CORS_PREFLIGHT_MAX_AGE=" + c.v))
		if err == nil || !strings.Contains(err.Error(), c.problem) {
			t.Errorf("max age %q: %v", c.v, err)
		}
	}
}

func TestPolicyErrorsNameTheSetting(t *testing.T) {
	s, err := FromEnv(env(
		"CORS_ORIGIN_WHITELIST=localhost:8001 https://ok.example.com",
		"CORS_ALLOW_ALL_ORIGINS=true",
		"CORS_ALLOW_CREDENTIALS=true",
		"CORS_ALLOW_METHODS=get",
	))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Policy()
	ps := problems(t, err)
	if len(ps) != 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
	byName := map[string]*Error{}
	for _, p := range ps {
		byName[p.Name] = p
		var ce *core.ConfigError
		if !errors.As(p, &ce) {
			t.Errorf("%v: no *core.ConfigError behind it", p)
		}
	}
	if p := byName["CORS_ORIGIN_WHITELIST"]; p == nil || p.Index != 0 || p.Value != "localhost:8001" {
		t.Errorf("the origin's problem is not under the name it was given as: %v", err)
	}
	if p := byName["CORS_ALLOW_ALL_ORIGINS"]; p == nil || !strings.Contains(p.Problem, "CORS_ALLOW_CREDENTIALS") || strings.Contains(p.Problem, "AllowCredentials") {
		t.Errorf("field names not translated: %v", err)
	}
	if p := byName["CORS_ALLOW_METHODS"]; p == nil || !strings.Contains(p.Fix, `"GET"`) {
		t.Errorf("method: %v", err)
	}
	// errors.As through the joined error reaches the first ConfigError.
	var ce *core.ConfigError
	if !errors.As(err, &ce) {
		t.Error("errors.As(joined, *core.ConfigError) failed")
	}
}

func TestFromJSON(t *testing.T) {
	s, err := FromJSON([]byte(`{
		"CORS_ALLOWED_ORIGINS": ["https://a.example.com", "https://b.example.com"],
		"CORS_ALLOWED_ORIGIN_REGEXES": ["https://[a-z]{1,3}\\.example\\.com"],
		"CORS_URLS_REGEX": "^/api/",
		"CORS_ALLOW_METHODS": ["GET", "PUT"],
		"CORS_ALLOW_HEADERS": [],
		"CORS_EXPOSE_HEADERS": null,
		"CORS_PREFLIGHT_MAX_AGE": 0,
		"CORS_ALLOW_CREDENTIALS": true,
		"CORS_ALLOW_PRIVATE_NETWORK": false
	}`))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Config
	if len(c.AllowedOrigins) != 2 || c.AllowedOriginRegexes[0] != `https://[a-z]{1,3}\.example\.com` || c.URLsRegex != "^/api/" ||
		!slices.Equal(c.AllowMethods, []string{"GET", "PUT"}) || c.AllowHeaders == nil || len(c.AllowHeaders) != 0 ||
		c.ExposeHeaders != nil || c.PreflightMaxAge != core.NoPreflightMaxAge || !c.AllowCredentials {
		t.Errorf("Config = %+v", c)
	}
	if _, err := s.Policy(); err != nil {
		t.Error(err)
	}

	_, err = FromJSON([]byte(`{
		"CORS_ALLOWED_ORIGINS": "https://a.example.com",
		"CORS_ALLOW_CREDENTIALS": "true",
		"CORS_PREFLIGHT_MAX_AGE": 1.5,
		"CORS_URLS_REGEX": ["^/api/"],
		"CORS_ALLOW_HEDERS": ["x"]
	}`))
	ps := problems(t, err)
	got := map[string]string{}
	for _, p := range ps {
		got[p.Name] = p.Problem + "; " + p.Fix
	}
	for name, want := range map[string]string{
		"CORS_ALLOWED_ORIGINS":   "write an array of strings",
		"CORS_ALLOW_CREDENTIALS": "without quotes",
		"CORS_PREFLIGHT_MAX_AGE": "not a whole number",
		"CORS_URLS_REGEX":        "not a string",
		"CORS_ALLOW_HEDERS":      "did you mean CORS_ALLOW_HEADERS?",
	} {
		if !strings.Contains(got[name], want) {
			t.Errorf("%s: %q, want %q", name, got[name], want)
		}
	}
	if len(ps) != 5 {
		t.Errorf("%d problems, want 5: %v", len(ps), err)
	}
	for _, bad := range []string{`[1,2]`, `not json`, `null`} {
		if _, err := FromJSON([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestFromFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cors.json")
	if err := os.WriteFile(path, []byte(`{"CORS_ORIGIN_WHITELIST": ["https://a.example.com"], "CORS_ALLOW_CREDENTIALS": "yes"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := FromFile(path)
	if err == nil || !strings.Contains(err.Error(), path+": CORS_ALLOW_CREDENTIALS") {
		t.Errorf("the file's name is not in the error: %v", err)
	}
	if _, err := FromFile(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestNearest(t *testing.T) {
	if got := nearest("CORS_ALLOWED_ORIGINS_"); got != "CORS_ALLOWED_ORIGINS" {
		t.Errorf("nearest = %q", got)
	}
	if got := distance("kitten", "sitting"); got != 3 {
		t.Errorf("distance = %d", got)
	}
}

// originRequest is a GET of / from origin.
func originRequest(origin string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Origin", origin)
	return r
}
