package corsconf

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// guardRequest is a simple POST to host from origin ("" for none).
func guardRequest(host, origin string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://"+host+"/mcp", strings.NewReader("{}"))
	r.Header.Set("Content-Type", "text/plain")
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	return r
}

// TestGuardSettings: CORS_HOST_GUARD, CORS_ALLOWED_HOSTS,
// CORS_ENFORCE_ORIGIN and CORS_PUBLIC_SCHEME, from the environment and
// from JSON, set HostGuard, AllowedHosts, EnforceOrigin and PublicScheme,
// and the policy built from them refuses a rebound Host and a foreign
// Origin.
func TestGuardSettings(t *testing.T) {
	fromEnv := func() (*Settings, error) {
		return FromEnv(env(
			"CORS_ALLOWED_ORIGINS=https://app.example.com",
			"CORS_HOST_GUARD=yes",
			"CORS_ALLOWED_HOSTS=api.example.com, localhost:8080",
			"CORS_ENFORCE_ORIGIN=1",
			"CORS_PUBLIC_SCHEME= https ",
		))
	}
	fromJSON := func() (*Settings, error) {
		return FromJSON([]byte(`{
			"CORS_ALLOWED_ORIGINS": ["https://app.example.com"],
			"CORS_HOST_GUARD": true,
			"CORS_ALLOWED_HOSTS": ["api.example.com", "localhost:8080"],
			"CORS_ENFORCE_ORIGIN": true,
			"CORS_PUBLIC_SCHEME": "https"
		}`))
	}
	for name, load := range map[string]func() (*Settings, error){"environment": fromEnv, "JSON": fromJSON} {
		s, err := load()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c := s.Config
		if !c.HostGuard || !slices.Equal(c.AllowedHosts, []string{"api.example.com", "localhost:8080"}) || !c.EnforceOrigin || c.PublicScheme != "https" || c.UnsafeAllowAnyHost {
			t.Errorf("%s: Config = %+v", name, c)
		}
		p, err := s.Policy()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, c := range []struct {
			host, origin string
			refused      core.Reason // 0: not refused
		}{
			{"rebind.example.net", "", core.ReasonHostNotAllowed},
			{"localhost:9999", "", core.ReasonHostNotAllowed},
			{"api.example.com", "https://evil.example", core.ReasonOriginEnforced},
			{"api.example.com", "http://api.example.com", core.ReasonOriginEnforced}, // the same host, not the public scheme
			{"api.example.com", "https://api.example.com", 0},                        // same-origin
			{"localhost:8080", "https://app.example.com", 0},
			{"api.example.com", "", 0},
		} {
			e := p.Explain(guardRequest(c.host, c.origin))
			if c.refused != 0 && (e.Kind != core.Refused || e.Reason != c.refused) || c.refused == 0 && e.Kind == core.Refused {
				t.Errorf("%s: Host %s, Origin %q: %v %v, want refused %v", name, c.host, c.origin, e.Kind, e.Reason, c.refused)
			}
		}
	}
}

