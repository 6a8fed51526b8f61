package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corsconf"
)

// combined is an access-log line of the combined format with Origin and
// Sec-Fetch-Site appended, its quoted fields written as given (already
// escaped).
func combined(method, path, ua, origin, sfs string) string {
	return `203.0.113.9 - - [06/Dec/2026:01:02:03 +0000] "` + method + " " + path + ` HTTP/1.1" 200 12 "-" "` + ua + `" "` + origin + `" "` + sfs + `"`
}

func TestSuggestReadsEachFormat(t *testing.T) {
	for _, c := range []struct {
		name, format, line string
		want               record
	}{
		{"nginx", formatNginx, combined("GET", "/a?q=1", "Mozilla", "https://app.example.com", "cross-site"),
			record{origins: 1, origin: "https://app.example.com", method: "GET", path: "/a", secFetchSite: "cross-site"}},
		{"nginx without Sec-Fetch-Site", formatNginx, `1.2.3.4 - - [x] "OPTIONS /a HTTP/1.1" 204 0 "-" "M" "https://app.example.com"`,
			record{origins: 1, origin: "https://app.example.com", method: "OPTIONS", path: "/a", preflight: true}},
		{"nginx absent Origin", formatNginx, combined("GET", "/", "M", "-", "-"), record{method: "GET", path: "/"}},
		// A quote in the user agent: nginx writes \x22, Apache \"; the
		// Origin field stays the Origin.
		{"nginx quote in a value", formatNginx, combined("GET", "/", `a\x22 \x22https://victim.example`, "https://app.example.com", "none"),
			record{origins: 1, origin: "https://app.example.com", method: "GET", path: "/", secFetchSite: "none"}},
		{"apache quote in a value", formatApache, combined("GET", "/", `a\" \"https://victim.example`, "https://app.example.com", "none"),
			record{origins: 1, origin: "https://app.example.com", method: "GET", path: "/", secFetchSite: "none"}},
		{"auto reads Apache's escapes", formatAuto, combined("GET", "/", `a\" \"https://victim.example\\`, "https://app.example.com", "-"),
			record{origins: 1, origin: "https://app.example.com", method: "GET", path: "/"}},
		// An Origin holding a quote is unescaped, and then refused by the
		// parser, never cut into another field.
		{"nginx escaped origin", formatNginx, combined("GET", "/", "M", `x\x22 \x22https://victim.example`, "-"),
			record{origins: 1, origin: `x" "https://victim.example`, method: "GET", path: "/"}},
		{"apache escaped origin", formatApache, combined("GET", "/", "M", `https://a.example\x1b[31m`, "-"),
			record{origins: 1, origin: "https://a.example\x1b[31m", method: "GET", path: "/"}},
		// A raw quote (nginx's escape=none) shifts the fields: the line
		// has one too many, or a Sec-Fetch-Site that is none, and is not
		// read.
		{"raw quote", formatNginx, combined("GET", "/", `a" "https://victim.example`, "https://app.example.com", "-"), record{kind: lineUnreadable}},
		{"raw quote, no Sec-Fetch-Site", formatNginx, `1.2.3.4 - - [x] "GET / HTTP/1.1" 200 1 "-" "a" "https://victim.example" "https://app.example.com"`, record{kind: lineUnreadable}},
		{"caddy", formatAuto, `{"level":"info","logger":"http.log.access","msg":"handled request","request":{"client_ip":"1.1.1.1","method":"OPTIONS","uri":"/x?y","headers":{"Origin":["https://a.example"],"Sec-Fetch-Site":["same-site"]}}}`,
			record{origins: 1, origin: "https://a.example", method: "OPTIONS", path: "/x", secFetchSite: "same-site", preflight: true}},
		{"caddy several Origin lines", formatCaddy, `{"request":{"method":"GET","uri":"/","headers":{"Origin":["https://a.example","https://b.example"]}}}`,
			record{origins: 2, origin: "https://a.example", method: "GET", path: "/"}},
		{"jsonl", formatAuto, `{"origin":"https://a.example","method":"GET","uri":"/p?x","sec_fetch_site":"cross-site"}`,
			record{origins: 1, origin: "https://a.example", method: "GET", path: "/p", secFetchSite: "cross-site"}},
		{"report-only", formatAuto, `{"time":"t","level":"WARN","msg":"` + reportMessage + `","origin":"https://a.example","method":"OPTIONS","path":"/api","request_headers":"x-a","rule":"","enforced":{"kind":"preflight_accepted","reason":"allowed","allowed":true},"candidate":{"kind":"preflight_rejected","reason":"origin_not_allowed","allowed":false},"suppressed":3}`,
			record{origins: 1, origin: "https://a.example", method: "OPTIONS", path: "/api", preflight: true, suppressed: 3}},
		{"report-only, origin cut", formatReport, `{"msg":"` + reportMessage + `","origin":"https://preview-1234.exam","origin_truncated":true,"method":"GET","path":"/","enforced":{"kind":"actual"}}`,
			record{origins: 1, origin: "https://preview-1234.exam", truncated: true, method: "GET", path: "/"}},
		{"report-only, several origins", formatReport, `{"msg":"` + reportMessage + `","origin":"https://a.example, https://b.example","method":"GET","path":"/","enforced":{"kind":"actual"}}`,
			record{origins: 2, origin: "https://a.example, https://b.example", method: "GET", path: "/"}},
		{"debug log", formatAuto, `{"level":"INFO","msg":"` + debugMessage + `","origin":"https://a.example"}`, record{kind: lineDebug}},
		{"another JSON line", formatAuto, `{"msg":"started"}`, record{kind: lineOther}},
		{"not JSON", formatJSONL, `{"origin":`, record{kind: lineUnreadable}},
		{"caddy line read as jsonl", formatJSONL, `{"request":{"headers":{"Origin":["https://a.example"]}}}`, record{kind: lineUnreadable}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := parseLine([]byte(c.line+"\n"), c.format)
			got.client = ""
			if got != c.want {
				t.Errorf("parseLine(%s)\n got %+v\nwant %+v", c.line, got, c.want)
			}
		})
	}
}

