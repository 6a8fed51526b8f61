package core_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/corsheaders/corsheaders/core/internal/check"

	"github.com/corsheaders/corsheaders/core"
)

// configErrors lists configurations NewPolicy must refuse, with the field
// and a phrase of the message each problem must carry.
var configErrors = []struct {
	name  string
	cfg   core.Config
	field string
	want  string // in the message
}{
	{"origin without scheme", core.Config{AllowedOrigins: []string{"example.com"}}, "AllowedOrigins", `add the scheme, e.g. "https://example.com"`},
	{"origin without scheme, with a slash", core.Config{AllowedOrigins: []string{"example.com/"}}, "AllowedOrigins", `add the scheme, e.g. "https://example.com"`},
	{"origin without host", core.Config{AllowedOrigins: []string{"https://"}}, "AllowedOrigins", "no host"},
	{"origin with trailing slash", core.Config{AllowedOrigins: []string{"https://example.com/"}}, "AllowedOrigins", `no trailing slash; write "https://example.com"`},
	{"origin with path", core.Config{AllowedOrigins: []string{"https://example.com/app"}}, "AllowedOrigins", `has "/app"`},
	{"origin with query", core.Config{AllowedOrigins: []string{"https://example.com?x=1"}}, "AllowedOrigins", "no query"},
	{"origin with fragment", core.Config{AllowedOrigins: []string{"https://example.com#top"}}, "AllowedOrigins", "no fragment"},
	{"origin with userinfo", core.Config{AllowedOrigins: []string{"https://user:pw@example.com"}}, "AllowedOrigins", `no user information; write "https://example.com"`},
	{"origin with spaces around", core.Config{AllowedOrigins: []string{" https://example.com"}}, "AllowedOrigins", "white space"},
	{"origin with inner space", core.Config{AllowedOrigins: []string{"https://exa mple.com"}}, "AllowedOrigins", "white space"},
	{"origin with invalid host character", core.Config{AllowedOrigins: []string{"https://exa$mple.com"}}, "AllowedOrigins", "invalid host"},
	{"origin with invalid port", core.Config{AllowedOrigins: []string{"https://example.com:99999"}}, "AllowedOrigins", "invalid port"},
	{"origin with bad scheme", core.Config{AllowedOrigins: []string{"1http://example.com"}}, "AllowedOrigins", "invalid scheme"},
	{"empty origin", core.Config{AllowedOrigins: []string{""}}, "AllowedOrigins", "cannot be empty"},
	{"star as an origin", core.Config{AllowedOrigins: []string{"*"}}, "AllowedOrigins", "set AllowAllOrigins"},
	{"NULL in upper case", core.Config{AllowedOrigins: []string{"NULL"}}, "AllowedOrigins", `write "null"`},
	{"wildcard inside a label", core.Config{AllowedOrigins: []string{"https://*example.com"}}, "AllowedOrigins", `write "https://*.example.com"`},
	{"wildcard in a middle label", core.Config{AllowedOrigins: []string{"https://a.*.example.com"}}, "AllowedOrigins", `write "https://*.example.com"`},
	{"wildcard with no domain (found by FuzzOriginPattern)", core.Config{AllowedOrigins: []string{"https://*."}}, "AllowedOrigins", `no domain after "*."`},
	{"wildcard alone as host", core.Config{AllowedOrigins: []string{"https://*"}}, "AllowedOrigins", "wildcard"},
	{"wildcard on an IP", core.Config{AllowedOrigins: []string{"http://*.0.0.1"}}, "AllowedOrigins", "no subdomains"},
	{"wildcard on a public suffix with credentials", core.Config{AllowedOrigins: []string{"https://*.com"}, AllowCredentials: true}, "AllowedOrigins", `"com" is a public suffix`},
	{"wildcard on a two-label public suffix with credentials", core.Config{AllowedOrigins: []string{"https://*.co.uk"}, AllowCredentials: true}, "AllowedOrigins", `"co.uk" is a public suffix`},
	{"wildcard on a private public suffix with credentials", core.Config{AllowedOrigins: []string{"https://*.github.io"}, AllowCredentials: true}, "AllowedOrigins", "public suffix"},
	{"origin longer than any request origin", core.Config{AllowedOrigins: []string{"https://" + strings.Repeat("a", 600) + ".com"}}, "AllowedOrigins", "could never match"},
	{"bad IPv6", core.Config{AllowedOrigins: []string{"http://[::g]:80"}}, "AllowedOrigins", "invalid IPv6"},
	{"regex that does not compile", core.Config{AllowedOriginRegexes: []string{`https://(a`}}, "AllowedOriginRegexes", "does not compile: missing closing )"},
	{"regex with an upper-case literal", core.Config{AllowedOriginRegexes: []string{`https://App\.example\.com`}}, "AllowedOriginRegexes", "can never match"},
	{"regex matching any origin with credentials (rs/cors #197)", core.Config{AllowedOriginRegexes: []string{`h.*`}, AllowCredentials: true}, "AllowedOriginRegexes", "the end of the host is not written out"},
	{"URLsRegex that does not compile", core.Config{URLsRegex: `/api/(`}, "URLsRegex", "does not compile"},
	{"allow all with credentials", core.Config{AllowAllOrigins: true, AllowCredentials: true}, "AllowAllOrigins", "UnsafeAllowAllOriginsWithCredentials"},
	{"method not a token", core.Config{AllowMethods: []string{"GE\"T"}}, "AllowMethods", "not a method name"},
	{"method CONNECT", core.Config{AllowMethods: []string{"CONNECT"}}, "AllowMethods", "never send"},
	{"method TRACE", core.Config{AllowMethods: []string{"TRACE"}}, "AllowMethods", "never send"},
	{"method track in lower case", core.Config{AllowMethods: []string{"track"}}, "AllowMethods", "never send"},
	{"standard method in lower case", core.Config{AllowMethods: []string{"delete"}}, "AllowMethods", `write "DELETE"`},
	{"header not a token", core.Config{AllowHeaders: []string{"x-a(b)"}}, "AllowHeaders", "not a header name"},
	{"forbidden request header", core.Config{AllowHeaders: []string{"Origin"}}, "AllowHeaders", "never let scripts set"},
	{"forbidden Sec- header", core.Config{AllowHeaders: []string{"sec-fetch-mode"}}, "AllowHeaders", "never let scripts set"},
	{"expose header not a token", core.Config{ExposeHeaders: []string{"x:y"}}, "ExposeHeaders", "not a header name"},
	{"expose Set-Cookie", core.Config{ExposeHeaders: []string{"Set-Cookie"}}, "ExposeHeaders", "never let scripts read"},
	{"expose star with credentials", core.Config{ExposeHeaders: []string{"*"}, AllowCredentials: true}, "ExposeHeaders", "list the headers"},
	{"negative max age", core.Config{PreflightMaxAge: -5 * time.Second}, "PreflightMaxAge", "negative"},
	{"max age in nanoseconds by mistake", core.Config{PreflightMaxAge: 86400}, "PreflightMaxAge", "did you mean 86400 * time.Second?"},
	{"max age with a fraction of a second", core.Config{PreflightMaxAge: 1500 * time.Millisecond}, "PreflightMaxAge", "whole number of seconds"},
	{"absurd max age", core.Config{PreflightMaxAge: 30 * 24 * time.Hour}, "PreflightMaxAge", "longer than a week"},
	{"preflight status not 2xx", core.Config{PreflightStatus: 404}, "PreflightStatus", "2xx"},
	{"nil hook", core.Config{CheckRequest: []func(*http.Request) bool{nil}}, "CheckRequest", "cannot be nil"},
}

