package core_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// A migration mistake: a configuration that cannot do what its author
// meant, the fix its error must name, and that fix applied.
type mistake struct {
	name  string
	cfg   core.Config
	field string
	index int
	fix   string // in ConfigError.Fix, literally
	// fixed are the configurations the fix describes; each must be
	// accepted, allow allowed and refuse refused.
	fixed   []core.Config
	allowed []string
	refused []string
}

var (
	app  = "https://app.example.com"
	none = func(*http.Request) bool { return false }
)

var mistakes = []mistake{
	{
		name: "empty config", cfg: core.Config{},
		field: "AllowedOrigins", index: -1, fix: `AllowedOrigins: []string{"https://app.example.com"}`,
		fixed:   []core.Config{{AllowedOrigins: []string{app}}},
		allowed: []string{app}, refused: []string{"https://evil.example"},
	},
	{
		name: "empty config, the other fix", cfg: core.Config{},
		field: "AllowedOrigins", index: -1, fix: "set AllowAllOrigins to allow every origin",
		fixed:   []core.Config{{AllowAllOrigins: true}},
		allowed: []string{app, "https://any.example"},
	},
	{
		name: "only credentials", cfg: core.Config{AllowCredentials: true},
		field: "AllowedOrigins", index: -1, fix: `AllowedOrigins: []string{"https://app.example.com"}`,
		fixed:   []core.Config{{AllowedOrigins: []string{app}, AllowCredentials: true}},
		allowed: []string{app}, refused: []string{"https://evil.example"},
	},
	{
		name: "a comma-separated list in one element", cfg: core.Config{AllowedOrigins: []string{"https://a.example,https://b.example"}},
		field: "AllowedOrigins", index: 0, fix: `[]string{"https://a.example", "https://b.example"}`,
		fixed:   []core.Config{{AllowedOrigins: []string{"https://a.example", "https://b.example"}}},
		allowed: []string{"https://a.example", "https://b.example"},
	},
	{
		name: "a semicolon-separated list in one element", cfg: core.Config{AllowedOrigins: []string{"https://a.example;https://b.example"}},
		field: "AllowedOrigins", index: 0, fix: `[]string{"https://a.example", "https://b.example"}`,
		fixed:   []core.Config{{AllowedOrigins: []string{"https://a.example", "https://b.example"}}},
		allowed: []string{"https://a.example", "https://b.example"},
	},
	{
		name: "a space-separated list in one element", cfg: core.Config{AllowedOrigins: []string{app, "https://a.example  http://localhost:3000"}},
		field: "AllowedOrigins", index: 1, fix: `[]string{"https://a.example", "http://localhost:3000"}`,
		fixed:   []core.Config{{AllowedOrigins: []string{app, "https://a.example", "http://localhost:3000"}}},
		allowed: []string{app, "https://a.example", "http://localhost:3000"},
	},
	{
		name: "a list with trailing slashes in one element", cfg: core.Config{AllowedOrigins: []string{"https://a.example/, https://b.example/"}},
		field: "AllowedOrigins", index: 0, fix: `[]string{"https://a.example", "https://b.example"}`,
		fixed:   []core.Config{{AllowedOrigins: []string{"https://a.example", "https://b.example"}}},
		allowed: []string{"https://a.example", "https://b.example"},
	},
	{
		name: "a trailing dot", cfg: core.Config{AllowedOrigins: []string{"https://example.com.:8443"}},
		field: "AllowedOrigins", index: 0, fix: `write "https://example.com:8443"`,
		fixed:   []core.Config{{AllowedOrigins: []string{"https://example.com:8443"}}},
		allowed: []string{"https://example.com:8443"},
	},
	{
		name: "wildcards in a middle label and the top-level domain", cfg: core.Config{AllowedOrigins: []string{"https://a.*.example.*"}},
		field: "AllowedOrigins", index: 0, fix: `"https://*.example.com"`,
		fixed:   []core.Config{{AllowedOrigins: []string{"https://*.example.com"}}},
		allowed: []string{"https://a.b.example.com"},
	},
	{
		name: "star without credentials", cfg: core.Config{AllowedOrigins: []string{"*"}},
		field: "AllowedOrigins", index: 0, fix: "set AllowAllOrigins",
		fixed:   []core.Config{{AllowAllOrigins: true}},
		allowed: []string{app, "http://localhost:3000"},
	},
	{
		name: "star with credentials", cfg: core.Config{AllowedOrigins: []string{"*"}, AllowCredentials: true},
		field: "AllowedOrigins", index: 0, fix: `list the origins you trust, e.g. "https://app.example.com"`,
		fixed:   []core.Config{{AllowedOrigins: []string{app}, AllowCredentials: true}},
		allowed: []string{app}, refused: []string{"https://evil.example"},
	},
	{
		name: "star and AllowAllOrigins", cfg: core.Config{AllowedOrigins: []string{"*"}, AllowAllOrigins: true},
		field: "AllowedOrigins", index: 0, fix: "remove it",
		fixed:   []core.Config{{AllowAllOrigins: true}},
		allowed: []string{app},
	},
	{
		name: "AllowedOrigins with AllowAllOrigins, meaning the list", cfg: core.Config{AllowedOrigins: []string{app}, AllowAllOrigins: true},
		field: "AllowAllOrigins", index: -1, fix: "to allow only the listed origins, remove AllowAllOrigins",
		fixed:   []core.Config{{AllowedOrigins: []string{app}}},
		allowed: []string{app}, refused: []string{"https://evil.example"},
	},
	{
		name: "AllowedOrigins with AllowAllOrigins and credentials", cfg: core.Config{AllowedOrigins: []string{app}, AllowAllOrigins: true, AllowCredentials: true},
		field: "AllowAllOrigins", index: -1, fix: "remove AllowAllOrigins, so that only the origins you list are allowed",
		fixed:   []core.Config{{AllowedOrigins: []string{app}, AllowCredentials: true}},
		allowed: []string{app}, refused: []string{"https://evil.example"},
	},
	{
		name: "AllowedOriginRegexes with AllowAllOrigins, meaning every origin", cfg: core.Config{AllowedOriginRegexes: []string{`https://[a-z]+\.example\.com`}, AllowAllOrigins: true},
		field: "AllowAllOrigins", index: -1, fix: "to allow every origin, remove the lists",
		fixed:   []core.Config{{AllowAllOrigins: true}},
		allowed: []string{app, "https://other.example"},
	},
	{
		name: "https://* (go-chi/cors, rs/cors)", cfg: core.Config{AllowedOrigins: []string{"https://*"}},
		field: "AllowedOrigins", index: 0, fix: "add `https://.+` to AllowedOriginRegexes",
		fixed:   []core.Config{{AllowedOriginRegexes: []string{`https://.+`}}},
		allowed: []string{app, "https://x.example:8443"}, refused: []string{"http://app.example.com", "null"},
	},
	{
		name: "http://*:8080", cfg: core.Config{AllowedOrigins: []string{"http://*:8080"}},
		field: "AllowedOrigins", index: 0, fix: "add `http://.+:8080` to AllowedOriginRegexes",
		fixed:   []core.Config{{AllowedOriginRegexes: []string{`http://.+:8080`}}},
		allowed: []string{"http://localhost:8080", "http://10.0.0.1:8080"}, refused: []string{"http://localhost:8081", "https://localhost:8080"},
	},
	{
		name: "https://* with credentials", cfg: core.Config{AllowedOrigins: []string{"https://*"}, AllowCredentials: true},
		field: "AllowedOrigins", index: 0, fix: `list the origins you trust, e.g. "https://app.example.com"`,
		fixed:   []core.Config{{AllowedOrigins: []string{app}, AllowCredentials: true}},
		allowed: []string{app}, refused: []string{"https://evil.example"},
	},
	{
		name: "a wildcard top-level domain", cfg: core.Config{AllowedOrigins: []string{"https://example.*"}, AllowCredentials: true},
		field: "AllowedOrigins", index: 0, fix: `"https://example.com"`,
		fixed:   []core.Config{{AllowedOrigins: []string{"https://example.com"}, AllowCredentials: true}},
		allowed: []string{"https://example.com"}, refused: []string{"https://example.evil"},
	},
	{
		name: "a wildcard top-level domain under a subdomain pattern", cfg: core.Config{AllowedOrigins: []string{"https://*.example.*:8443"}},
		field: "AllowedOrigins", index: 0, fix: `"https://*.example.com:8443"`,
		fixed:   []core.Config{{AllowedOrigins: []string{"https://*.example.com:8443"}}},
		allowed: []string{"https://a.example.com:8443"},
	},
	{
		name: "every Chrome extension (gin-contrib AllowBrowserExtensions)", cfg: core.Config{AllowedOrigins: []string{"chrome-extension://*"}},
		field: "AllowedOrigins", index: 0, fix: `"chrome-extension://abcdefghijklmnopabcdefghijklmnop"`,
		fixed:   []core.Config{{AllowedOrigins: []string{"chrome-extension://abcdefghijklmnopabcdefghijklmnop"}}},
		allowed: []string{"chrome-extension://abcdefghijklmnopabcdefghijklmnop"}, refused: []string{"chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba"},
	},
	{
		name: "every Firefox extension", cfg: core.Config{AllowedOrigins: []string{"moz-extension://*"}, AllowCredentials: true},
		field: "AllowedOrigins", index: 0, fix: `"moz-extension://6f2e0b3c-1d4a-4b8e-9c57-2a1f3e4d5b6c"`,
		fixed:   []core.Config{{AllowedOrigins: []string{"moz-extension://6f2e0b3c-1d4a-4b8e-9c57-2a1f3e4d5b6c"}, AllowCredentials: true}},
		allowed: []string{"moz-extension://6f2e0b3c-1d4a-4b8e-9c57-2a1f3e4d5b6c"},
	},
	{
		name: "a wss origin", cfg: core.Config{AllowedOrigins: []string{"wss://app.example.com"}},
		field: "AllowedOrigins", index: 0, fix: `write "https://app.example.com"`,
		fixed:   []core.Config{{AllowedOrigins: []string{app}}},
		allowed: []string{app},
	},
	{
		name: "a ws pattern", cfg: core.Config{AllowedOrigins: []string{"ws://localhost:*"}},
		field: "AllowedOrigins", index: 0, fix: `write "http://localhost:*"`,
		fixed:   []core.Config{{AllowedOrigins: []string{"http://localhost:*"}}},
		allowed: []string{"http://localhost:3000"},
	},
	{
		name: "a gin-contrib /regex/ entry", cfg: core.Config{AllowedOrigins: []string{`/https://[a-z]+\.example\.com/`}},
		field: "AllowedOrigins", index: 0, fix: "add `https://[a-z]+\\.example\\.com` to AllowedOriginRegexes",
		fixed:   []core.Config{{AllowedOriginRegexes: []string{`https://[a-z]+\.example\.com`}}},
		allowed: []string{app}, refused: []string{"https://app.example.com.evil.net"},
	},
	{
		name: "a wss regex", cfg: core.Config{AllowedOriginRegexes: []string{`^wss://[a-z]+\.example\.com$`}},
		field: "AllowedOriginRegexes", index: 0, fix: "write `^https://[a-z]+\\.example\\.com$`",
		fixed:   []core.Config{{AllowedOriginRegexes: []string{`^https://[a-z]+\.example\.com$`}}},
		allowed: []string{app},
	},
	{
		name: "a regex ending with a slash", cfg: core.Config{AllowedOriginRegexes: []string{`https://[a-z]+\.example\.com/$`}},
		field: "AllowedOriginRegexes", index: 0, fix: "write `https://[a-z]+\\.example\\.com$`",
		fixed:   []core.Config{{AllowedOriginRegexes: []string{`https://[a-z]+\.example\.com$`}}},
		allowed: []string{app},
	},
	{
		name: "a regex requiring a path", cfg: core.Config{AllowedOriginRegexes: []string{`^https://app\.example\.com/.*`}},
		field: "AllowedOriginRegexes", index: 0, fix: "write `^https://app\\.example\\.com`",
		fixed:   []core.Config{{AllowedOriginRegexes: []string{`^https://app\.example\.com`}}},
		allowed: []string{app}, refused: []string{"https://app.example.com.evil.net"},
	},
	{
		name: "a regex requiring a path in the middle", cfg: core.Config{AllowedOriginRegexes: []string{`https://[a-z]+\.example\.com/api(:[0-9]+)?`}},
		field: "AllowedOriginRegexes", index: 0, fix: "write `https://[a-z]+\\.example\\.com`",
		fixed:   []core.Config{{AllowedOriginRegexes: []string{`https://[a-z]+\.example\.com`}}},
		allowed: []string{app},
	},
	{
		name: "methods in one element", cfg: core.Config{AllowedOrigins: []string{app}, AllowMethods: []string{"GET, PATCH"}},
		field: "AllowMethods", index: 0, fix: `[]string{"GET", "PATCH"}`,
		fixed:   []core.Config{{AllowedOrigins: []string{app}, AllowMethods: []string{"GET", "PATCH"}}},
		allowed: []string{app},
	},
	{
		name: "headers in one element", cfg: core.Config{AllowedOrigins: []string{app}, AllowHeaders: []string{"content-type x-api-key"}},
		field: "AllowHeaders", index: 0, fix: `[]string{"content-type", "x-api-key"}`,
		fixed:   []core.Config{{AllowedOrigins: []string{app}, AllowHeaders: []string{"content-type", "x-api-key"}}},
		allowed: []string{app},
	},
	{
		name: "exposed headers in one element", cfg: core.Config{AllowedOrigins: []string{app}, ExposeHeaders: []string{"X-Total-Count,Link"}},
		field: "ExposeHeaders", index: 0, fix: `[]string{"X-Total-Count", "Link"}`,
		fixed:   []core.Config{{AllowedOrigins: []string{app}, ExposeHeaders: []string{"X-Total-Count", "Link"}}},
		allowed: []string{app},
	},
}

