package core_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/corsheaders/corsheaders/core"
)

// A candidate listing the known origins runs report-only beside an
// allow-all policy: the response is the allow-all one, and the request
// the candidate would refuse is reported.
func ExampleReportOnly() {
	enforced := core.MustPolicy(core.Config{AllowAllOrigins: true})
	candidate := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	src, err := core.ReportOnly(enforced, candidate, core.ReportOptions{
		Report: func(d core.Disagreement) {
			fmt.Printf("%s %s from %s: enforced %s/%s, candidate %s/%s\n", d.Method, d.Path, d.Origin,
				d.Enforced.Kind.Key(), d.Enforced.Reason.Key(), d.Candidate.Kind.Key(), d.Candidate.Reason.Key())
		},
	})
	if err != nil {
		panic(err)
	}
	for _, origin := range []string{"https://app.example.com", "https://partner.example.org"} {
		r := httptest.NewRequest(http.MethodGet, "/api/items", nil)
		r.Header.Set("Origin", origin)
		h := http.Header{}
		core.Handle(src, h, r)
		fmt.Println("Access-Control-Allow-Origin:", h.Get("Access-Control-Allow-Origin"))
	}
	// Output:
	// Access-Control-Allow-Origin: *
	// GET /api/items from https://partner.example.org: enforced actual/allowed, candidate actual/origin_not_allowed
	// Access-Control-Allow-Origin: *
}