func TestUnescapeFormats(t *testing.T) {
	if got := unescapeNginx(`a\x22b\x5Cc\x1b\xzz\"`); got != "a\"b\\c\x1b\\xzz\\\"" {
		t.Errorf("nginx: %q", got)
	}
	if got := unescapeApache(`a\"b\\c\x1b\n\t\q`); got != "a\"b\\c\x1b\n\t\\q" {
		t.Errorf("apache: %q", got)
	}
}

// suggestRun runs suggest with a log of lines and a current
// configuration (JSON settings, "" for none), and decodes --json.
func suggestRun(t *testing.T, current string, lines []string, args ...string) (int, suggestResult, string) {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	if err := os.WriteFile(log, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	all := []string{"suggest", "--json", log}
	if current != "" {
		cur := filepath.Join(dir, "cors.json")
		if err := os.WriteFile(cur, []byte(current), 0o644); err != nil {
			t.Fatal(err)
		}
		all = append(all, "--current", cur)
	}
	code, out, errOut := runText(append(all, args...), nil)
	var res suggestResult
	if code == exitOK {
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("suggest --json: %v\n%s", err, out)
		}
	}
	return code, res, errOut
}

func origins(list []seenOrigin) []string {
	var out []string
	for _, so := range list {
		out = append(out, so.Origin)
	}
	return out
}

func TestSuggestNeverTurnsSeenIntoTrusted(t *testing.T) {
	lines := []string{
		// A curl loop: no Sec-Fetch-Site, no preflight.
		combined("GET", "/api", "curl/8.5", "https://plausible-partner.example", "-"),
		combined("GET", "/api", "curl/8.5", "https://plausible-partner.example", "-"),
		// A browser's cross-site fetch, and a preflight.
		combined("GET", "/api", "Mozilla/5.0", "https://partner.example", "cross-site"),
		combined("OPTIONS", "/api", "Mozilla/5.0", "https://other.example", "-"),
		// Same-origin is no reason to list anything.
		combined("GET", "/api", "Mozilla/5.0", "https://self.example", "same-origin"),
	}
	current := `{"CORS_ALLOW_ALL_ORIGINS": true}`
	code, res, _ := suggestRun(t, current, lines)
	if code != exitOK {
		t.Fatal(code)
	}
	rp := res.Rules[0]
	if got := rp.Added; !slices.Equal(got, []string{"https://other.example", "https://partner.example"}) {
		t.Errorf("added %v", got)
	}
	if got := origins(rp.NoEvidence); !slices.Equal(got, []string{"https://plausible-partner.example", "https://self.example"}) {
		t.Errorf("without evidence: %v", got)
	}
	if len(rp.Removed) != 1 || len(rp.Narrower) != 2 {
		t.Errorf("allow-all to a list must say what it removes and refuses: %v %v", rp.Removed, rp.Narrower)
	}
	if rp.NoEvidence[0].Clients != 1 || rp.NoEvidence[0].Count != 2 {
		t.Errorf("curl loop: %+v", rp.NoEvidence[0])
	}
	// Clients are told apart by address and user agent.
	var many []string
	for i := range 10 {
		many = append(many, strings.Replace(combined("GET", "/", "Mozilla", "https://popular.example", "cross-site"), "203.0.113.9", "198.51.100."+strconv.Itoa(i%5), 1))
	}
	_, res, _ = suggestRun(t, "", append(many, combined("GET", "/", "Firefox", "https://popular.example", "cross-site")))
	if so := res.Rules[0].Evidence[0]; so.Clients != 6 || so.ClientsMore {
		t.Errorf("clients: %+v", so)
	}

	_, res, _ = suggestRun(t, current, lines, "--include-unproven")
	if got := res.Rules[0].Added; len(got) != 4 {
		t.Errorf("--include-unproven: added %v", got)
	}
}

