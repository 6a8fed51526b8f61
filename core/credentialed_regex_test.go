package core_test

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// onlyConfigError returns the one *core.ConfigError NewPolicy reports for cfg.
func onlyConfigError(t *testing.T, cfg core.Config) *core.ConfigError {
	t.Helper()
	_, err := core.NewPolicy(cfg)
	if err == nil {
		t.Fatalf("accepted: %+v", cfg)
	}
	var ce *core.ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("not a ConfigError: %v", err)
	}
	return ce
}

// grants reports whether p answers origin with its own
// Access-Control-Allow-Origin.
func grants(t *testing.T, p *core.Policy, origin string) bool {
	t.Helper()
	d := decideAndExplain(t, p, hostileRequest(http.MethodGet, "/", origin, "", ""))
	return d.Allowed()
}

// TestCredentialedRegexHostsRefused: with AllowCredentials, every origin a
// regex matches must end with a registrable domain the regex writes out.
// Each regex below matches an origin a stranger can serve; without
// credentials the policy really grants it, which shows what the refusal
// prevents.
func TestCredentialedRegexHostsRefused(t *testing.T) {
	const (
		notWritten = "the end of the host is not written out"
		labelOpen  = "without a literal \".\" before it"
		public     = "a public suffix"
		dot        = "an unescaped \".\""
	)
	for _, tc := range []struct{ expr, attacker, problem string }{
		{`https://.*example\.com`, "https://attackerexample.com", labelOpen},
		{`https://[a-z0-9-]*example\.com`, "https://evil-example.com", labelOpen},
		{`https://app.example.com`, "https://app-example.com", dot},
		{`https://example\.com.*`, "https://example.com.evil.net", notWritten},
		{`https://app\.example\..*`, "https://app.example.evil.net", notWritten},
		{`https://app\.example\.[a-z]+`, "https://app.example.xyz", notWritten},
		{`https://example-[a-z]+\.com`, "https://example-evil.com", public},
		// Near variants: other classes, \w, [^/], (?i), nested groups,
		// counted repetitions, ports, alternations.
		{`https://\w*example\.com`, "https://evilexample.com", labelOpen},
		{`https://[^/]*example\.com`, "https://evil-example.com", labelOpen},
		{`https://[^/]+example\.com`, "https://evil-example.com", labelOpen},
		{`(?i)https://.*EXAMPLE\.com`, "https://attackerexample.com", labelOpen},
		{`https://[a-z]{1,}example\.com`, "https://evilexample.com", labelOpen},
		{`https://((www|app)-)?[a-z]*example\.com`, "https://evilexample.com", labelOpen},
		{`https://[a-z]+-example\.com(:\d+)?`, "https://evil-example.com", labelOpen},
		{`https://example\.com[a-z.]*`, "https://example.com.evil.net", notWritten},
		{`https://example\.com(\.[a-z]+)?`, "https://example.com.evil", notWritten},
		{`https://example\.(com|[a-z]{2,})`, "https://example.evil", notWritten},
		{`https://example\.com\.?.*`, "https://example.com.evil.net", notWritten},
		{`https://app\.example\.\w+:8443`, "https://app.example.xyz:8443", notWritten},
		{`https://(app|www)\.example\.[a-z]{2,3}`, "https://app.example.xyz", notWritten},
		{`https://example-\w+\.com`, "https://example-evil.com", public},
		{`https://[a-z]+-example\.co\.uk`, "https://evil-example.co.uk", labelOpen},
		{`https://[a-z]+\.example\.com|https://[a-z]+\.com`, "https://evil.com", public},
		{`^https://a\.com$|^https://[a-z]+\.org$`, "https://evil.org", public},
		{`https://((a|b)\.)?[^.]+\.github\.io`, "https://evil.github.io", public},
		{`https://[a-z]+\.glitch\.me`, "https://evil.glitch.me", public},
		{`https://[a-z0-9-]+\.nip\.io`, "https://127-0-0-1.nip.io", public},
		{`https://.+\.storage\.googleapis\.com`, "https://bucket.storage.googleapis.com", public},
		{`https://.+\.googleapis\.com`, "https://bucket.storage.googleapis.com", public},
		{`https://app\.example.com`, "https://app.examplexcom", dot},
		{`https://(app|www).example\.com`, "https://app-example.com", dot},
		{`https://[a-z]+.example\.com`, "https://evil-example.com", dot},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			ce := onlyConfigError(t, core.Config{AllowedOriginRegexes: []string{tc.expr}, AllowCredentials: true})
			if ce.Field != "AllowedOriginRegexes" || ce.Value != tc.expr || !strings.Contains(ce.Problem, tc.problem) || ce.Fix == "" {
				t.Errorf("got %s %q: %s; %s, want a problem saying %q", ce.Field, ce.Value, ce.Problem, ce.Fix, tc.problem)
			}
			if !strings.Contains(ce.Error(), `"`+strings.ReplaceAll(tc.expr, `\`, `\\`)+`"`) {
				t.Errorf("the message does not quote the value: %s", ce.Error())
			}
			// What the refusal prevents: the regex does match the
			// attacker's origin, and a policy without credentials grants it.
			if !regexp.MustCompile(`^(?:` + tc.expr + `)$`).MatchString(tc.attacker) {
				t.Fatalf("%s does not match %q: the case shows nothing", tc.expr, tc.attacker)
			}
			if tc.problem == dot {
				return // refused without credentials too
			}
			p, err := core.NewPolicy(core.Config{AllowedOriginRegexes: []string{tc.expr}})
			if err != nil {
				t.Fatalf("without credentials: %v", err)
			}
			if !grants(t, p, tc.attacker) {
				t.Errorf("without credentials %q is not granted", tc.attacker)
			}
		})
	}
}