// TestMistakesAreRefusedWithAFixThatWorks: each configuration above is
// refused with its fix, and the configuration the fix describes is accepted
// and does what its author meant.
func TestMistakesAreRefusedWithAFixThatWorks(t *testing.T) {
	for _, m := range mistakes {
		t.Run(m.name, func(t *testing.T) {
			p, err := core.NewPolicy(m.cfg)
			if err == nil || p != nil {
				t.Fatalf("NewPolicy accepted %+v", m.cfg)
			}
			ce := configError(err, m.field, m.index)
			if ce == nil {
				t.Fatalf("no *core.ConfigError for %s[%d] in:\n%v", m.field, m.index, err)
			}
			if !strings.Contains(ce.Fix, m.fix) {
				t.Errorf("fix %q\ndoes not say %q", ce.Fix, m.fix)
			}
			if !strings.Contains(err.Error(), ce.Fix) {
				t.Errorf("the message does not carry the fix:\n%v", err)
			}
			for _, cfg := range m.fixed {
				p, err := core.NewPolicy(cfg)
				if err != nil {
					t.Fatalf("the fixed configuration is refused: %v", err)
				}
				for _, o := range m.allowed {
					if !allows(p, o) {
						t.Errorf("the fixed configuration does not allow %q", o)
					}
				}
				for _, o := range m.refused {
					if allows(p, o) {
						t.Errorf("the fixed configuration allows %q", o)
					}
				}
			}
		})
	}
}

