package scenario

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/browsercheck"
	"github.com/corsheaders/corsheaders/core/corstest"
)

func TestBrowserScenariosAreWellFormed(t *testing.T) {
	scenarios := All()
	require.GreaterOrEqual(t, len(scenarios), 30)
	seen := map[string]bool{}
	for _, s := range scenarios {
		assert.True(t, strings.HasPrefix(s.Name, "browser/"), "%s: name must start with browser/", s.Name)
		assert.False(t, seen[s.Name], "%s: duplicate name", s.Name)
		seen[s.Name] = true
		_, err := core.NewPolicy(s.PolicyConfig(ExamplePorts))
		assert.NoError(t, err, s.Name)
		for _, c := range s.Cases(ExamplePorts) {
			for _, v := range c.Header {
				assert.NotContains(t, v, "{", "%s: placeholder left in a header value", c.Name)
			}
			for _, o := range c.Config.AllowedOrigins {
				assert.NotContains(t, o, "{", "%s: placeholder left in an origin", c.Name)
			}
		}
		assert.True(t, slices.IsSorted(s.Want.Readable), "%s: Readable must be sorted", s.Name)
	}
}

// TestBrowserScenariosFollowTheFetchStandard checks every scenario's
// expected browser verdict against a small model of the Fetch standard's
// CORS checks applied to the scenario's expected server answers, so that
// the two halves of a scenario cannot contradict each other. Whether
// Chromium agrees with the model is the e2e suite's business.
func TestBrowserScenariosFollowTheFetchStandard(t *testing.T) {
	for _, s := range All() {
		t.Run(s.Name, func(t *testing.T) {
			want, sendsActual, cookie := fetchModel(t, s, ExamplePorts)
			assert.Equal(t, s.NeedsPreflight(), s.Preflight != nil, "a preflight is expected exactly when the Fetch standard sends one")
			assert.Equal(t, sendsActual, s.Actual != nil, "the actual request is expected exactly when the preflight passes")
			assert.Equal(t, want, s.Want, "verdict")
			assert.Equal(t, cookie, s.Cookie, "whether the cookie is sent")
		})
	}
}

// fetchModel is what the Fetch standard makes of s's server answers, as
// core/browsercheck (the command's and the fuzz invariants' model too)
// decides it: the verdict, whether the actual request is sent, and whether
// it carries the API's SameSite=Lax cookie.
func fetchModel(t *testing.T, s Scenario, p Ports) (v Verdict, sendsActual, cookie bool) {
	creds := s.Fetch.Credentials == "include"
	req := s.request()
	req.Origin = s.Origin(p)
	var pre, act *corstest.Case
	cases := s.Cases(p)
	for i := range cases {
		if strings.HasSuffix(cases[i].Name, " [preflight]") {
			pre = &cases[i]
		} else {
			act = &cases[i]
		}
	}

	sendsActual = true
	if pre != nil {
		sendsActual = req.Preflight().Check(pre.WantStatus(), header(pre.Header)) == nil
	}
	if !sendsActual {
		return typeError, false, false
	}
	u, err := url.Parse(s.PageOrigin(p))
	require.NoError(t, err)
	cookie = creds && !s.Sandboxed && siteOf(u.Hostname()) == CookieSite
	if act == nil || req.Check(header(act.Header)) != nil {
		return typeError, true, cookie
	}
	v = Verdict{Status: act.WantStatus()}
	for _, kv := range AppHeaders {
		if browsercheck.Exposed(kv[0], creds, header(act.Header)) {
			v.Readable = append(v.Readable, strings.ToLower(kv[0]))
		}
	}
	slices.Sort(v.Readable)
	return v, true, cookie
}

// header is a case's expected headers as a response carries them; an empty
// value means the header is absent.
func header(want map[string]string) http.Header {
	h := http.Header{}
	for name, v := range want {
		if v != "" {
			h.Set(name, v)
		}
	}
	return h
}

// siteOf is the registrable domain of a host under .test: its last two
// labels.
func siteOf(host string) string {
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return host
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

func TestBrowserScenarioRequests(t *testing.T) {
	s := Scenario{Fetch: Fetch{Method: "patch", Header: [][2]string{
		{"X-Requested-With", "a"}, {"Content-Type", "application/json"}, {"Accept", "*/*"}, {"x-requested-with", "b"},
	}}}
	assert.Equal(t, "patch", s.Method())
	assert.Equal(t, "content-type,x-requested-with", s.RequestHeaders())
	assert.True(t, s.NeedsPreflight())

	s = Scenario{Fetch: Fetch{Method: "post", Header: [][2]string{{"Content-Type", "text/plain;charset=UTF-8"}}}}
	assert.Equal(t, "POST", s.Method())
	assert.Empty(t, s.RequestHeaders())
	assert.False(t, s.NeedsPreflight())

	s = Scenario{Page: "http://app.example.test:{page}", Sandboxed: true}
	assert.Equal(t, "http://app.example.test:3000", s.PageOrigin(ExamplePorts))
	assert.Equal(t, "null", s.Origin(ExamplePorts))
}

func TestBrowserCounts(t *testing.T) {
	cached := Scenario{Fetch: Fetch{Times: 2}, Preflight: accepted(grantedPreflight("o")), Actual: actual(granted("o"))}
	pre, act := cached.Counts()
	assert.Equal(t, [2]int{1, 2}, [2]int{pre, act})

	noMaxAge := Scenario{Fetch: Fetch{Times: 2}, Preflight: accepted(with(grantedPreflight("o"), acma, "")), Actual: actual(granted("o"))}
	pre, act = noMaxAge.Counts()
	assert.Equal(t, [2]int{1, 2}, [2]int{pre, act}, "5 s without Max-Age")

	noMaxAge.Fetch.Pause = 6 * time.Second
	pre, act = noMaxAge.Counts()
	assert.Equal(t, [2]int{2, 2}, [2]int{pre, act})

	capped := Scenario{Fetch: Fetch{Times: 2, Pause: 3 * time.Hour}, Preflight: accepted(grantedPreflight("o")), Actual: actual(granted("o"))}
	pre, act = capped.Counts()
	assert.Equal(t, [2]int{2, 2}, [2]int{pre, act}, "Chromium caps Max-Age at 2 hours")

	noStore := Scenario{Fetch: Fetch{Times: 2, Cache: "no-store"}, Preflight: accepted(grantedPreflight("o")), Actual: actual(granted("o"))}
	pre, act = noStore.Counts()
	assert.Equal(t, [2]int{2, 2}, [2]int{pre, act}, "Chromium bypasses the preflight cache")

	refusedTwice := Scenario{Fetch: Fetch{Times: 2}, Preflight: rejected()}
	pre, act = refusedTwice.Counts()
	assert.Equal(t, [2]int{2, 0}, [2]int{pre, act})
}