// TestUnescapedHostDot: an unescaped "." between host labels is an error
// with or without credentials, and its fix, the regex with the dots
// escaped, is accepted and no longer matches the look-alike.
func TestUnescapedHostDot(t *testing.T) {
	for _, tc := range []struct{ expr, fixed, lookalike string }{
		{`https://app.example.com`, `https://app\.example\.com`, "https://app-example.com"},
		{`https://app\.example.com`, `https://app\.example\.com`, "https://app.examplexcom"},
		{`^https://(www|app).example\.com$`, `^https://(www|app)\.example\.com$`, "https://www-example.com"},
		{`https://[a-z0-9-]+.example\.com`, `https://[a-z0-9-]+\.example\.com`, "https://evil-example.com"},
		{`https://\w+.example\.com(:\d+)?`, `https://\w+\.example\.com(:\d+)?`, "https://evil-example.com"},
		{`http://localhost.test:8000`, `http://localhost\.test:8000`, "http://localhost-test:8000"},
	} {
		for _, creds := range []bool{false, true} {
			ce := onlyConfigError(t, core.Config{AllowedOriginRegexes: []string{tc.expr}, AllowCredentials: creds, UnsafeAllowInsecureOriginsWithCredentials: true})
			if ce.Value != tc.expr || !strings.Contains(ce.Problem, "unescaped") || ce.Fix != "escape the dots: write `"+tc.fixed+"`" {
				t.Errorf("%s (credentials %v): %s; %s", tc.expr, creds, ce.Problem, ce.Fix)
			}
		}
		p, err := core.NewPolicy(core.Config{AllowedOriginRegexes: []string{tc.fixed}})
		if err != nil {
			t.Errorf("fix %s refused: %v", tc.fixed, err)
			continue
		}
		if grants(t, p, tc.lookalike) {
			t.Errorf("fix %s grants %q", tc.fixed, tc.lookalike)
		}
	}
	// Dots that are meant: escaped, in classes, repeated, quoted, before
	// the host.
	for _, expr := range []string{`https://.+\.example\.com`, `https://[a-z.]+\.example\.com`, `https://\Qapp.example.com\E`,
		`https://(.*\.)?example\.com`, `https://[a-z]+\.example\.com`, `.*`} {
		if _, err := core.NewPolicy(core.Config{AllowedOriginRegexes: []string{expr}}); err != nil {
			t.Errorf("%s refused: %v", expr, err)
		}
	}
}