func TestSuggestGroupsOnlyBelowOwnedDomains(t *testing.T) {
	var lines []string
	for _, o := range []string{"https://a.github.io", "https://b.github.io", "https://a.shop.example", "https://b.shop.example", "https://c.corp.example", "https://d.corp.example"} {
		lines = append(lines, combined("GET", "/", "Mozilla", o, "cross-site"))
	}
	current := `{"CORS_ALLOWED_ORIGINS": ["https://*.corp.example"], "CORS_ALLOW_CREDENTIALS": true}`

	_, res, _ := suggestRun(t, current, lines)
	rp := res.Rules[0]
	want := []string{"https://a.github.io", "https://a.shop.example", "https://b.github.io", "https://b.shop.example"}
	if !slices.Equal(rp.Added, want) || len(rp.Groups) != 0 {
		t.Errorf("without --own: added %v, groups %v", rp.Added, rp.Groups)
	}
	if got := origins(rp.Listed); !slices.Equal(got, []string{"https://c.corp.example", "https://d.corp.example"}) {
		t.Errorf("listed by the pattern: %v", got)
	}

	_, res, _ = suggestRun(t, current, lines, "--own", "shop.example")
	rp = res.Rules[0]
	want = []string{"https://*.shop.example", "https://a.github.io", "https://b.github.io"}
	if !slices.Equal(rp.Added, want) || len(rp.Groups) != 1 {
		t.Errorf("--own shop.example: added %v, groups %v", rp.Added, rp.Groups)
	}

	// Public-suffix and hosting space is never owned.
	for _, d := range []string{"github.io", "com", "co.uk", "vercel.app", "nip.io", "https://x.example", ""} {
		if code, _, errOut := suggestRun(t, current, lines, "--own", d); code != exitUsage || !strings.Contains(errOut, "--own") {
			t.Errorf("--own %q: exit %d, %s", d, code, errOut)
		}
	}

	// A pattern the current policy has covers its domain: more origins
	// below it, on another port, are grouped.
	lines = nil
	for _, o := range []string{"https://e.corp.example:8443", "https://f.corp.example:8443"} {
		lines = append(lines, combined("GET", "/", "Mozilla", o, "same-site"))
	}
	_, res, _ = suggestRun(t, current, lines)
	if got := res.Rules[0].Added; !slices.Equal(got, []string{"https://*.corp.example:8443"}) {
		t.Errorf("below a current pattern: added %v", got)
	}
}

func TestSuggestTakesCredentialsFromTheCurrentPolicy(t *testing.T) {
	lines := []string{
		combined("GET", "/", "Mozilla", "http://shop.example", "cross-site"),
		combined("GET", "/", "Mozilla", "https://shop.example", "cross-site"),
		combined("GET", "/", "Mozilla", "null", "cross-site"),
	}
	_, res, _ := suggestRun(t, `{"CORS_ALLOWED_ORIGINS": ["https://app.example"], "CORS_ALLOW_CREDENTIALS": true}`, lines)
	rp := res.Rules[0]
	if !rp.Credentials || !slices.Equal(rp.Added, []string{"https://shop.example"}) {
		t.Errorf("credentials on: %+v", rp)
	}
	for _, so := range rp.Evidence {
		if so.Origin != "https://shop.example" && so.NotProposed == "" {
			t.Errorf("%s proposed", so.Origin)
		}
	}
	_, res, _ = suggestRun(t, `{"CORS_ALLOWED_ORIGINS": ["https://app.example"]}`, lines)
	if rp := res.Rules[0]; rp.Credentials || !slices.Equal(rp.Added, []string{"http://shop.example", "https://shop.example"}) {
		t.Errorf("credentials off: %+v", rp)
	}
	_, res, _ = suggestRun(t, "", lines)
	if rp := res.Rules[0]; rp.Credentials || len(rp.Notes) == 0 {
		t.Errorf("no current policy: %+v", rp)
	}
}

