package core_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// TestPathsEscapedPathTwoReadings: chi and Echo route on r.URL.RawPath
// when the client escaped the path, net/http's ServeMux and Gin on
// r.URL.Path. A path whose two readings fall under different rules of
// Paths gets no rule's grant: "/%70artner/balance" is routed by chi to
// "/{account}/balance", not to the partner routes, and must not carry the
// partner rule's grant.
func TestPathsEscapedPathTwoReadings(t *testing.T) {
	p := core.MustPolicy(core.Config{
		Paths: []core.PathRule{
			{Prefix: "/partner/", Config: core.Config{AllowedOrigins: []string{"https://partner.example"}, AllowCredentials: true}},
		},
		AllowedOrigins:   []string{"https://app.example.com"},
		AllowCredentials: true,
	})
	for _, c := range []struct {
		target, origin string
		want           bool
	}{
		{"/%70artner/balance", "https://partner.example", false},
		{"/partner%2Fx/balance", "https://partner.example", false},
		{"/partne%72/balance", "https://partner.example", false},
		{"/%70artner/balance", "https://app.example.com", false},
		// Escapes both readings agree on keep their rule.
		{"/partner/caf%c3%a9", "https://partner.example", true},
		{"/partner/a%2Fb", "https://partner.example", true},
		{"/partner/caf%C3%A9", "https://partner.example", true},
		{"/account/%62alance", "https://app.example.com", true},
	} {
		r := httptest.NewRequest(http.MethodPost, c.target, nil)
		r.Header.Set("Origin", c.origin)
		if got := p.Decide(core.NewRequest(r)).Allowed(); got != c.want {
			t.Errorf("Decide %s from %s: allowed %v, want %v (Path %q, RawPath %q)", c.target, c.origin, got, c.want, r.URL.Path, r.URL.RawPath)
		}
		if got := p.TrustsOrigin(r); got != c.want {
			t.Errorf("TrustsOrigin %s from %s: %v, want %v", c.target, c.origin, got, c.want)
		}
		if !c.want {
			if e := p.Explain(r); e.Reason != core.ReasonPathNotEnabled || e.Header.Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("Explain %s: reason %v, headers %v; want ReasonPathNotEnabled and no grant", c.target, e.Reason, e.Header)
			}
		}
	}
}