// TestCredentialedRegexHostsAccepted: regexes whose every match ends with a
// domain they write out stay accepted with credentials.
func TestCredentialedRegexHostsAccepted(t *testing.T) {
	for _, expr := range []string{
		`https://(app|www)\.example\.com`,
		`^https://a\.com$|^https://b\.org$`,
		`https://[a-z0-9-]+\.example\.com`,
		`https://(.+\.)?example\.com`,
		`https://([a-z0-9-]+\.)*example\.com`,
		`(?i)https://[a-z]+\.EXAMPLE\.com`,
		`(?i:HTTPS)://app\.example\.com`,
		`https://[a-z]+\.example\.com(:\d+)?`,
		`https://[a-z]+\.example\.com:[0-9]+`,
		`https://[a-z]+\.example\.com:[0-9]{2,5}`,
		`https://example\.com:8080`,
		`https://example\.com(:8080|:8443)?`,
		`https://\w+\.example\.com`,
		`https://[^/]+\.example\.com`,
		`https://[a-z]{1,63}\.example\.com`,
		`https://[a-z]+-api\.example\.com`,
		`https://((a|b)\.)?(c|d)\.example\.com`,
		`https://[a-z]+\.example\.co\.uk`,
		`https://[a-z]+\.user\.github\.io`,
		// One open label under a domain with public suffixes below it,
		// when that label cannot spell any suffix one label down (under
		// amazonaws.com: "s3", "s3-1", "us-east-1", … all hold a digit);
		// the host is then that label and a name owned by amazonaws.com.
		`https://[a-z]+\.amazonaws\.com`,
		`(?i)https://[a-z]+\.amazonaws\.com(:[0-9]+)?`,
		`https://[a-z]+-api\.amazonaws\.com`,
		`https://[a-z]{2}\.amazonaws\.com`,
		// A domain with public suffixes below it is fine once the label
		// under it is written out: no rule lies below
		// "prod.amazonaws.com" or "mybucket.s3.amazonaws.com".
		`https://[a-z]+\.prod\.amazonaws\.com`,
		`https://[a-z0-9-]+\.mybucket\.s3\.us-east-2\.amazonaws\.com`,
		`https://mybucket\.s3\.us-east-2\.amazonaws\.com`,
		`https://(www|app)\.mybucket\.s3\.amazonaws\.com(:[0-9]+)?`,
		`https://abc123\.lambda-url\.us-east-1\.on\.aws`,
		`https://myname\.nom\.br`,
		`https://10\.0\.0\.1(:[0-9]+)?`,
		`https://(10\.0\.0\.1|192\.0\.2\.7)`,
		`https://[a-z]+\.example\.com|https://192\.0\.2\.7`,
		`http://localhost(:\d+)?`,
		`http://[a-z]+\.localhost:\d+`,
		`http://127\.0\.0\.1:\d+`,
		`http://\[::1\]:\d+`,
		`^https://app\.example\.com$`,
		`https://[a-z]+[.]example[.]com`,
	} {
		if _, err := core.NewPolicy(core.Config{AllowedOriginRegexes: []string{expr}, AllowCredentials: true}); err != nil {
			t.Errorf("%s refused: %v", expr, err)
		}
	}
}

