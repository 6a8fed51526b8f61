package corstest

import (
	"net/http"

	"github.com/corsheaders/corsheaders/core"
)

// inPlaceCases: handlers that write the CORS headers' values in place
// (h[name][0] = v, h[name] = append(h[name][:0], v)) change their own
// response only. The next requests to the same server get every header
// whole: Vary: Origin above all, without which a shared cache serves one
// origin's grant to another.
func inPlaceCases() []Case {
	const other = "https://other.example.com"
	credentialed := core.Config{AllowedOrigins: []string{origin, other}, AllowCredentials: true, AllowPrivateNetwork: true, ExposeHeaders: []string{"X-Request-Id"}}
	actual := func(o string) want { return want{"Vary": varyOrigin, acao: o, acac: "true", aceh: "X-Request-Id"} }
	pna := withHeader(preflight(origin, http.MethodPut, "content-type"), "Access-Control-Request-Private-Network", "true")
	pnaAnswer := with(grantedPreflight(origin), acac, "true", acpn, "true")
	echo := core.Config{AllowedOrigins: []string{origin}, AllowMethods: []string{"*"}, AllowHeaders: []string{"*"}}
	allowAll := core.Config{AllowAllOrigins: true, ExposeHeaders: []string{"X-Request-Id"}}

	var cs []Case
	for _, rw := range []struct {
		name string
		rw   Rewrite
	}{{"h[k][0] = v", RewriteIndex}, {"h[k] = append(h[k][:0], v)", RewriteAppend}} {
		cs = append(cs,
			Case{Name: "in place/" + rw.name + "/actual with credentials: the next responses are whole", Config: credentialed, Rewrite: rw.rw,
				Request: get(origin), Kind: core.Actual, Header: actual(origin),
				Then: []Followup{
					{Request: get(origin), Kind: core.Actual, Header: actual(origin)},
					{Request: get(other), Kind: core.Actual, Header: actual(other)},
					{Request: get(""), Kind: core.NotCORS, Header: refused()},
					{Request: get("https://evil.example.net"), Kind: core.Actual, Header: refused()},
					{Request: pna, Kind: core.PreflightAccepted, Header: pnaAnswer},
				}},
			Case{Name: "in place/" + rw.name + "/no Origin: Vary: Origin stays", Config: credentialed, Rewrite: rw.rw,
				Request: get(""), Kind: core.NotCORS, Header: refused(),
				Then: []Followup{
					{Request: get(""), Kind: core.NotCORS, Header: refused()},
					{Request: get(origin), Kind: core.Actual, Header: actual(origin)},
				}},
			Case{Name: "in place/" + rw.name + "/refused origin: Vary: Origin stays", Config: credentialed, Rewrite: rw.rw,
				Request: get("https://evil.example.net"), Kind: core.Actual, Header: refused(),
				Then: []Followup{
					{Request: get("https://evil.example.net"), Kind: core.Actual, Header: refused()},
					{Request: get(other), Kind: core.Actual, Header: actual(other)},
				}},
			Case{Name: "in place/" + rw.name + "/preflight: a middleware in front rewrites the answer, the next is whole", Config: credentialed, Rewrite: rw.rw,
				Request: pna, Kind: core.PreflightAccepted, Header: pnaAnswer,
				Then: []Followup{
					{Request: pna, Kind: core.PreflightAccepted, Header: pnaAnswer},
					{Request: preflight(other, http.MethodPut, ""), Kind: core.PreflightAccepted,
						Header: want{acao: other, acac: "true", acam: defaultMethods, acah: defaultHeaders, acma: "86400"}},
					{Request: get(origin), Kind: core.Actual, Header: actual(origin)},
				}},
			Case{Name: "in place/" + rw.name + "/preflight repeating the request's method and headers", Config: echo, Rewrite: rw.rw,
				Request: preflight(origin, "PURGE", "x-a"), Kind: core.PreflightAccepted, Header: want{acao: origin, acam: "PURGE", acah: "x-a", acma: "86400"},
				Then: []Followup{
					{Request: preflight(origin, http.MethodPatch, "x-b"), Kind: core.PreflightAccepted, Header: want{acao: origin, acam: http.MethodPatch, acah: "x-b", acma: "86400"}},
				}},
			Case{Name: "in place/" + rw.name + "/every origin: \"*\" stays", Config: allowAll, Rewrite: rw.rw,
				Request: get(origin), Kind: core.Actual, Header: with(granted("*"), aceh, "X-Request-Id"),
				Then: []Followup{
					{Request: get(other), Kind: core.Actual, Header: with(granted("*"), aceh, "X-Request-Id")},
					{Request: preflight(other, http.MethodPut, ""), Kind: core.PreflightAccepted, Header: grantedPreflight("*")},
				}},
			Case{Name: "in place/" + rw.name + "/after a Vary set in front", Config: listed(), OuterVary: "Accept-Encoding", Rewrite: rw.rw,
				Request: get(origin), Kind: core.Actual, Header: want{"Vary": "Accept-Encoding, Origin", acao: origin},
				Then: []Followup{
					{Request: get(origin), Kind: core.Actual, Header: want{"Vary": "Accept-Encoding, Origin", acao: origin}},
				}},
		)
	}
	return cs
}