func TestNewPolicyRefuses(t *testing.T) {
	for _, tc := range configErrors {
		t.Run(tc.name, func(t *testing.T) {
			p, err := core.NewPolicy(tc.cfg)
			check.Require.Error(t, err)
			check.Assert.Nil(t, p)
			var ce *core.ConfigError
			check.Require.True(t, errors.As(err, &ce), "a *core.ConfigError")
			check.Assert.Equal(t, tc.field, ce.Field)
			check.Assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestNewPolicyReportsEveryProblem: one error per problem, each naming its
// element.
func TestNewPolicyReportsEveryProblem(t *testing.T) {
	_, err := core.NewPolicy(core.Config{
		AllowedOrigins:       []string{"https://ok.com", "https://a.com/", "b.com"},
		AllowedOriginRegexes: []string{"("},
		AllowMethods:         []string{"get"},
		PreflightMaxAge:      -time.Second,
	})
	check.Require.Error(t, err)
	joined, ok := err.(interface{ Unwrap() []error })
	check.Require.True(t, ok, "errors.Join")
	var where []string
	for _, e := range joined.Unwrap() {
		var ce *core.ConfigError
		check.Require.True(t, errors.As(e, &ce))
		where = append(where, fmt.Sprintf("%s[%d]", ce.Field, ce.Index))
	}
	check.Assert.Equal(t, []string{"AllowedOrigins[1]", "AllowedOrigins[2]", "AllowedOriginRegexes[0]", "AllowMethods[0]", "PreflightMaxAge[-1]"}, where)
	check.Assert.Contains(t, err.Error(), `AllowedOrigins[1] "https://a.com/"`)
}

func TestNewPolicyAccepts(t *testing.T) {
	for name, cfg := range map[string]core.Config{
		"wildcard on public suffix without credentials": {AllowedOrigins: []string{"https://*.github.io"}},
		"localhost subdomains with credentials":         {AllowedOrigins: []string{"http://*.localhost:*"}, AllowCredentials: true},
		"unsafe allow all":                              {AllowAllOrigins: true, AllowCredentials: true, UnsafeAllowAllOriginsWithCredentials: true},
		"no max age":                                    {AllowedOrigins: []string{"https://a.com"}, PreflightMaxAge: core.NoPreflightMaxAge},
		"a week of max age":                             {AllowedOrigins: []string{"https://a.com"}, PreflightMaxAge: 7 * 24 * time.Hour},
		"regex with (?i) and upper case":                {AllowedOriginRegexes: []string{`(?i)https://App\.example\.com`}},
		"regex with upper-case class":                   {AllowedOriginRegexes: []string{`https://\S+\.example\.com`}},
		"custom method and star":                        {AllowedOrigins: []string{"https://a.com"}, AllowMethods: []string{"PROPFIND", "*"}},
		"expose star without credentials":               {AllowedOrigins: []string{"https://a.com"}, ExposeHeaders: []string{"*"}},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := core.NewPolicy(cfg)
			check.Require.NoError(t, err)
			check.Assert.NotNil(t, p)
		})
	}
}

// TestDefaultsCannotBeChanged: changing what DefaultMethods returned
// reaches neither the policy nor a later call.
func TestDefaultsCannotBeChanged(t *testing.T) {
	p, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://a.com"}})
	check.Require.NoError(t, err)
	core.DefaultMethods()[0] = "PURGE"
	changed := core.DefaultHeaders()
	changed[0] = "x-changed"
	check.Assert.Equal(t, "DELETE", core.DefaultMethods()[0])
	check.Assert.Equal(t, "accept", core.DefaultHeaders()[0])
	h := http.Header{}
	r, _ := http.NewRequest(http.MethodOptions, "http://api.test/", nil)
	r.Header.Set("Origin", "https://a.com")
	r.Header.Set("Access-Control-Request-Method", "DELETE")
	core.Handle(p, h, r)
	check.Assert.True(t, strings.HasPrefix(h.Get("Access-Control-Allow-Methods"), "DELETE"))
}

// TestQuotedRegexesStayAnchored: \Q quotes to the end of a regex, so the
// anchors must not be pasted onto its text (found by FuzzDecide: `\Q` made
// NewPolicy panic).
func TestQuotedRegexesStayAnchored(t *testing.T) {
	p, err := core.NewPolicy(core.Config{
		AllowedOriginRegexes: []string{`\Qhttps://a.example.com`, `\Q`},
		URLsRegex:            `\Q/api/`,
	})
	check.Require.NoError(t, err)
	decide := func(origin, path string) core.Kind {
		r := newReq(http.MethodGet, origin)
		r.URL.Path = path
		d := p.Decide(core.NewRequest(r))
		if d.Allowed() {
			return d.Kind
		}
		return 99
	}
	check.Assert.Equal(t, core.Actual, decide("https://a.example.com", "/api/x"))
	check.Assert.Equal(t, core.Kind(99), decide("https://a.example.com.evil.net", "/api/x"), "still anchored at the end")
	check.Assert.Equal(t, core.Kind(99), decide("https://aXexample.com", "/api/x"), "the dot is quoted")
	check.Assert.Equal(t, core.Kind(99), decide("https://a.example.com", "/v1/api/x"), "URLsRegex anchored at the start")
}