// TestInsecureOriginsWithCredentials: with AllowCredentials, http://
// origins other than loopback are refused unless
// UnsafeAllowInsecureOriginsWithCredentials is set.
func TestInsecureOriginsWithCredentials(t *testing.T) {
	refused := []core.Config{
		{AllowedOrigins: []string{"http://app.example.com"}},
		{AllowedOrigins: []string{"HTTP://App.Example.com:8080"}},
		{AllowedOrigins: []string{"http://*.example.com"}},
		{AllowedOrigins: []string{"http://app.example.com:*"}},
		{AllowedOrigins: []string{"http://192.168.1.10:3000"}},
		{AllowedOrigins: []string{"http://[2001:db8::1]"}},
		{AllowedOrigins: []string{"http://localhost.example.com"}},
		{AllowedOriginRegexes: []string{`http://[a-z]+\.example\.com`}},
		{AllowedOriginRegexes: []string{`https?://[a-z]+\.example\.com`}},
		{AllowedOriginRegexes: []string{`(http|https)://app\.example\.com`}},
		{AllowedOriginRegexes: []string{`[a-z]+://app\.example\.com`}},
		{AllowedOriginRegexes: []string{`http://app\.example\.com:\d+`}},
		{AllowedOriginRegexes: []string{`https://a\.example\.com|http://b\.example\.com`}},
	}
	for _, cfg := range refused {
		cfg.AllowCredentials = true
		ce := onlyConfigError(t, cfg)
		if !strings.Contains(ce.Problem, "http://") || !strings.Contains(ce.Fix, "UnsafeAllowInsecureOriginsWithCredentials") {
			t.Errorf("%+v: %s; %s", cfg, ce.Problem, ce.Fix)
		}
		if ce.Field == "AllowedOrigins" && !strings.Contains(ce.Fix, `"https://`) {
			t.Errorf("%s: fix %q does not give the https origin", ce.Value, ce.Fix)
		}
		// Without credentials, and with the opt-in, accepted; the opt-in
		// really grants the http origin.
		cfg.AllowCredentials = false
		if _, err := core.NewPolicy(cfg); err != nil {
			t.Errorf("%+v without credentials: %v", cfg, err)
		}
		cfg.AllowCredentials, cfg.UnsafeAllowInsecureOriginsWithCredentials = true, true
		if _, err := core.NewPolicy(cfg); err != nil {
			t.Errorf("%+v with the opt-in: %v", cfg, err)
		}
	}
	p, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"http://app.example.com"}, AllowCredentials: true, UnsafeAllowInsecureOriginsWithCredentials: true})
	if err != nil || !grants(t, p, "http://app.example.com") {
		t.Errorf("the opt-in does not grant http://app.example.com: %v", err)
	}
	// Loopback and https stay accepted.
	ok := core.Config{
		AllowedOrigins: []string{"http://localhost", "http://localhost:*", "http://app.localhost:3000", "http://*.localhost:*",
			"http://127.0.0.1:8000", "http://127.1.2.3", "http://[::1]:8080", "https://app.example.com", "tauri://localhost"},
		AllowedOriginRegexes: []string{`http://localhost:\d+`, `https://[a-z]+\.example\.com`, `https?://localhost(:[0-9]+)?`},
		AllowCredentials:     true,
	}
	if _, err := core.NewPolicy(ok); err != nil {
		t.Errorf("loopback refused: %v", err)
	}
}

// TestHostingSuffixes: domains where anyone can serve a page, beside the
// public suffix list, are refused as credentialed wildcards and regexes.
func TestHostingSuffixes(t *testing.T) {
	for _, d := range []string{"glitch.me", "app.github.dev", "github.dev", "gitpod.io", "codesandbox.io", "stackblitz.io",
		"googleusercontent.com", "storage.googleapis.com", "nip.io", "sslip.io", "10.0.0.1.nip.io", "csb.app"} {
		if _, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://*." + d}, AllowCredentials: true}); err == nil {
			t.Errorf("https://*.%s accepted with credentials", d)
		}
		if _, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://*." + d}}); err != nil {
			t.Errorf("https://*.%s without credentials: %v", d, err)
		}
	}
	for _, expr := range []string{`https://[a-z0-9-]+\.glitch\.me`, `https://[a-z0-9-]+\.app\.github\.dev`, `https://.+\.github\.dev`,
		`https://[a-z0-9-]+\.ws-eu1\.gitpod\.io`, `https://.+\.gitpod\.io`, `https://[a-z0-9]+\.codesandbox\.io`, `https://[a-z0-9-]+\.stackblitz\.io`,
		`https://[a-z0-9-]+\.googleusercontent\.com`, `https://[a-z0-9-]+\.storage\.googleapis\.com`, `https://[0-9.]+\.nip\.io`, `https://[a-z0-9-]+\.sslip\.io`} {
		if _, err := core.NewPolicy(core.Config{AllowedOriginRegexes: []string{expr}, AllowCredentials: true}); err == nil {
			t.Errorf("%s accepted with credentials", expr)
		}
	}
	// One project's own name stays allowed, as a user.github.io does.
	if _, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://myproject.glitch.me", "https://*.myproject.stackblitz.io"}, AllowCredentials: true}); err != nil {
		t.Errorf("one project refused: %v", err)
	}
}

