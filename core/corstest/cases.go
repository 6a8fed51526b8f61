package corstest

import (
	"net/http"
	"strings"

	"github.com/corsheaders/corsheaders/core"
)

// Cases returns the conformance cases, fresh on every call.
func Cases() []Case {
	var cs []Case
	for _, group := range [][]Case{
		noOriginCases(),
		exactOriginCases(),
		specialOriginCases(),
		malformedOriginCases(),
		patternCases(),
		regexCases(),
		allowAllCases(),
		credentialsCases(),
		credentialedOriginCases(),
		exposeCases(),
		preflightCases(),
		preflightMethodCases(),
		preflightHeaderCases(),
		privateNetworkCases(),
		applicationCases(),
		urlsRegexCases(),
		hookCases(),
		varyCases(),
		hostileCases(),
		browserCases(),
		pathCases(),
		inPlaceCases(),
		routingCases(),
		urlsReadingsCases(),
		regexHostCases(),
		hintFixCases(),
	} {
		cs = append(cs, group...)
	}
	return cs
}

// want is the expected Access-Control-* and Vary headers of a response.
type want = map[string]string

// Values the cases share.
const (
	origin         = "https://example.com"
	varyOrigin     = "Origin"
	defaultMethods = "DELETE, GET, OPTIONS, PATCH, POST, PUT"
	defaultHeaders = "accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with"

	acao = "Access-Control-Allow-Origin"
	acac = "Access-Control-Allow-Credentials"
	acam = "Access-Control-Allow-Methods"
	acah = "Access-Control-Allow-Headers"
	aceh = "Access-Control-Expose-Headers"
	acma = "Access-Control-Max-Age"
	acpn = "Access-Control-Allow-Private-Network"
)

// listed is the Config most cases start from: one origin, defaults
// otherwise.
func listed(origins ...string) core.Config {
	if len(origins) == 0 {
		origins = []string{origin}
	}
	return core.Config{AllowedOrigins: origins}
}

// hookOnly lists no origin and has one CheckRequest hook that allows
// nothing: the least a valid Config can say (an empty one is refused).
func hookOnly() core.Config {
	return core.Config{CheckRequest: []func(*http.Request) bool{func(*http.Request) bool { return false }}}
}

// get is a GET from origin (no Origin header when origin is "").
func get(origin string) Request {
	r := Request{Method: http.MethodGet}
	if origin != "" {
		r.Header = [][2]string{{"Origin", origin}}
	}
	return r
}

// send is a request of any method from origin.
func send(method, origin string) Request {
	r := get(origin)
	r.Method = method
	return r
}

// preflight is an OPTIONS preflight from origin asking for method and, when
// headers is not "", those headers.
func preflight(origin, method, headers string) Request {
	r := Request{Method: http.MethodOptions, Header: [][2]string{{"Origin", origin}, {"Access-Control-Request-Method", method}}}
	if headers != "" {
		r.Header = append(r.Header, [2]string{"Access-Control-Request-Headers", headers})
	}
	return r
}

// withHeader returns r with one more header line.
func withHeader(r Request, name, value string) Request {
	r.Header = append(append([][2]string(nil), r.Header...), [2]string{name, value})
	return r
}

// granted is the answer to an allowed actual request from o.
func granted(o string) want { return want{"Vary": varyOrigin, acao: o} }

// refused is the answer to an actual request whose origin is not allowed.
func refused() want { return want{"Vary": varyOrigin} }

// grantedPreflight is the answer to an accepted preflight from o under the
// default methods, headers and max age. A preflight's answer carries no
// Vary: caches do not store responses to OPTIONS (docs/behaviour.md).
func grantedPreflight(o string) want {
	return want{acao: o, acam: defaultMethods, acah: defaultHeaders, acma: "86400"}
}

// refusedPreflight is the answer to a rejected preflight: no header at all.
func refusedPreflight() want { return want{} }