// TestMistakeChecksLeaveGoodConfigurationsAlone: what looks like the
// mistakes above but is meant is accepted.
func TestMistakeChecksLeaveGoodConfigurationsAlone(t *testing.T) {
	for name, cfg := range map[string]core.Config{
		"regexes with slashes only in the scheme": {AllowedOriginRegexes: []string{
			`https://.*`, `https?://example\.com`, `https://example\.com(:[0-9]+)?`, `.*://example\.com`,
			`(?i)https://example\.com`, `\Qhttps://a.example.com`, `^https://[a-z]+\.example\.com$`, `(https://a\.example|http://localhost:3000)`,
		}},
		"a hook and no list":                {CheckRequest: []func(*http.Request) bool{none}},
		"a hook with AllowAllOrigins":       {AllowAllOrigins: true, CheckRequest: []func(*http.Request) bool{none}},
		"custom schemes":                    {AllowedOrigins: []string{"tauri://localhost", "capacitor://localhost", "chrome-extension://abcdefghijklmnopabcdefghijklmnop"}},
		"one origin with its default port":  {AllowedOrigins: []string{"https://example.com:443"}},
		"regex quantifier with a comma":     {AllowedOriginRegexes: []string{`https://[a-z]{2,8}\.example\.com`}},
		"subdomains and any port, together": {AllowedOrigins: []string{"https://*.example.com:*"}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := core.NewPolicy(cfg); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// configError finds the problem reported for field[index] among the joined
// errors.
func configError(err error, field string, index int) *core.ConfigError {
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	for _, e := range errs {
		var ce *core.ConfigError
		if errors.As(e, &ce) && ce.Field == field && ce.Index == index {
			return ce
		}
	}
	return nil
}

func allows(p *core.Policy, origin string) bool {
	r := httptest.NewRequest(http.MethodGet, "http://api.test/", nil)
	r.Header.Set("Origin", origin)
	return p.Decide(core.NewRequest(r)).Allowed()
}