// TestExplainInsecureOriginHint: with credentials, the remedy for an
// http:// origin that misses an https entry only by its scheme does not
// suggest a change NewPolicy would refuse.
func TestExplainInsecureOriginHint(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true})
	e := p.Explain(hostileRequest(http.MethodGet, "/", "http://app.example.com", "", ""))
	if !strings.Contains(e.Hint, "UnsafeAllowInsecureOriginsWithCredentials") {
		t.Errorf("hint %q", e.Hint)
	}
	if _, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com", "http://app.example.com"}, AllowCredentials: true, UnsafeAllowInsecureOriginsWithCredentials: true}); err != nil {
		t.Errorf("the hint's remedy is refused: %v", err)
	}
}

// TestCredentialedRegexBelowPublicSuffix: with AllowCredentials, a regex
// whose host is not written out left of a domain with a public suffix (or
// hosting domain) below it is refused, whatever labels its classes can
// spell: the label it leaves open can be that suffix, or a name under it,
// which anyone can have. The refusal names a suffix below the domain and
// the written-out host to use instead. Without credentials each is
// accepted and really grants the stranger's origin.
func TestCredentialedRegexBelowPublicSuffix(t *testing.T) {
	for _, tc := range []struct{ expr, attacker, names string }{
		{`https://[a-z]+\.s3\.[a-z0-9-]+\.amazonaws\.com`, "https://bucket.s3.us-east-2.amazonaws.com",
			`"s3.us-east-1.amazonaws.com" is a public suffix under "amazonaws.com", where anyone can serve pages (every name at or under a public suffix is anyone's), such as "https://attacker.s3.us-east-1.amazonaws.com"`},
		{`https://myapp-[a-z0-9-]+\.s3\.[a-z0-9-]+\.amazonaws\.com`, "https://myapp-evil.s3.eu-west-1.amazonaws.com", `"amazonaws.com"`},
		{`https://[a-z]+\.s3\.us-east-[0-9]\.amazonaws\.com`, "https://bucket.s3.us-east-1.amazonaws.com", `"amazonaws.com"`},
		{`https://[a-z0-9-]+\.s3-website-[a-z0-9-]+\.amazonaws\.com`, "https://b.s3-website-us-east-1.amazonaws.com", `"amazonaws.com"`},
		{`https://[a-z0-9-]+\.lambda-url\.[a-z0-9-]+\.on\.aws`, "https://abc.lambda-url.us-east-1.on.aws", `"lambda-url.us-east-1.on.aws" is a public suffix under "on.aws"`},
		{`https://[a-z0-9-]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com`, "https://abc.execute-api.us-east-1.amazonaws.com", `"amazonaws.com"`},
		{`https://[a-z0-9-]+\.compute-1\.amazonaws\.com`, "https://ec2-1-2-3-4.compute-1.amazonaws.com", `"*.compute-1.amazonaws.com"`},
		{`https://[a-z0-9-]+\.nom\.br`, "https://evil.nom.br", `every name one label under "nom.br" is a public suffix (the list's rule "*.nom.br"), where anyone can serve pages (every name at or under a public suffix is anyone's), such as "https://attacker.nom.br"`},
		// Near variants: one label only, a partial label, a region written
		// out with the bucket open, ports, alternatives, other providers.
		// One open label that can spell a suffix one label down.
		{`https://[a-z0-9-]+\.amazonaws\.com`, "https://s3.amazonaws.com", `"s3.amazonaws.com"`},
		{`https://[a-z0-9]+\.amazonaws\.com:8443`, "https://s3.amazonaws.com:8443", `"s3.amazonaws.com"`},
		{`https://s[0-9]\.amazonaws\.com`, "https://s3.amazonaws.com", `"s3.amazonaws.com"`},
		{`https://[a-z]+[0-9]\.amazonaws\.com`, "https://s3.amazonaws.com", `"s3.amazonaws.com"`},
		{`https://[a-z]+-[a-z]+-[0-9]\.amazonaws\.com`, "https://us-east-1.amazonaws.com", `"s3.amazonaws.com"`},
		{`https://[a-z0-9-]+\.us-east-2\.amazonaws\.com`, "https://s3.us-east-2.amazonaws.com", `"s3.us-east-2.amazonaws.com"`},
		{`https://\w+\.amazonaws\.com`, "https://s3.amazonaws.com", `"s3.amazonaws.com"`},
		{`https://[a-z]+\d?\.amazonaws\.com`, "https://s3.amazonaws.com", `"s3.amazonaws.com"`},
		{`(?i)https://S[0-9]\.AMAZONAWS\.com`, "https://s3.amazonaws.com", `"s3.amazonaws.com"`},
		{`https://[a-z]+\.amazonaws\.com|https://(s|x)[0-9]\.amazonaws\.com`, "https://s3.amazonaws.com", `"s3.amazonaws.com"`},
		{`https://[^/]+\.amazonaws\.com`, "https://bucket.s3.amazonaws.com", `"s3.us-east-1.amazonaws.com"`},
		{`https://[a-z]+\.windows\.net`, "https://servicebus.windows.net", `"web.core.windows.net"`},
		// Open parts that can hold a ".": the label left of the domain
		// could be any.
		{`https://[a-z.]+\.amazonaws\.com`, "https://attacker.x.compute.amazonaws.com", `"*.compute.amazonaws.com"`},
		{`https://[a-z]+\.[a-z]+\.amazonaws\.com`, "https://x.compute.amazonaws.com", `"amazonaws.com"`},
		{`https://\w+\.prod\.amazonaws\.com|https://.+\.amazonaws\.com`, "https://bucket.s3.amazonaws.com", `"amazonaws.com"`},
		{`https://[a-z]+\.s3\.(?:us-east-2|eu-west-1)\.amazonaws\.com(:[0-9]+)?`, "https://bucket.s3.eu-west-1.amazonaws.com:443", `".s3.us-east-2.amazonaws.com", a public suffix`},
		{`https://app\.example\.com|https://[a-z]+\.s3\.[a-z0-9-]+\.amazonaws\.com`, "https://evil.s3.us-west-2.amazonaws.com", `"amazonaws.com"`},
		{`https://[a-z0-9-]+\.[a-z0-9-]+\.compute\.amazonaws\.com`, "https://ec2-1.us-west-2.compute.amazonaws.com", `"*.compute.amazonaws.com"`},
		{`https://[a-z0-9-]+\.compute\.amazonaws\.com`, "https://x.compute.amazonaws.com", `"*.compute.amazonaws.com"`},
		{`https://[a-z0-9-]+\.[a-z0-9-]+\.nom\.br`, "https://a.evil.nom.br", `"*.nom.br"`},
		{`https://[a-z0-9-]+\.kawasaki\.jp`, "https://evil.kawasaki.jp", `"*.kawasaki.jp"`},
		{`https://[a-z0-9]+\.z[0-9]+\.web\.core\.windows\.net`, "https://evil.z13.web.core.windows.net", `".web.core.windows.net", a public suffix`},
		{`https://[a-z0-9-]+\.googleapis\.com`, "https://storage.googleapis.com", `".googleapis.com", a public suffix`},
		// Public suffixes themselves under a wildcard rule: every name
		// under them is someone else's.
		{`https://[a-z]+\.myname\.nom\.br`, "https://evil.myname.nom.br", `".myname.nom.br", a public suffix`},
		{`https://[a-z]+\.(?:a|b)\.example\.nom\.br`, "https://evil.a.example.nom.br", `".example.nom.br"`},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			ce := onlyConfigError(t, core.Config{AllowedOriginRegexes: []string{tc.expr}, AllowCredentials: true})
			if ce.Field != "AllowedOriginRegexes" || ce.Value != tc.expr || !strings.Contains(ce.Problem, "a public suffix") ||
				!strings.Contains(ce.Problem, tc.names) || !strings.Contains(ce.Problem, "anyone can") {
				t.Errorf("problem %q, want it to name %s and a public suffix", ce.Problem, tc.names)
			}
			if strings.Contains(ce.Problem, "is a public suffix") && !strings.Contains(ce.Fix, "write out the whole host you trust, e.g. `https://myapp\\.") {
				t.Errorf("fix %q", ce.Fix)
			}
			if tc.expr == `https://[a-z]+\.s3\.[a-z0-9-]+\.amazonaws\.com` && !strings.Contains(ce.Fix, "`https://myapp\\.s3\\.us-east-1\\.amazonaws\\.com`") {
				t.Errorf("fix %q does not write out a bucket's host", ce.Fix)
			}
			if !regexp.MustCompile(`^(?:` + tc.expr + `)$`).MatchString(tc.attacker) {
				t.Fatalf("%s does not match %q: the case shows nothing", tc.expr, tc.attacker)
			}
			p, err := core.NewPolicy(core.Config{AllowedOriginRegexes: []string{tc.expr}})
			if err != nil {
				t.Fatalf("without credentials: %v", err)
			}
			if !grants(t, p, tc.attacker) {
				t.Errorf("without credentials %q is not granted", tc.attacker)
			}
		})
	}
}

