package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// hostile are runes and bytes a terminal acts on or that reorder text:
// ESC, BEL, CSI and OSC as C1 controls (UTF-8 encoded and as raw bytes),
// right-to-left override and isolates, marks, and invalid UTF-8.
var hostile = []string{
	"\x1b", "\x07", "\u009b", "\u009d", "\x9b", "\x9d", "\xff",
	"\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
}

// assertNoHostile fails when out holds any of hostile.
func assertNoHostile(t *testing.T, what, out string) {
	t.Helper()
	for _, h := range hostile {
		if strings.Contains(out, h) {
			t.Errorf("%s holds %q raw:\n%s", what, h, escapeText(out))
		}
	}
}

// The server's header values reach the report's headers, the CORS
// check's detail, the console message and the fix: every one escaped, in
// text and in JSON, and the JSON still decodes to the values sent.
func TestCheckEscapesServerHeaderValues(t *testing.T) {
	acao := "https://app.example.com\u009b2J\u009d0;pwned\u009c\u202eevil"
	expose := "x-\x9b31m, x-\xff, x-\u2066a\u2069"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Access-Control-Allow-Origin"] = []string{acao}
		w.Header()["Access-Control-Expose-Headers"] = []string{expose}
		w.Header()["Vary"] = []string{"Origin\u200e\u200f\u061c"}
	}))
	defer srv.Close()

	code, out, errOut := runText([]string{"check", srv.URL + "/api", "--origin", page}, nil)
	if code != exitRefused {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitRefused, out, errOut)
	}
	assertNoHostile(t, "text output", out+errOut)
	for _, want := range []string{`\u009b2J\u009d0;pwned\u009c\u202eevil`, `x-\x9b31m, x-\xff, x-\u2066a\u2069`, `Vary: Origin\u200e\u200f\u061c`} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %s:\n%s", want, out)
		}
	}

	code, rep, errOut := runJSON(t, "check", srv.URL+"/api", "--origin", page)
	if code != exitRefused {
		t.Fatalf("--json: exit %d\n%s", code, errOut)
	}
	var raw strings.Builder
	run(t.Context(), []string{"check", srv.URL + "/api", "--origin", page, "--json"}, nil, &raw, &raw)
	assertNoHostile(t, "JSON output", raw.String())
	if got := rep.Steps[0].Headers.Get("Access-Control-Allow-Origin"); got != acao {
		t.Errorf("JSON decodes to ACAO %q, want %q", got, acao)
	}
	if !strings.Contains(rep.Verdict.Console, `\u009b2J\u009d0;pwned\u009c\u202eevil`) {
		t.Errorf("the console message does not show the value escaped: %q", rep.Verdict.Console)
	}
}

// Go's client refuses a response header holding an ASCII control; the
// network error that says so quotes the line (Go's own message does), and
// the output must stay free of it whatever a later Go prints.
func TestCheckEscapesMalformedResponse(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Access-Control-Allow-Origin"] = []string{"\x1b]0;pwned\x07\x1b[2J"}
	}))
	defer srv.Close()
	code, out, errOut := runText([]string{"check", srv.URL + "/api", "--origin", page}, nil)
	if code != exitUsage || !strings.Contains(out, "NETWORK ERROR") {
		t.Fatalf("exit %d, want a network error\n%s%s", code, out, errOut)
	}
	assertNoHostile(t, "output", out+errOut)
}

// A configuration's values reach validate's problems and explain's
// account: from a JSON file and from the environment, none raw.
func TestConfigValuesEscaped(t *testing.T) {
	const esc = "\x1b]0;pwned\x07\x1b[2J\u202e"
	file := writeConfig(t, `{
		"CORS_ALLOWED_ORIGINS": ["https://a\u001b[31m.example.com", "https://\u202eevil.example.com", "ftp\u0007://x"],
		"CORS_ALLOWED_ORIGIN_REGEXES": ["^https://(\u001b\u0007", "^https://A\u202e\\.example\\.com$"],
		"CORS_URLS_REGEX": "^/api\u001b/(",
		"CORS_ALLOW_METHODS": ["GET\u001b"],
		"CORS_ALLOW_HEADERS": ["x-\u202e"]
	}`)
	env := []string{
		"CORS_ALLOWED_ORIGINS=https://a" + esc + ".example.com",
		"CORS_ALLOWED_ORIGIN_REGEXES=^https://(" + esc,
		"CORS_URLS_REGEX=^/(" + esc,
		"CORS_ALLOW_CREDENTIALS=" + esc,
		"CORS_PREFLIGHT_MAX_AGE=" + esc,
	}
	for _, c := range []struct {
		name string
		args []string
		env  []string
	}{
		{"validate file", []string{"validate", "--config", file}, nil},
		{"validate file json", []string{"validate", "--config", file, "--json"}, nil},
		{"validate env", []string{"validate", "--env"}, env},
		{"validate env json", []string{"validate", "--env", "--json"}, env},
		{"explain file", []string{"explain", "--config", file, "--origin", page}, nil},
		{"explain env", []string{"explain", "--env", "--origin", page}, env},
	} {
		code, out, errOut := runText(c.args, c.env)
		if code == exitOK {
			t.Errorf("%s: exit 0 for an invalid configuration", c.name)
		}
		if !strings.Contains(out+errOut, `\x1b`) && !strings.Contains(out+errOut, `\u001b`) {
			t.Errorf("%s: the escaped value is not shown:\n%s%s", c.name, out, errOut)
		}
		assertNoHostile(t, c.name, out+errOut)
	}
	// The JSON output keeps the values, escaped the JSON way.
	_, out, _ := runText([]string{"validate", "--env", "--json"}, env)
	var v validation
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range v.Problems {
		found = found || strings.Contains(p.Value, esc)
	}
	if !found {
		t.Errorf("no problem's value is the configured one: %+v", v.Problems)
	}
}