func TestSuggestOutputRoundTrips(t *testing.T) {
	dir := t.TempDir()
	// A regex holding white space, escaped and not, and in a class: the
	// JSON file can hold it, the variables must escape it.
	current := `{"CORS_ALLOWED_ORIGIN_REGEXES": ["https://a( )?b\\.example\\.com", "https://c[\\t ]d\\.example\\.com", "https://e\\ f\\.example\\.com"],
	  "CORS_ALLOW_HEADERS": ["x-a", "content-type"], "CORS_PREFLIGHT_MAX_AGE": 0, "CORS_URLS_REGEX": "^/api/"}`
	lines := []string{combined("GET", "/api/x", "Mozilla", "https://partner.example", "cross-site")}
	config, env := filepath.Join(dir, "proposal.json"), filepath.Join(dir, "proposal.env")
	code, res, errOut := suggestRun(t, current, lines, "--write-config", config, "--write-env", env)
	if code != exitOK {
		t.Fatal(code, errOut)
	}
	if code, out, _ := runText([]string{"validate", "--config", config}, nil); code != exitOK {
		t.Errorf("validate --config: exit %d\n%s", code, out)
	}
	_ = res
	wantRegexes := []string{`https://a( )?b\.example\.com`, "https://c[\\t ]d\\.example\\.com", `https://e\ f\.example\.com`}
	fromFile, err := corsconf.FromFile(config)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(env)
	vars := strings.Split(strings.TrimSpace(string(data)), "\n")
	fromEnv, err := corsconf.FromEnv(corsconf.WithEnviron(vars))
	if err != nil {
		t.Fatal(err)
	}
	for name, set := range map[string]*corsconf.Settings{"JSON": fromFile, "env": fromEnv} {
		if _, err := set.Policy(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		c := set.Config
		if !slices.Equal(c.AllowedOrigins, []string{"https://partner.example"}) || len(c.AllowedOriginRegexes) != 3 ||
			!slices.Equal(c.AllowHeaders, []string{"x-a", "content-type"}) || c.PreflightMaxAge != core.NoPreflightMaxAge || c.URLsRegex != "^/api/" {
			t.Errorf("%s: %+v", name, c)
		}
		for i, re := range c.AllowedOriginRegexes {
			for _, o := range []string{"https://a b.example.com", "https://ab.example.com", "https://c\td.example.com", "https://c d.example.com", "https://e f.example.com"} {
				if a, b := regexp.MustCompile(re).MatchString(o), regexp.MustCompile(wantRegexes[i]).MatchString(o); a != b {
					t.Errorf("%s: regex %q reads %q otherwise than %q", name, re, o, wantRegexes[i])
				}
			}
		}
	}
	for _, v := range vars {
		if name, value, _ := strings.Cut(v, "="); name == "CORS_ALLOWED_ORIGIN_REGEXES" && len(strings.Fields(value)) != 3 {
			t.Errorf("regexes split otherwise: %q", v)
		}
	}
}

func TestSuggestCountsWhatItCannotRead(t *testing.T) {
	lines := []string{
		combined("GET", "/", "M", `https://ex\xffample.com`, "cross-site"),
		combined("GET", "/", "M", `https://a.example/path`, "cross-site"),
		combined("GET", "/", "M", "-", "-"),
		`{"msg":"` + reportMessage + `","origin":"https://preview-1234.exam","origin_truncated":true,"enforced":{"kind":"actual"}}`,
		`{"msg":"` + debugMessage + `","origin":"https://a.example"}`,
		"garbage",
		`{"request":{"method":"GET","uri":"/","headers":{"Origin":["https://a.example","https://b.example"]}}}`,
	}
	code, res, _ := suggestRun(t, "", lines)
	c := res.Counts
	if code != exitOK || c.Malformed != 2 || c.NoOrigin != 1 || c.Truncated != 1 || c.Debug != 1 || c.Unreadable != 1 || c.Several != 1 || c.Lines != 7 {
		t.Errorf("exit %d, counts %+v", code, c)
	}
	if len(res.Rules[0].Added) != 0 {
		t.Errorf("proposed %v", res.Rules[0].Added)
	}
	// Escaped when printed.
	_, out, _ := runText([]string{"suggest", writeTemp(t, strings.Join(lines, "\n"))}, nil)
	if strings.Contains(out, "\xff") || strings.Contains(out, "\x1b") || !strings.Contains(out, `\xff`) {
		t.Errorf("not escaped:\n%s", out)
	}
}

func writeTemp(t *testing.T, s string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSuggestProposesPerPathsRule(t *testing.T) {
	// corsconf has no Paths; a Config with Paths, as a program builds
	// it, is tallied per rule, and each rule keeps its own credentials.
	cfg := core.Config{
		AllowedOrigins: []string{"https://app.example"},
		Paths: []core.PathRule{
			{Prefix: "/public", Config: core.Config{AllowAllOrigins: true}},
			{Prefix: "/admin", Config: core.Config{AllowedOrigins: []string{"https://admin.example"}, AllowCredentials: true}},
		},
	}
	policy, err := core.NewPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := newTally(100, &cfg, policy)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{
		combined("GET", "/public/feed", "M", "https://reader.example", "cross-site"),
		combined("GET", "/admin/users", "M", "https://admin.example", "cross-site"),
		combined("GET", "/admin/users", "M", "https://intruder.example", "cross-site"),
		combined("GET", "/api", "M", "https://app.example", "cross-site"),
	} {
		tl.add(parseLine([]byte(l), formatAuto))
	}
	got := map[string]*ruleProposal{}
	for name, rt := range tl.rules {
		rp, err := propose(rt, true, proposeOptions{groupMin: 2})
		if err != nil {
			t.Fatal(err)
		}
		got[name] = rp
	}
	pub, adm, rest := got[`Prefix "/public"`], got[`Prefix "/admin"`], got[""]
	if pub == nil || adm == nil || rest == nil {
		t.Fatalf("rules %v", slices.Collect(func(yield func(string) bool) {
			for k := range got {
				yield(k)
			}
		}))
	}
	if pub.Credentials || !slices.Equal(pub.Added, []string{"https://reader.example"}) {
		t.Errorf("/public: %+v", pub)
	}
	if !adm.Credentials || !slices.Equal(adm.Added, []string{"https://intruder.example"}) || slices.Contains(adm.Added, "https://reader.example") {
		t.Errorf("/admin: %+v", adm)
	}
	if !slices.Equal(origins(rest.Listed), []string{"https://app.example"}) || len(rest.Added) != 0 {
		t.Errorf("rest: %+v", rest)
	}
}

func TestEscapeRegexSpace(t *testing.T) {
	for in, want := range map[string]string{
		`a b`:          `a\x20b`,
		`a\ b`:         `a\x20b`,
		"a\tb":         `a\x09b`,
		"a\u00a0b":     `a\xa0b`,
		"a\u3000b":     `a\x{3000}b`,
		`[ ]\\ x`:      `[\x20]\\\x20x`,
		`\.example\.a`: `\.example\.a`,
	} {
		got := escapeRegexSpace(in)
		if got != want {
			t.Errorf("escapeRegexSpace(%q) = %q, want %q", in, got, want)
		}
		if strings.ContainsFunc(got, func(r rune) bool { return r == ' ' || r == '\t' || r == 0xa0 }) {
			t.Errorf("%q holds white space", got)
		}
	}
}

func TestSketchKeepsTheFrequent(t *testing.T) {
	s := newSketch(100)
	for i := range 10000 {
		s.add("https://junk-" + strconv.Itoa(i) + ".example")
		if i%50 == 0 {
			s.add("https://partner.example")
		}
	}
	var found *originStats
	for _, st := range s.heap {
		if st.origin == "https://partner.example" {
			found = st
		}
	}
	if found == nil || found.count-found.overcount > 200 || found.count < 200 {
		t.Errorf("partner: %+v", found)
	}
	if s.evicted == 0 || len(s.heap) != 100 {
		t.Errorf("evicted %d, kept %d", s.evicted, len(s.heap))
	}
	var h hll
	for i := range 100000 {
		h.add(hashString(strconv.Itoa(i)))
	}
	if est := h.estimate(); est < 95000 || est > 105000 {
		t.Errorf("estimate %d of 100000", est)
	}
}

func TestSuggestReadsRedactedReportPaths(t *testing.T) {
	// A record whose path was redacted is counted under the rule it
	// names, not as a request on "/", which CORS_URLS_REGEX leaves out.
	record := `{"msg":"` + reportMessage + `","origin":"https://partner.example","method":"OPTIONS","path":"","rule":"","enforced":{"kind":"preflight_accepted","reason":"allowed","allowed":true},"candidate":{"kind":"preflight_rejected","reason":"origin_not_allowed","allowed":false}}`
	code, res, _ := suggestRun(t, `{"CORS_ALLOWED_ORIGINS": ["https://app.example"], "CORS_URLS_REGEX": "^/api/"}`, []string{record})
	if code != exitOK || res.Counts.OffPath != 0 || !slices.Equal(res.Rules[0].Added, []string{"https://partner.example"}) {
		t.Errorf("exit %d, counts %+v, added %v", code, res.Counts, res.Rules[0].Added)
	}
	// With the path, the same record on a path outside CORS_URLS_REGEX is
	// not a CORS request for the current policy.
	code, res, _ = suggestRun(t, `{"CORS_ALLOWED_ORIGINS": ["https://app.example"], "CORS_URLS_REGEX": "^/api/"}`, []string{strings.Replace(record, `"path":""`, `"path":"/static/x"`, 1)})
	if code != exitOK || res.Counts.OffPath != 1 || len(res.Rules[0].Added) != 0 {
		t.Errorf("exit %d, counts %+v, added %v", code, res.Counts, res.Rules[0].Added)
	}
}

func TestSuggestReadsTheCurrentConfiguration(t *testing.T) {
	line := combined("GET", "/", "M", "https://app.example", "cross-site")
	log := writeTemp(t, line)
	envFile := writeTemp(t, "# current\nexport MYAPP_CORS_ALLOWED_ORIGINS=https://app.example\nMYAPP_CORS_ALLOW_CREDENTIALS=true\n")
	for _, args := range [][]string{
		{"--current", envFile, "--prefix", "MYAPP_"},
		{"--current-env", "--prefix", "MYAPP_"},
	} {
		code, out, errOut := runText(append([]string{"suggest", "--json", log}, args...), []string{"MYAPP_CORS_ALLOWED_ORIGINS=https://app.example", "MYAPP_CORS_ALLOW_CREDENTIALS=yes"})
		var res suggestResult
		if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitOK {
			t.Fatalf("%v: exit %d, %v, %s", args, code, err, errOut)
		}
		if rp := res.Rules[0]; !rp.Credentials || !slices.Equal(origins(rp.Listed), []string{"https://app.example"}) {
			t.Errorf("%v: %+v", args, rp)
		}
	}
	bad := writeTemp(t, `{"CORS_ALLOW_ALL_ORIGINS": true, "CORS_ALLOW_CREDENTIALS": true}`)
	if code, _, errOut := runText([]string{"suggest", "--current", bad, log}, nil); code != exitUsage || !strings.Contains(errOut, "invalid") {
		t.Errorf("invalid current: exit %d, %s", code, errOut)
	}
}

func TestSuggestHelpNamesTheFormats(t *testing.T) {
	code, _, errOut := runText([]string{"suggest", "-h"}, nil)
	for _, f := range formats {
		if code != exitOK || !strings.Contains(errOut, "\n  "+f) && f != formatAuto {
			t.Errorf("-h does not name %s (exit %d):\n%s", f, code, errOut)
		}
	}
	if code, _, _ := runText([]string{"suggest", "--format", "syslog"}, nil); code != exitUsage {
		t.Errorf("--format syslog: exit %d", code)
	}
}

func TestSuggestSkipsLongLines(t *testing.T) {
	ok := combined("GET", "/", "M", "https://a.example", "cross-site")
	long := combined("GET", "/", strings.Repeat("A", 200<<10), "https://b.example", "cross-site")
	huge := combined("GET", "/", "M", "https://"+strings.Repeat("a", 10<<10)+".example", "cross-site")
	code, res, _ := suggestRun(t, "", []string{ok, long, ok, huge, ok})
	if c := res.Counts; code != exitOK || c.TooLong != 1 || c.Lines != 5 || c.Requests != 4 || c.Malformed != 1 {
		t.Errorf("exit %d, counts %+v", code, c)
	}
	if got := res.Rules[0].Added; !slices.Equal(got, []string{"https://a.example"}) {
		t.Errorf("added %v", got)
	}
}