// TestGuardSettingErrors: core's problems with the guard's settings are
// named by setting, and their fixes written in the words of the source,
// which no Go field or option a setting cannot set appears in unmarked.
func TestGuardSettingErrors(t *testing.T) {
	for _, c := range []struct {
		name        string
		env         []string
		json        string
		setting     string // the *Error's Name
		index       int
		envFix      string // in the fix read from the environment
		jsonFix     string // in the fix read from JSON
		problemPart string
	}{
		{
			name: "hosts without the guard", env: []string{"CORS_ALLOWED_ORIGINS=https://app.example.com", "CORS_ALLOWED_HOSTS=api.example.com"},
			json:    `{"CORS_ALLOWED_ORIGINS": ["https://app.example.com"], "CORS_ALLOWED_HOSTS": ["api.example.com"]}`,
			setting: "CORS_ALLOWED_HOSTS", index: -1, envFix: "set CORS_HOST_GUARD=true", jsonFix: `set "CORS_HOST_GUARD": true`,
			problemPart: "CORS_HOST_GUARD is off",
		},
		{
			name: "enforcement without the guard", env: []string{"CORS_ALLOWED_ORIGINS=https://app.example.com", "CORS_ENFORCE_ORIGIN=true"},
			json:    `{"CORS_ALLOWED_ORIGINS": ["https://app.example.com"], "CORS_ENFORCE_ORIGIN": true}`,
			setting: "CORS_ENFORCE_ORIGIN", index: -1, envFix: "set CORS_HOST_GUARD=true (with CORS_ALLOWED_HOSTS listing", jsonFix: `set "CORS_HOST_GUARD": true (with CORS_ALLOWED_HOSTS listing`,
			problemPart: "without CORS_HOST_GUARD",
		},
		{
			name: "a URL in the hosts", env: []string{"CORS_HOST_GUARD=true", "CORS_ALLOWED_HOSTS=localhost,https://api.example.com/"},
			json:    `{"CORS_HOST_GUARD": true, "CORS_ALLOWED_HOSTS": ["localhost", "https://api.example.com/"]}`,
			setting: "CORS_ALLOWED_HOSTS", index: 1, envFix: `write "api.example.com"`, jsonFix: `write "api.example.com"`,
			problemPart: "a URL, not a host",
		},
		{
			name: "a pattern in the hosts", env: []string{"CORS_HOST_GUARD=true", "CORS_ALLOWED_HOSTS=*.example.com"},
			json:    `{"CORS_HOST_GUARD": true, "CORS_ALLOWED_HOSTS": ["*.example.com"]}`,
			setting: "CORS_ALLOWED_HOSTS", index: 0, envFix: "list each host", jsonFix: "list each host",
			problemPart: "patterns are not supported",
		},
		{
			name: "a scheme that is none", env: []string{"CORS_HOST_GUARD=true", "CORS_ENFORCE_ORIGIN=true", "CORS_PUBLIC_SCHEME=ftp"},
			json:    `{"CORS_HOST_GUARD": true, "CORS_ENFORCE_ORIGIN": true, "CORS_PUBLIC_SCHEME": "ftp"}`,
			setting: "CORS_PUBLIC_SCHEME", index: -1, envFix: `write "https"`, jsonFix: `write "https"`,
			problemPart: "not a scheme",
		},
		{
			name: "a public scheme without enforcement", env: []string{"CORS_HOST_GUARD=true", "CORS_PUBLIC_SCHEME=https"},
			json:    `{"CORS_HOST_GUARD": true, "CORS_PUBLIC_SCHEME": "https"}`,
			setting: "CORS_PUBLIC_SCHEME", index: -1, envFix: "or set CORS_ENFORCE_ORIGIN", jsonFix: "or set CORS_ENFORCE_ORIGIN",
			problemPart: "CORS_ENFORCE_ORIGIN is off",
		},
		{
			name: "null under enforcement", env: []string{"CORS_HOST_GUARD=true", "CORS_ENFORCE_ORIGIN=true", "CORS_ALLOWED_ORIGINS=https://app.example.com null"},
			json:    `{"CORS_HOST_GUARD": true, "CORS_ENFORCE_ORIGIN": true, "CORS_ALLOWED_ORIGINS": ["https://app.example.com", "null"]}`,
			setting: "CORS_ALLOWED_ORIGINS", index: 1, envFix: "remove it", jsonFix: "remove it",
			problemPart: "with CORS_ENFORCE_ORIGIN",
		},
	} {
		for _, src := range []string{"environment", "JSON"} {
			var s *Settings
			var err error
			fix := c.envFix
			if src == "JSON" {
				s, err = FromJSON([]byte(c.json))
				fix = c.jsonFix
			} else {
				s, err = FromEnv(env(c.env...))
			}
			if err != nil {
				t.Fatalf("%s, %s: %v", c.name, src, err)
			}
			_, err = s.Policy()
			ps := problems(t, err)
			if len(ps) != 1 {
				t.Fatalf("%s, %s: %d problems: %v", c.name, src, len(ps), err)
			}
			e := ps[0]
			if e.Name != c.setting || e.Index != c.index || !strings.Contains(e.Problem, c.problemPart) || !strings.Contains(e.Fix, fix) {
				t.Errorf("%s, %s: %+v\nwant %s[%d], problem with %q, fix with %q", c.name, src, e, c.setting, c.index, c.problemPart, fix)
			}
			for _, field := range []string{"HostGuard", "AllowedHosts", "EnforceOrigin", "PublicScheme", ": true)"} {
				if strings.Contains(strings.ReplaceAll(e.Error(), "core.Config.UnsafeAllowAnyHost", ""), field) && !(src == "JSON" && field == ": true)") {
					t.Errorf("%s, %s: names the Go field %s: %v", c.name, src, field, e)
				}
			}
		}
	}
}

// TestEnforcementFixNamesTheGoOption: the fix for enforcement without the
// guard names UnsafeAllowAnyHost as Go's, and CORS_UNSAFE_ALLOW_ANY_HOST is
// no setting: it says where the option is.
func TestEnforcementFixNamesTheGoOption(t *testing.T) {
	s, err := FromEnv(env("CORS_ALLOWED_ORIGINS=https://app.example.com", "CORS_ENFORCE_ORIGIN=true"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Policy()
	if msg := errString(err); !strings.Contains(msg, "or set core.Config.UnsafeAllowAnyHost (in Go code; no setting sets it)") {
		t.Errorf("%s", msg)
	}
	_, err = FromEnv(env("CORS_UNSAFE_ALLOW_ANY_HOST=true"))
	ps := problems(t, err)
	if len(ps) != 1 || ps[0].Name != "CORS_UNSAFE_ALLOW_ANY_HOST" || !strings.Contains(ps[0].Problem, "core.Config.UnsafeAllowAnyHost, in Go code only") {
		t.Errorf("%v", err)
	}
	_, err = FromEnv(env("CORS_HOSTGUARD=true"))
	if msg := errString(err); !strings.Contains(msg, "did you mean CORS_HOST_GUARD?") {
		t.Errorf("%s", msg)
	}
}

// TestGuardAlone: CORS_HOST_GUARD with no origin is a valid configuration:
// CORS is on for no path, and the guard works.
func TestGuardAlone(t *testing.T) {
	s, err := FromEnv(env("CORS_HOST_GUARD=true"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Policy()
	if err != nil {
		t.Fatal(err)
	}
	if e := p.Explain(guardRequest("rebind.example.net:8080", "")); e.Reason != core.ReasonHostNotAllowed {
		t.Errorf("rebound Host: %v", e.Reason)
	}
	if e := p.Explain(guardRequest("localhost:8080", "")); e.Kind == core.Refused {
		t.Errorf("localhost refused: %v", e.Reason)
	}
}
