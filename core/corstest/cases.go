package corstest

import "github.com/corsheaders/corsheaders/core"

// Cases returns the conformance cases, fresh on every call.
func Cases() []Case {
	var cs []Case
	for _, group := range [][]Case{
		noOriginCases(),
		browserCases(),
	} {
		cs = append(cs, group...)
	}
	return cs
}

// H is the expected Access-Control-* and Vary headers of a response.
type H = map[string]string

func noOriginCases() []Case {
	cfg := core.Config{AllowedOrigins: []string{"https://example.com"}}
	return []Case{
		{Name: "no origin/GET", Config: cfg, Kind: core.NotCORS, Header: H{"Vary": "Origin"}},
	}
}