// A valid configuration whose entries, and a request whose path, hold
// such runes: explain's account shows them escaped, and readable text
// as is.
func TestExplainEscapesPolicyAccount(t *testing.T) {
	file := writeConfig(t, `{
		"CORS_ALLOWED_ORIGIN_REGEXES": ["^https://app\\.example\\.com(\u202e|\u001b)?$"],
		"CORS_URLS_REGEX": "^/(api|\u001b\u0007)"
	}`)
	for _, args := range [][]string{
		{"--origin", page, "--path", "/api/\x1b[2J\u202e"},
		{"--origin", page, "--path", "/\x1b\x07"},
		{"--origin", "https://other.example.com", "--path", "/api/\u009b"},
		{"--origin", page, "-X", "PUT", "-H", "X-A: \u202e"},
	} {
		for _, j := range []bool{false, true} {
			a := append([]string{"explain", "--config", file}, args...)
			if j {
				a = append(a, "--json")
			}
			code, out, errOut := runText(a, nil)
			if code == exitUsage {
				t.Errorf("%q: exit %d\n%s", args, code, errOut)
			}
			assertNoHostile(t, strings.Join(args, " "), out+errOut)
		}
	}
	_, out, _ := runText([]string{"explain", "--config", file, "--origin", page, "--path", "/api/münchen\u202e"}, nil)
	if !strings.Contains(out, `"/api/münchen\u202e"`) {
		t.Errorf("explain output should show \\u202e escaped and münchen as is:\n%s", out)
	}
	// An --origin with such runes is refused as a usage error, escaped.
	code, _, errOut := runText([]string{"explain", "--config", file, "--origin", "https://a\x1b[2J.com"}, nil)
	if code != exitUsage {
		t.Errorf("--origin with ESC: exit %d", code)
	}
	assertNoHostile(t, "usage error", errOut)
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		"plain ascii, tabs\tand\nnewlines":       "plain ascii, tabs\tand\nnewlines",
		"İzmir, münchen, 東京, naïve, emoji 🙂":     "İzmir, münchen, 東京, naïve, emoji 🙂",
		"\x1b[2J\x07\x00\x7f\r":                  `\x1b[2J\x07\x00\x7f\x0d`,
		"\u009b31m\u009d0;x\u009c":               `\u009b31m\u009d0;x\u009c`,
		"\x9b\xff\xc3":                           `\x9b\xff\xc3`,
		"a\u202eb\u2066\u2069\u200e\u200f\u061c": `a\u202eb\u2066\u2069\u200e\u200f\u061c`,
		"\u00a0\u2028\ufeff\U000e0001":           `\u00a0\u2028\ufeff\U000e0001`,
		`a regex \. keeps \x1b as written`:       `a regex \. keeps \x1b as written`,
	} {
		if got := escapeText(in); got != want {
			t.Errorf("escapeText(%q) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{
		`"a\u0008b"`:             `"a\u0008b"`,
		"\"\u009b\u202e\"":       `"\u009b\u202e"`,
		"\"\U000e0001 münchen\"": `"\udb40\udc01 münchen"`,
	} {
		got := escapeJSON(in)
		var back, orig string
		if got != want || json.Unmarshal([]byte(got), &back) != nil || json.Unmarshal([]byte(in), &orig) != nil || back != orig {
			t.Errorf("escapeJSON(%q) = %s (decodes to %q), want %s", in, got, back, want)
		}
	}
}
