package corstest

import "github.com/corsheaders/corsheaders/core"

// credentialedOriginCases pin which origins a credentialed policy may
// allow: loopback over http without any option, another http origin only
// with UnsafeAllowInsecureOriginsWithCredentials, and regexes whose hosts
// end with a domain they write out, which never reach a look-alike.
func credentialedOriginCases() []Case {
	loopback := core.Config{AllowedOrigins: []string{"http://localhost:*", "http://127.0.0.1:8000", "http://*.localhost:*"}, AllowCredentials: true}
	insecure := core.Config{AllowedOrigins: []string{"http://app.example.test:3000"}, AllowCredentials: true, UnsafeAllowInsecureOriginsWithCredentials: true}
	regex := core.Config{AllowedOriginRegexes: []string{`https://([a-z0-9-]+\.)?example\.com(:[0-9]+)?`}, AllowCredentials: true}
	return []Case{
		{Name: "credentials/http localhost allowed without the unsafe option", Config: loopback, Request: get("http://localhost:5173"), Kind: core.Actual, Header: with(granted("http://localhost:5173"), acac, "true")},
		{Name: "credentials/http 127.0.0.1 allowed without the unsafe option", Config: loopback, Request: get("http://127.0.0.1:8000"), Kind: core.Actual, Header: with(granted("http://127.0.0.1:8000"), acac, "true")},
		{Name: "credentials/http name under localhost allowed without the unsafe option", Config: loopback, Request: get("http://app.localhost:3000"), Kind: core.Actual, Header: with(granted("http://app.localhost:3000"), acac, "true")},
		{Name: "credentials/http origin allowed with UnsafeAllowInsecureOriginsWithCredentials", Config: insecure, Request: get("http://app.example.test:3000"), Kind: core.Actual, Header: with(granted("http://app.example.test:3000"), acac, "true")},
		{Name: "credentials/unsafe http option: https twin not allowed", Config: insecure, Request: get("https://app.example.test:3000"), Kind: core.Actual, Header: refused()},
		{Name: "credentials/regex with a written-out domain allows its subdomain", Config: regex, Request: get("https://app.example.com"), Kind: core.Actual, Header: with(granted("https://app.example.com"), acac, "true")},
		{Name: "credentials/regex with a written-out domain allows the apex with a port", Config: regex, Request: get("https://example.com:8443"), Kind: core.Actual, Header: with(granted("https://example.com:8443"), acac, "true")},
		{Name: "credentials/regex with a written-out domain refuses a look-alike", Config: regex, Request: get("https://evilexample.com"), Kind: core.Actual, Header: refused()},
		{Name: "credentials/regex with a written-out domain refuses it as a subdomain elsewhere", Config: regex, Request: get("https://example.com.evil.net"), Kind: core.Actual, Header: refused()},
	}
}