// TestCredentialedRegexAddress: with AllowCredentials, a regex that leaves
// part of an IP address open is refused: an address has no registrable
// domain, and each belongs to whoever holds it. Written out whole, an
// address is accepted (TestCredentialedRegexHostsAccepted).
func TestCredentialedRegexAddress(t *testing.T) {
	for _, tc := range []struct{ expr, attacker string }{
		{`https://[0-9]+\.0\.0\.1`, "https://45.0.0.1"},
		{`https://[0-9]+\.[0-9]+\.0\.1`, "https://1.2.0.1"},
		{`https://[0-9.]+\.1`, "https://1.2.3.1"},
		{`https://10\.[0-9]+\.0\.1(:[0-9]+)?`, "https://10.9.0.1:8443"},
		{`https://[a-z0-9]+\.0\.0\.1`, "https://45.0.0.1"},
		{`https://app\.example\.com|https://[0-9]+\.2\.3\.4`, "https://1.2.3.4"},
		{`https://.+\.0x1`, "https://1.2.3.4"}, // never an origin, refused all the same
	} {
		t.Run(tc.expr, func(t *testing.T) {
			ce := onlyConfigError(t, core.Config{AllowedOriginRegexes: []string{tc.expr}, AllowCredentials: true})
			if ce.Value != tc.expr || !strings.Contains(ce.Problem, "IP address") || !strings.Contains(ce.Fix, "write each address out whole") {
				t.Errorf("got %s; %s", ce.Problem, ce.Fix)
			}
			if tc.expr == `https://.+\.0x1` {
				return
			}
			if !strings.Contains(ce.Problem, quote(tc.attacker)) && !strings.Contains(ce.Problem, "such as") {
				t.Errorf("no example origin: %s", ce.Problem)
			}
			p, err := core.NewPolicy(core.Config{AllowedOriginRegexes: []string{tc.expr}})
			if err != nil {
				t.Fatalf("without credentials: %v", err)
			}
			if !grants(t, p, tc.attacker) {
				t.Errorf("without credentials %q is not granted", tc.attacker)
			}
		})
	}
}

func quote(s string) string { return `"` + s + `"` }