// with returns a copy of h with the given name/value pairs set; an empty
// value removes the name.
func with(h want, kv ...string) want {
	out := want{}
	for k, v := range h {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

func noOriginCases() []Case {
	cfg := listed()
	return []Case{
		{Name: "no origin/GET gets Vary only", Config: cfg, Request: get(""), Kind: core.NotCORS, Header: refused()},
		{Name: "no origin/POST", Config: cfg, Request: send(http.MethodPost, ""), Kind: core.NotCORS, Header: refused()},
		{Name: "no origin/OPTIONS with Access-Control-Request-Method is not a preflight",
			Config: cfg, Request: Request{Method: http.MethodOptions, Header: [][2]string{{"Access-Control-Request-Method", "PUT"}}},
			Kind: core.NotCORS, Header: refused()},
		{Name: "no origin/allow-all still varies", Config: core.Config{AllowAllOrigins: true}, Request: get(""), Kind: core.NotCORS, Header: refused()},
		{Name: "no origin/a config of one hook still varies", Config: hookOnly(), Request: get(""), Kind: core.NotCORS, Header: refused()},
	}
}

func exactOriginCases() []Case {
	cfg := listed()
	two := listed("https://foo.com", "https://bar.com")
	return []Case{
		{Name: "exact/GET allowed", Config: cfg, Request: get(origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "exact/POST allowed", Config: cfg, Request: send(http.MethodPost, origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "exact/PUT allowed", Config: cfg, Request: send(http.MethodPut, origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "exact/DELETE allowed", Config: cfg, Request: send(http.MethodDelete, origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "exact/HEAD allowed", Config: cfg, Request: send(http.MethodHead, origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "exact/other origin refused", Config: cfg, Request: get("https://other.com"), Kind: core.Actual, Header: refused()},
		{Name: "exact/http instead of https refused", Config: cfg, Request: get("http://example.com"), Kind: core.Actual, Header: refused()},
		{Name: "exact/other port refused", Config: cfg, Request: get("https://example.com:8443"), Kind: core.Actual, Header: refused()},
		{Name: "exact/explicit default port matches and is echoed byte for byte", Config: cfg, Request: get("https://example.com:443"), Kind: core.Actual, Header: granted("https://example.com:443")},
		{Name: "exact/configured default port matches the origin without it", Config: listed("https://example.com:443"), Request: get(origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "exact/configured http default port", Config: listed("http://example.com:80"), Request: get("http://example.com"), Kind: core.Actual, Header: granted("http://example.com")},
		{Name: "exact/configured port must match", Config: listed("http://localhost:3000"), Request: get("http://localhost:3001"), Kind: core.Actual, Header: refused()},
		{Name: "exact/configured port matches", Config: listed("http://localhost:3000"), Request: get("http://localhost:3000"), Kind: core.Actual, Header: granted("http://localhost:3000")},
		{Name: "exact/upper-case origin matches case-insensitively and is echoed as sent", Config: cfg, Request: get("HTTPS://EXAMPLE.COM"), Kind: core.Actual, Header: granted("HTTPS://EXAMPLE.COM")},
		{Name: "exact/upper-case configuration matches a browser's origin", Config: listed("https://Example.COM"), Request: get(origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "exact/subdomain of a listed origin refused", Config: cfg, Request: get("https://www.example.com"), Kind: core.Actual, Header: refused()},
		{Name: "exact/apex of a listed subdomain refused", Config: listed("https://www.example.com"), Request: get(origin), Kind: core.Actual, Header: refused()},
		{Name: "exact/foo and bar listed: barfoo refused (GHSA-vhxv-fg4m-p2w8)", Config: two, Request: get("https://barfoo.com"), Kind: core.Actual, Header: refused()},
		{Name: "exact/foo and bar listed: foobar refused", Config: two, Request: get("https://foobar.com"), Kind: core.Actual, Header: refused()},
		{Name: "exact/foo and bar listed: bar allowed", Config: two, Request: get("https://bar.com"), Kind: core.Actual, Header: granted("https://bar.com")},
		{Name: "exact/example.community refused for example.com (CVE-2019-25211)", Config: cfg, Request: get("https://example.community"), Kind: core.Actual, Header: refused()},
		{Name: "exact/listed origin as a prefix of another host refused", Config: cfg, Request: get("https://example.com.evil.net"), Kind: core.Actual, Header: refused()},
		{Name: "exact/listed host as a suffix of another host refused", Config: cfg, Request: get("https://evilexample.com"), Kind: core.Actual, Header: refused()},
		{Name: "exact/IDN configured in Unicode matches the punycode origin browsers send", Config: listed("https://bücher.example"), Request: get("https://xn--bcher-kva.example"), Kind: core.Actual, Header: granted("https://xn--bcher-kva.example")},
		// UTS #46 maps before anything is lower-cased, as browsers do: "İ"
		// keeps its dot.
		{Name: "exact/IDN with a dotted capital I matches the punycode browsers send", Config: listed("https://\u0130zmir.com"), Request: get("https://xn--izmir-7fd.com"), Kind: core.Actual, Header: granted("https://xn--izmir-7fd.com")},
		{Name: "exact/IDN with a dotted capital I does not match the dotless name", Config: listed("https://\u0130zmir.com"), Request: get("https://izmir.com"), Kind: core.Actual, Header: refused()},
		// Hosts browsers send, which IDNA's STD3 and hyphen rules would
		// refuse.
		{Name: "exact/host with an underscore", Config: listed("https://my_app.example.com"), Request: get("https://my_app.example.com"), Kind: core.Actual, Header: granted("https://my_app.example.com")},
		{Name: "exact/host with a double hyphen in a label", Config: listed("https://r3---sn-abc.googlevideo.com"), Request: get("https://r3---sn-abc.googlevideo.com"), Kind: core.Actual, Header: granted("https://r3---sn-abc.googlevideo.com")},
		{Name: "exact/IPv6 literal", Config: listed("http://[::1]:8000"), Request: get("http://[::1]:8000"), Kind: core.Actual, Header: granted("http://[::1]:8000")},
		{Name: "exact/IPv4 address", Config: listed("http://127.0.0.1:8001"), Request: get("http://127.0.0.1:8001"), Kind: core.Actual, Header: granted("http://127.0.0.1:8001")},
		{Name: "exact/custom scheme", Config: listed("capacitor://localhost"), Request: get("capacitor://localhost"), Kind: core.Actual, Header: granted("capacitor://localhost")},
		{Name: "exact/no list and a hook that says no allow nothing", Config: hookOnly(), Request: get(origin), Kind: core.Actual, Header: refused()},
	}
}

func specialOriginCases() []Case {
	return []Case{
		{Name: "null/refused when not listed", Config: listed(), Request: get("null"), Kind: core.Actual, Header: refused()},
		{Name: "null/allowed when listed", Config: listed(origin, "null"), Request: get("null"), Kind: core.Actual, Header: granted("null")},
		{Name: "null/not matched by a regex that matches anything", Config: core.Config{AllowedOriginRegexes: []string{".*"}}, Request: get("null"), Kind: core.Actual, Header: refused()},
		{Name: "null/upper-case NULL is not the null origin", Config: listed("null"), Request: get("NULL"), Kind: core.Actual, Header: refused()},
		{Name: "file/refused when not listed", Config: listed(), Request: get("file://"), Kind: core.Actual, Header: refused()},
		{Name: "file/allowed when listed", Config: listed("file://"), Request: get("file://"), Kind: core.Actual, Header: granted("file://")},
		{Name: "file/listing null does not allow file://", Config: listed("null"), Request: get("file://"), Kind: core.Actual, Header: refused()},
		{Name: "file/not matched by a pattern", Config: core.Config{AllowedOriginRegexes: []string{"file:.*"}}, Request: get("file://"), Kind: core.Actual, Header: refused()},
	}
}

func malformedOriginCases() []Case {
	cfg := listed()
	two := Request{Method: http.MethodGet, Header: [][2]string{{"Origin", origin}, {"Origin", "https://evil.com"}}}
	return []Case{
		{Name: "malformed/two Origin lines refused", Config: cfg, Request: two, Kind: core.Actual, Header: refused()},
		{Name: "malformed/two Origin lines, both allowed, refused", Config: listed(origin, "https://evil.com"), Request: two, Kind: core.Actual, Header: refused()},
		{Name: "malformed/space-separated origin list refused", Config: cfg, Request: get(origin + " https://evil.com"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/comma-separated origin list refused", Config: cfg, Request: get(origin + ",https://evil.com"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/trailing slash refused", Config: cfg, Request: get(origin + "/"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/path refused", Config: cfg, Request: get(origin + "/path"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/userinfo refused", Config: cfg, Request: get("https://user@example.com"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/empty Origin refused", Config: cfg, Request: get(""), Kind: core.NotCORS, Header: refused()},
		{Name: "malformed/Origin with empty value refused", Config: cfg, Request: Request{Method: http.MethodGet, Header: [][2]string{{"Origin", ""}}}, Kind: core.Actual, Header: refused()},
		{Name: "malformed/no scheme refused", Config: cfg, Request: get("example.com"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/port out of range refused", Config: listed("http://localhost:*"), Request: get("http://localhost:99999"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/port with leading zero refused", Config: listed("http://localhost:*"), Request: get("http://localhost:08000"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/empty port refused", Config: cfg, Request: get("https://example.com:"), Kind: core.Actual, Header: refused()},
		// A URL host never has an IPv6 zone, a bracketed IPv4 address or a
		// non-ASCII byte: refused, however the policy matches (a letter whose
		// lower case is shorter once made the ":*" look-up panic).
		{Name: "malformed/IPv6 zone with a Kelvin sign refused under an any-port entry", Config: listed("http://localhost:*"), Request: get("HTTP://[fe80::1%\u212a]"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/IPv6 zone refused under an any-port entry", Config: listed("http://[fe80::1]:*"), Request: get("http://[fe80::1%eth0]:8000"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/IPv6 zone refused under allow-all with credentials", Config: core.Config{AllowAllOrigins: true, AllowCredentials: true, UnsafeAllowAllOriginsWithCredentials: true}, Request: get("http://[::1%x]"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/bracketed IPv4 refused under allow-all with credentials", Config: core.Config{AllowAllOrigins: true, AllowCredentials: true, UnsafeAllowAllOriginsWithCredentials: true}, Request: get("http://[1.2.3.4]"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/non-ASCII host refused under allow-all", Config: core.Config{AllowAllOrigins: true}, Request: get("https://b\u00fccher.example"), Kind: core.Actual, Header: refused()},
		{Name: "malformed/IPv6 zone in a preflight rejected", Config: listed("http://localhost:*"), Request: preflight("HTTP://[::1%\u0130]:8000", http.MethodPut, ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "malformed/malformed preflight origin is rejected", Config: cfg, Request: preflight(origin+"/", http.MethodPut, ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
	}
}

func patternCases() []Case {
	sub := listed("https://*.example.com")
	port := listed("http://localhost:*")
	both := listed("https://*.example.com:*")
	return []Case{
		{Name: "subdomain/one level", Config: sub, Request: get("https://app.example.com"), Kind: core.Actual, Header: granted("https://app.example.com")},
		{Name: "subdomain/any depth", Config: sub, Request: get("https://a.b.c.example.com"), Kind: core.Actual, Header: granted("https://a.b.c.example.com")},
		{Name: "subdomain/never the apex", Config: sub, Request: get(origin), Kind: core.Actual, Header: refused()},
		{Name: "subdomain/label boundary: notexample.com refused", Config: sub, Request: get("https://notexample.com"), Kind: core.Actual, Header: refused()},
		{Name: "subdomain/label boundary: app.notexample.com refused", Config: sub, Request: get("https://app.notexample.com"), Kind: core.Actual, Header: refused()},
		{Name: "subdomain/pattern domain followed by more labels refused", Config: sub, Request: get("https://app.example.com.evil.net"), Kind: core.Actual, Header: refused()},
		{Name: "subdomain/scheme must match", Config: sub, Request: get("http://app.example.com"), Kind: core.Actual, Header: refused()},
		{Name: "subdomain/port must match", Config: sub, Request: get("https://app.example.com:8443"), Kind: core.Actual, Header: refused()},
		{Name: "subdomain/with a port", Config: listed("https://*.example.com:8443"), Request: get("https://app.example.com:8443"), Kind: core.Actual, Header: granted("https://app.example.com:8443")},
		{Name: "subdomain/upper-case origin", Config: sub, Request: get("https://APP.Example.com"), Kind: core.Actual, Header: granted("https://APP.Example.com")},
		{Name: "subdomain/several patterns, the second matches", Config: listed("https://*.foo.com", "https://*.example.com"), Request: get("https://x.example.com"), Kind: core.Actual, Header: granted("https://x.example.com")},
		{Name: "port/any port", Config: port, Request: get("http://localhost:3000"), Kind: core.Actual, Header: granted("http://localhost:3000")},
		{Name: "port/no port", Config: port, Request: get("http://localhost"), Kind: core.Actual, Header: granted("http://localhost")},
		{Name: "port/other scheme refused", Config: port, Request: get("https://localhost:3000"), Kind: core.Actual, Header: refused()},
		{Name: "port/other host refused", Config: port, Request: get("http://localhost.evil.com:3000"), Kind: core.Actual, Header: refused()},
		{Name: "port/subdomain of the host refused", Config: port, Request: get("http://a.localhost:3000"), Kind: core.Actual, Header: refused()},
		{Name: "subdomain and port/both wildcards", Config: both, Request: get("https://a.example.com:9000"), Kind: core.Actual, Header: granted("https://a.example.com:9000")},
		{Name: "subdomain and port/apex still refused", Config: both, Request: get("https://example.com:9000"), Kind: core.Actual, Header: refused()},
	}
}

func regexCases() []Case {
	re := core.Config{AllowedOriginRegexes: []string{`https://[a-z0-9-]+\.example\.com`}}
	return []Case{
		{Name: "regex/match", Config: re, Request: get("https://good.example.com"), Kind: core.Actual, Header: granted("https://good.example.com")},
		{Name: "regex/no match", Config: re, Request: get("https://good.example.org"), Kind: core.Actual, Header: refused()},
		{Name: "regex/anchored at the end: good.example.com.evil.net refused", Config: re, Request: get("https://good.example.com.evil.net"), Kind: core.Actual, Header: refused()},
		{Name: "regex/anchored at the start: evil prefix refused", Config: re, Request: get("https://evil.net.good.example.com"), Kind: core.Actual, Header: refused()},
		{Name: "regex/unanchored-looking regex is anchored", Config: core.Config{AllowedOriginRegexes: []string{`example\.com`}}, Request: get("https://example.com"), Kind: core.Actual, Header: refused()},
		{Name: "regex/explicit anchors still work", Config: core.Config{AllowedOriginRegexes: []string{`^https://example\.com$`}}, Request: get(origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "regex/matched against the lower-case origin", Config: re, Request: get("https://GOOD.example.com"), Kind: core.Actual, Header: granted("https://GOOD.example.com")},
		{Name: "regex/matched without the default port", Config: re, Request: get("https://good.example.com:443"), Kind: core.Actual, Header: granted("https://good.example.com:443")},
		{Name: "regex/second of several", Config: core.Config{AllowedOriginRegexes: []string{`https://a\.com`, `https://b\.com`}}, Request: get("https://b.com"), Kind: core.Actual, Header: granted("https://b.com")},
		{Name: "regex/alternation is grouped before anchoring", Config: core.Config{AllowedOriginRegexes: []string{`https://a\.com|https://b\.com`}}, Request: get("https://b.com.evil.net"), Kind: core.Actual, Header: refused()},
		{Name: "regex/combined with a list", Config: core.Config{AllowedOrigins: []string{origin}, AllowedOriginRegexes: []string{`https://[a-z]+\.test`}}, Request: get("https://dev.test"), Kind: core.Actual, Header: granted("https://dev.test")},
	}
}

func allowAllCases() []Case {
	all := core.Config{AllowAllOrigins: true}
	unsafe := core.Config{AllowAllOrigins: true, AllowCredentials: true, UnsafeAllowAllOriginsWithCredentials: true}
	return []Case{
		{Name: "allow all/star without credentials", Config: all, Request: get("https://anyone.net"), Kind: core.Actual, Header: granted("*")},
		{Name: "allow all/star for the null origin", Config: all, Request: get("null"), Kind: core.Actual, Header: granted("*")},
		{Name: "allow all/malformed origin still refused", Config: all, Request: get("https://a.com/x"), Kind: core.Actual, Header: refused()},
		{Name: "allow all/preflight", Config: all, Request: preflight("https://anyone.net", http.MethodPut, "content-type"), Kind: core.PreflightAccepted, Header: grantedPreflight("*")},
		{Name: "allow all/unsafe with credentials reflects the origin, never star", Config: unsafe, Request: get("https://anyone.net"), Kind: core.Actual,
			Header: with(granted("https://anyone.net"), acac, "true")},
		{Name: "allow all/unsafe preflight reflects the origin", Config: unsafe, Request: preflight("https://anyone.net", http.MethodDelete, ""), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight("https://anyone.net"), acac, "true")},
	}
}

func credentialsCases() []Case {
	cfg := core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true}
	return []Case{
		{Name: "credentials/allowed origin gets Allow-Credentials", Config: cfg, Request: get(origin), Kind: core.Actual, Header: with(granted(origin), acac, "true")},
		{Name: "credentials/refused origin gets nothing", Config: cfg, Request: get("https://evil.com"), Kind: core.Actual, Header: refused()},
		{Name: "credentials/preflight carries Allow-Credentials", Config: cfg, Request: preflight(origin, http.MethodPut, ""), Kind: core.PreflightAccepted, Header: with(grantedPreflight(origin), acac, "true")},
		{Name: "credentials/rejected preflight carries none", Config: cfg, Request: preflight("https://evil.com", http.MethodPut, ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "credentials/off: no Allow-Credentials", Config: listed(), Request: get(origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "credentials/null listed with credentials reflects null", Config: core.Config{AllowedOrigins: []string{"null"}, AllowCredentials: true}, Request: get("null"), Kind: core.Actual, Header: with(granted("null"), acac, "true")},
	}
}

func exposeCases() []Case {
	cfg := core.Config{AllowedOrigins: []string{origin}, ExposeHeaders: []string{"X-Total-Count", "X-Request-Id"}}
	return []Case{
		{Name: "expose/on an actual response", Config: cfg, Request: get(origin), Kind: core.Actual, Header: with(granted(origin), aceh, "X-Total-Count, X-Request-Id")},
		{Name: "expose/not on a preflight", Config: cfg, Request: preflight(origin, http.MethodPut, ""), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "expose/not for a refused origin", Config: cfg, Request: get("https://evil.com"), Kind: core.Actual, Header: refused()},
		{Name: "expose/star without credentials", Config: core.Config{AllowedOrigins: []string{origin}, ExposeHeaders: []string{"*"}}, Request: get(origin), Kind: core.Actual, Header: with(granted(origin), aceh, "*")},
		{Name: "expose/duplicates listed once", Config: core.Config{AllowedOrigins: []string{origin}, ExposeHeaders: []string{"X-A", "x-a", "X-B"}}, Request: get(origin), Kind: core.Actual, Header: with(granted(origin), aceh, "X-A, X-B")},
	}
}

func preflightCases() []Case {
	cfg := listed()
	return []Case{
		{Name: "preflight/accepted with defaults", Config: cfg, Request: preflight(origin, http.MethodPut, "content-type"), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "preflight/accepted without requested headers", Config: cfg, Request: preflight(origin, http.MethodDelete, ""), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "preflight/refused origin gets 403 and no grant", Config: cfg, Request: preflight("https://evil.com", http.MethodPut, ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "preflight/null origin refused", Config: cfg, Request: preflight("null", http.MethodPut, ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "preflight/custom max age", Config: core.Config{AllowedOrigins: []string{origin}, PreflightMaxAge: 600e9}, Request: preflight(origin, http.MethodPut, ""), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acma, "600")},
		{Name: "preflight/no max age", Config: core.Config{AllowedOrigins: []string{origin}, PreflightMaxAge: core.NoPreflightMaxAge}, Request: preflight(origin, http.MethodPut, ""), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acma, "")},
		{Name: "preflight/status 200 when configured", Config: core.Config{AllowedOrigins: []string{origin}, PreflightStatus: http.StatusOK}, Request: preflight(origin, http.MethodPut, ""), Kind: core.PreflightAccepted,
			Header: grantedPreflight(origin)},
		{Name: "preflight/two Access-Control-Request-Method lines rejected", Config: cfg,
			Request: withHeader(preflight(origin, http.MethodPut, ""), "Access-Control-Request-Method", http.MethodDelete), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "preflight/method that is not a token rejected", Config: cfg, Request: preflight(origin, "PUT DELETE", ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "preflight/empty Access-Control-Request-Method rejected", Config: cfg, Request: preflight(origin, "", ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "preflight/not answered by the application even when it is 404", Config: cfg, AppStatus: http.StatusNotFound,
			Request: preflight(origin, http.MethodPatch, ""), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
	}
}

func preflightMethodCases() []Case {
	cfg := listed()
	only := core.Config{AllowedOrigins: []string{origin}, AllowMethods: []string{http.MethodPut}}
	star := core.Config{AllowedOrigins: []string{origin}, AllowMethods: []string{"*"}}
	return []Case{
		{Name: "method/PATCH allowed", Config: cfg, Request: preflight(origin, http.MethodPatch, ""), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "method/lower-case patch refused: methods are case-sensitive", Config: cfg, Request: preflight(origin, "patch", ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "method/unlisted method refused", Config: only, Request: preflight(origin, http.MethodDelete, ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "method/listed method accepted, only it is named", Config: only, Request: preflight(origin, http.MethodPut, ""), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acam, "PUT")},
		{Name: "method/GET always passes, as in browsers", Config: only, Request: preflight(origin, http.MethodGet, "x-requested-with"), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acam, "PUT")},
		{Name: "method/HEAD always passes", Config: cfg, Request: preflight(origin, http.MethodHead, "x-requested-with"), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "method/POST always passes", Config: only, Request: preflight(origin, http.MethodPost, "content-type"), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acam, "PUT")},
		{Name: "method/custom method listed", Config: core.Config{AllowedOrigins: []string{origin}, AllowMethods: []string{"PROPFIND"}}, Request: preflight(origin, "PROPFIND", ""), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acam, "PROPFIND")},
		{Name: "method/star names the method asked for", Config: star, Request: preflight(origin, "PURGE", ""), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acam, "PURGE")},
		{Name: "method/star does not allow a forbidden method", Config: star, Request: preflight(origin, "TRACE", ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "method/empty list still passes safelisted methods", Config: core.Config{AllowedOrigins: []string{origin}, AllowMethods: []string{}}, Request: preflight(origin, http.MethodGet, "x-requested-with"), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acam, "")},
	}
}

func preflightHeaderCases() []Case {
	cfg := listed()
	star := core.Config{AllowedOrigins: []string{origin}, AllowHeaders: []string{"*"}}
	starAuth := core.Config{AllowedOrigins: []string{origin}, AllowHeaders: []string{"*", "Authorization"}}
	custom := core.Config{AllowedOrigins: []string{origin}, AllowHeaders: []string{"X-API-Key", "content-type"}}
	return []Case{
		{Name: "headers/allowed list", Config: cfg, Request: preflight(origin, http.MethodPut, "authorization,content-type,x-requested-with"), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "headers/one unlisted header rejects the preflight", Config: cfg, Request: preflight(origin, http.MethodPut, "content-type,x-custom"), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "headers/compared case-insensitively", Config: cfg, Request: preflight(origin, http.MethodPut, "Content-Type, X-Requested-With"), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "headers/configured in mixed case, sent in lower case", Config: custom, Request: preflight(origin, http.MethodPut, "x-api-key"), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acah, "x-api-key, content-type")},
		{Name: "headers/spaces and empty elements tolerated", Config: cfg, Request: preflight(origin, http.MethodPut, " ,content-type , ,accept,"), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "headers/several lines", Config: cfg,
			Request: withHeader(preflight(origin, http.MethodPut, "content-type"), "Access-Control-Request-Headers", "authorization"), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "headers/empty value", Config: cfg, Request: preflight(origin, http.MethodPut, " "), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "headers/not a token rejected", Config: cfg, Request: preflight(origin, http.MethodPut, "content-type;x"), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "headers/empty list allows none", Config: core.Config{AllowedOrigins: []string{origin}, AllowHeaders: []string{}}, Request: preflight(origin, http.MethodPut, "content-type"), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "headers/empty list, no header asked", Config: core.Config{AllowedOrigins: []string{origin}, AllowHeaders: []string{}}, Request: preflight(origin, http.MethodPut, ""), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acah, "")},
		{Name: "headers/star repeats the names asked for", Config: star, Request: preflight(origin, http.MethodPut, "x-anything,x-else"), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acah, "x-anything,x-else")},
		{Name: "headers/star does not cover authorization", Config: star, Request: preflight(origin, http.MethodPut, "authorization,x-else"), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "headers/star does not cover Authorization in any case", Config: star, Request: preflight(origin, http.MethodPut, "Authorization"), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "headers/star with authorization listed covers it", Config: starAuth, Request: preflight(origin, http.MethodPut, "authorization,x-else"), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acah, "authorization,x-else")},
		{Name: "headers/star without a request list sends none", Config: star, Request: preflight(origin, http.MethodPut, ""), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acah, "")},
	}
}

func privateNetworkCases() []Case {
	on := core.Config{AllowedOrigins: []string{origin}, AllowPrivateNetwork: true}
	asking := withHeader(preflight(origin, http.MethodGet, "x-requested-with"), "Access-Control-Request-Private-Network", "true")
	return []Case{
		{Name: "private network/enabled and asked", Config: on, Request: asking, Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), acpn, "true")},
		{Name: "private network/enabled, not asked", Config: on, Request: preflight(origin, http.MethodGet, "x-requested-with"), Kind: core.PreflightAccepted,
			Header: grantedPreflight(origin)},
		{Name: "private network/disabled and asked: granted without it", Config: listed(), Request: asking, Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "private network/only the exact value true counts", Config: on,
			Request: withHeader(preflight(origin, http.MethodGet, "x-requested-with"), "Access-Control-Request-Private-Network", "TRUE"), Kind: core.PreflightAccepted,
			Header: grantedPreflight(origin)},
		{Name: "private network/refused origin gets nothing", Config: on,
			Request: withHeader(preflight("https://evil.com", http.MethodGet, "x-requested-with"), "Access-Control-Request-Private-Network", "true"), Kind: core.PreflightRejected,
			Header: refusedPreflight()},
		{Name: "private network/not on an actual request", Config: on, Request: withHeader(get(origin), "Access-Control-Request-Private-Network", "true"), Kind: core.Actual, Header: granted(origin)},
	}
}

func applicationCases() []Case {
	cfg := listed()
	return []Case{
		{Name: "application/OPTIONS without Access-Control-Request-Method reaches the application", Config: cfg, Request: send(http.MethodOptions, origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "application/OPTIONS without Origin reaches the application", Config: cfg, Request: send(http.MethodOptions, ""), Kind: core.NotCORS, Header: refused()},
		{Name: "application/404 keeps the CORS headers", Config: cfg, AppStatus: http.StatusNotFound, Request: get(origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "application/500 keeps the CORS headers", Config: cfg, AppStatus: http.StatusInternalServerError, Request: send(http.MethodPost, origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "application/401 keeps the CORS headers", Config: core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true}, AppStatus: http.StatusUnauthorized, Request: get(origin), Kind: core.Actual,
			Header: with(granted(origin), acac, "true")},
		{Name: "application/refused origin still reaches the application, never a 403 of ours", Config: cfg, AppStatus: http.StatusCreated, Request: send(http.MethodPost, "https://evil.com"), Kind: core.Actual, Header: refused()},
	}
}

func urlsRegexCases() []Case {
	api := core.Config{AllowedOrigins: []string{origin}, URLsRegex: `/api/`}
	public := core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true, URLsRegex: `^/public/`}
	path := func(r Request, p string) Request { r.Path = p; return r }
	return []Case{
		{Name: "urls/matching path", Config: api, Request: path(get(origin), "/api/users"), Kind: core.Actual, Header: granted(origin)},
		{Name: "urls/other path gets nothing, not even Vary", Config: api, Request: path(get(origin), "/admin/"), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/matched from the start of the path", Config: api, Request: path(get(origin), "/v1/api/users"), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/preflight on another path reaches the application", Config: api, Request: path(preflight(origin, http.MethodPut, ""), "/admin/"), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/preflight on a matching path", Config: api, Request: path(preflight(origin, http.MethodPut, ""), "/api/x"), Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "urls/django-style regex", Config: core.Config{AllowedOrigins: []string{origin}, URLsRegex: `^/api/.*$`}, Request: path(get(origin), "/api/v2"), Kind: core.Actual, Header: granted(origin)},
		{Name: "urls/no origin on another path: nothing", Config: api, Request: path(get(""), "/admin/"), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/malformed origin on another path: nothing", Config: api, Request: path(get(origin+"/"), "/admin/"), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/two origins on another path: nothing", Config: api,
			Request: path(withHeader(get(origin), "Origin", origin), "/admin/"), Kind: core.NotCORS, Header: want{}},
		// An ambiguous path is enabled only when it is enabled as sent and
		// as a router that cleans paths serves it:
		// Gin with RemoveExtraSlash serves "/public/..%2Fprivate/data" as
		// "/private/data".
		{Name: "urls/dot segments out of the enabled area: CORS off", Config: public, Request: path(get(origin), "/public/../private/data"), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/encoded slash and dot segments out of the enabled area: CORS off", Config: public, Request: path(get(origin), "/public/..%2Fprivate/data"), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/encoded dots out of the enabled area: CORS off", Config: public, Request: path(get(origin), "/public/%2e%2e/private/data"), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/dot segments out of the enabled area: preflight reaches the router", Config: public, Request: path(preflight(origin, http.MethodPut, ""), "/public/x/../../private/data"), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/trailing dot-dot out of the enabled area: CORS off", Config: public, Request: path(get(origin), "/public/.."), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/dot segments into the enabled area: CORS off", Config: public, Request: path(get(origin), "/private/../public/data"), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/dot segments within the enabled area: CORS on", Config: public, Request: path(get(origin), "/public/a/../data"), Kind: core.Actual, Header: with(granted(origin), acac, "true")},
		{Name: "urls/repeated slashes within the enabled area: CORS on", Config: api, Request: path(get(origin), "/api//users"), Kind: core.Actual, Header: granted(origin)},
		{Name: "urls/repeated slashes into the enabled area: CORS off", Config: core.Config{AllowedOrigins: []string{origin}, URLsRegex: `^/api/users$`}, Request: path(get(origin), "//api/users"), Kind: core.NotCORS, Header: want{}},
		{Name: "urls/malformed origin on a matching path varies", Config: api, Request: path(get(origin+"/"), "/api/x"), Kind: core.Actual, Header: refused()},
	}
}

func hookCases() []Case {
	api := core.Config{AllowedOrigins: []string{origin}, URLsRegex: `/api/`}
	path := func(r Request, p string) Request { r.Path = p; return r }
	return []Case{
		{Name: "hook/true allows an unlisted origin", Config: listed(), Hooks: []Hook{{Result: true, Calls: 1}},
			Request: get("https://partner.net"), Kind: core.Actual, Header: granted("https://partner.net")},
		{Name: "hook/false refuses", Config: listed(), Hooks: []Hook{{Result: false, Calls: 1}},
			Request: get("https://partner.net"), Kind: core.Actual, Header: refused()},
		{Name: "hook/not called when the configuration allows", Config: listed(), Hooks: []Hook{{Result: false, Calls: 0}},
			Request: get(origin), Kind: core.Actual, Header: granted(origin)},
		{Name: "hook/not called without Origin", Config: listed(), Hooks: []Hook{{Result: true, Calls: 0}},
			Request: get(""), Kind: core.NotCORS, Header: refused()},
		{Name: "hook/not called for a malformed origin", Config: listed(), Hooks: []Hook{{Result: true, Calls: 0}},
			Request: get("https://a.com/x"), Kind: core.Actual, Header: refused()},
		{Name: "hook/enables a path outside URLsRegex and allows its origin", Config: api, Hooks: []Hook{{PathPrefix: "/public/", Calls: 1}},
			Request: path(get("https://anyone.net"), "/public/feed"), Kind: core.Actual, Header: granted("https://anyone.net")},
		{Name: "hook/other paths stay closed, with Vary as a hook could open them", Config: api, Hooks: []Hook{{PathPrefix: "/public/", Calls: 1}},
			Request: path(get(origin), "/admin/"), Kind: core.NotCORS, Header: refused()},
		{Name: "hook/called once, not twice, when the path is outside URLsRegex", Config: api, Hooks: []Hook{{Result: true, Calls: 1}},
			Request: path(get("https://anyone.net"), "/other"), Kind: core.Actual, Header: granted("https://anyone.net")},
		{Name: "hook/each hook at most once, in order, until one says yes", Config: listed(),
			Hooks:   []Hook{{Result: false, Calls: 1}, {Result: true, Calls: 1}, {Result: true, Calls: 0}},
			Request: get("https://partner.net"), Kind: core.Actual, Header: granted("https://partner.net")},
		{Name: "hook/allows a preflight", Config: listed(), Hooks: []Hook{{Result: true, Calls: 1}},
			Request: preflight("https://partner.net", http.MethodPut, "content-type"), Kind: core.PreflightAccepted, Header: grantedPreflight("https://partner.net")},
		{Name: "hook/allowed origin still needs an allowed method", Config: listed(), Hooks: []Hook{{Result: true, Calls: 1}},
			Request: preflight("https://partner.net", "PURGE", ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "hook/with credentials reflects the origin", Config: core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true}, Hooks: []Hook{{Result: true, Calls: 1}},
			Request: get("https://partner.net"), Kind: core.Actual, Header: with(granted("https://partner.net"), acac, "true")},
		{Name: "hook/opens one path to everyone while the rest keeps the list", Config: listed(), Hooks: []Hook{{PathPrefix: "/api/public", Calls: 1}},
			Request: path(get("https://anyone.net"), "/api/private"), Kind: core.Actual, Header: refused()},
	}
}

func varyCases() []Case {
	cfg := listed()
	return []Case{
		{Name: "vary/merged after an outer middleware's Vary", Config: cfg, OuterVary: "Accept-Encoding", Request: get(origin), Kind: core.Actual,
			Header: with(granted(origin), "Vary", "Accept-Encoding, Origin")},
		{Name: "vary/an existing Origin is not repeated", Config: cfg, OuterVary: "origin", Request: get(origin), Kind: core.Actual,
			Header: with(granted(origin), "Vary", "origin")},
		{Name: "vary/star is left alone", Config: cfg, OuterVary: "*", Request: get(origin), Kind: core.Actual,
			Header: with(granted(origin), "Vary", "*")},
		{Name: "vary/the application's Vary is added to ours", Config: cfg, AppVary: "Accept-Encoding", Request: get(origin), Kind: core.Actual,
			Header: with(granted(origin), "Vary", "Origin, Accept-Encoding")},
		{Name: "vary/refused origin still varies", Config: cfg, AppVary: "Accept-Language", Request: get("https://evil.com"), Kind: core.Actual,
			Header: want{"Vary": "Origin, Accept-Language"}},
		{Name: "vary/preflight leaves Vary as it is", Config: cfg, OuterVary: "Origin, Accept-Encoding", Request: preflight(origin, http.MethodPut, ""), Kind: core.PreflightAccepted,
			Header: with(grantedPreflight(origin), "Vary", "Origin, Accept-Encoding")},
	}
}

func hostileCases() []Case {
	cfg := listed()
	star := core.Config{AllowedOrigins: []string{origin}, AllowHeaders: []string{"*"}}
	mib := 1 << 20
	manyLines := preflight(origin, http.MethodPut, "content-type")
	for range 999 {
		manyLines = withHeader(manyLines, "Access-Control-Request-Headers", "content-type")
	}
	manyOrigins := get(origin)
	for range 999 {
		manyOrigins = withHeader(manyOrigins, "Origin", origin)
	}
	return []Case{
		{Name: "hostile/a megabyte of commas", Config: cfg, Request: preflight(origin, http.MethodPut, strings.Repeat(",", mib)), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "hostile/a megabyte of spaces", Config: cfg, Request: preflight(origin, http.MethodPut, "content-type"+strings.Repeat(" ", mib)), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "hostile/a megabyte of one allowed name repeated", Config: cfg, Request: preflight(origin, http.MethodPut, strings.Repeat("content-type,", mib/13)), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "hostile/a megabyte of commas with the star", Config: star, Request: preflight(origin, http.MethodPut, strings.Repeat(",", mib)), Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "hostile/a thousand Access-Control-Request-Headers lines", Config: cfg, Request: manyLines, Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "hostile/a thousand Origin lines", Config: cfg, Request: manyOrigins, Kind: core.Actual, Header: refused()},
		{Name: "hostile/a 10 kB origin", Config: listed("https://*.example.com"), Request: get("https://" + strings.Repeat("a.", 5000) + "example.com"), Kind: core.Actual, Header: refused()},
		{Name: "hostile/a host of 127 labels is still matched label by label", Config: listed("https://*.example.com"),
			Request: get("https://" + strings.Repeat("a.", 120) + "example.com"), Kind: core.Actual, Header: granted("https://" + strings.Repeat("a.", 120) + "example.com")},
		{Name: "hostile/a 10 kB Access-Control-Request-Method", Config: cfg, Request: preflight(origin, strings.Repeat("A", 10_000), ""), Kind: core.PreflightRejected, Header: refusedPreflight()},
	}
}
