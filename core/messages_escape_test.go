package core_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// hostileRunes are what a terminal acts on or what reorders text: ESC,
// BEL, the C1 controls CSI and OSC (UTF-8 encoded and as raw bytes),
// bidi overrides, isolates and marks, and invalid UTF-8.
var hostileRunes = []string{
	"\x1b", "\x07", "\u009b", "\u009d", "\x9b", "\x9d", "\xff",
	"\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c",
}

func assertPrintable(t *testing.T, what, s string) {
	t.Helper()
	for _, h := range hostileRunes {
		if strings.Contains(s, h) {
			t.Errorf("%s holds %q raw: %q", what, h, s)
		}
	}
}

// Every configuration error quotes the values it embeds with those runes
// escaped, in Problem and Fix as in Error().
func TestConfigErrorsEscapeValues(t *testing.T) {
	for _, cfg := range []core.Config{
		{AllowedOrigins: []string{
			"https://a\x1b[31m.example.com",
			"\u202ehttps://x.example.com",
			"example.com\x07\u009b/x",
			"https://x.example.com/\u202e\x9d",
			"https://x.example.com:\u2066",
			"wss://\u009bapp.example.com",
			"https://app.example.com\u202e.",
			"https:\u202e/x.example.com",
			"https://*.\u202e*",
			"/^https://\u202e.*$/",
			"\x1b[2J\u202e://*",
		}},
		{AllowedOriginRegexes: []string{
			"^https://(\x1b",
			"^https://A\u202e\\.example\\.com$",
			"^wss://\u202e\\.example\\.com$",
			"^https://x\u202e\\.example\\.com/",
			"^https://\u202e.*$",
		}, AllowCredentials: true},
		{AllowedOrigins: []string{"https://*.\u202e.com", "http://*.\xff"}, AllowCredentials: true},
		{URLsRegex: "(\x1b\u202e"},
		{AllowMethods: []string{"G\x1bET", "get\u202e"}, AllowHeaders: []string{"x\u202e", "x-\u009b"}, ExposeHeaders: []string{"\xff"}},
		{Paths: []core.PathRule{{Prefix: "api\u202e"}, {Prefix: "/a/../\x1b"}, {Regex: "(\u202e"}, {Prefix: "/x", Config: core.Config{URLsRegex: "^/\u202e"}}}},
	} {
		_, err := core.NewPolicy(cfg)
		if err == nil {
			t.Fatalf("%+v: no error", cfg)
		}
		var n int
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			var ce *core.ConfigError
			if !errors.As(e, &ce) {
				t.Fatalf("%v is not a ConfigError", e)
			}
			n++
			assertPrintable(t, "Error()", ce.Error())
			assertPrintable(t, ce.Field+" Problem", ce.Problem)
			assertPrintable(t, ce.Field+" Fix", ce.Fix)
		}
		if n < 2 {
			t.Errorf("%+v: %d errors: %v", cfg, n, err)
		}
	}
	// A message embedding a value without quote, as a new one might.
	e := &core.ConfigError{Field: "AllowedOrigins", Index: 0, Value: "x\u202e", Problem: "raw \x1b[2J", Fix: "write \u009b"}
	assertPrintable(t, "hand-built Error()", e.Error())
	if !strings.Contains(e.Error(), `raw \x1b[2J; write \u009b`) {
		t.Errorf("Error() = %s", e.Error())
	}
}

// Readable text, regexes and non-ASCII names, stays as written.
func TestConfigErrorsKeepReadableText(t *testing.T) {
	_, err := core.NewPolicy(core.Config{
		AllowedOriginRegexes: []string{`^https://İzmir\.(`},
		AllowedOrigins:       []string{"münchen.example"},
	})
	for _, want := range []string{`"^https://İzmir\.("`, `"https://münchen.example"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not hold %s", err, want)
		}
	}
}

// Explain's steps, its hint and its text quote request and configured
// values escaped; so do the DebugLogger's lines, with a text or a JSON
// handler.
func TestExplainAndDebugLogEscape(t *testing.T) {
	var text, js bytes.Buffer
	cfgs := []core.Config{
		{AllowedOriginRegexes: []string{"^https://app\\.example\\.com(\u202e|\x1b)?$"}, URLsRegex: "^/(api|\u202e)", DebugLogger: slog.New(slog.NewTextHandler(&text, nil))},
		{AllowedOrigins: []string{"https://app.example.com"}, AllowMethods: []string{"PUT"}, DebugLogger: slog.New(slog.NewJSONHandler(&js, nil))},
		{Paths: []core.PathRule{{Prefix: "/api", Config: core.Config{AllowedOrigins: []string{"https://app.example.com"}}}}, DebugLogger: slog.New(slog.NewJSONHandler(&js, nil))},
	}
	reqs := []core.Request{
		{Method: "G\x1bET\u009b", Path: "/api/x", Origin: []string{"https://app.example.com"}},
		{Method: "GET", Path: "/api/\x1b[2J\u202e", Origin: []string{"https://evil.example.com\u202e"}},
		{Method: "GET", Path: "/api/x", Origin: []string{"https://\u009d0;x\x07.example.com"}},
		{Method: "GET", Path: "/\u2066x\xff", Origin: []string{"https://app.example.com"}},
		{Method: "OPTIONS", Path: "/api/x", Origin: []string{"https://app.example.com"}, AccessControlRequestMethod: []string{"DEL\u202eETE"}},
		{Method: "OPTIONS", Path: "/api/x", Origin: []string{"https://app.example.com"}, AccessControlRequestMethod: []string{"put\x1b"}},
		{Method: "OPTIONS", Path: "/api/x", Origin: []string{"https://app.example.com"}, AccessControlRequestMethod: []string{"PUT"}, AccessControlRequestHeaders: []string{"x-\u202e"}},
		{Method: "OPTIONS", Path: "/api/x", Origin: []string{"https://app.example.com"}, AccessControlRequestMethod: []string{"PUT"}, AccessControlRequestHeaders: []string{"x-a"}},
	}
	for _, cfg := range cfgs {
		p, err := core.NewPolicy(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reqs {
			e := p.ExplainRequest(r)
			assertPrintable(t, "Explanation.String()", e.String())
			assertPrintable(t, "Hint", e.Hint)
			for _, s := range e.Steps {
				assertPrintable(t, "step "+s.Check, s.Detail)
			}
			p.Decide(r)
		}
	}
	if text.Len() == 0 || js.Len() == 0 {
		t.Fatalf("nothing logged: %q %q", text.String(), js.String())
	}
	assertPrintable(t, "text log", text.String())
	assertPrintable(t, "JSON log", js.String())
}

// CrossOriginProtection's debug line quotes the request's values escaped.
func TestUntrustedLogEscapes(t *testing.T) {
	var js bytes.Buffer
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true, DebugLogger: slog.New(slog.NewJSONHandler(&js, nil))})
	r := httptest.NewRequest("POST", "/x", nil)
	r.URL.Path = "/\u202e\u009b"
	r.Header.Set("Origin", "https://evil.example.com\u202e")
	r.Header.Set("Sec-Fetch-Site", "cross-site\u009d")
	if err := core.NewCrossOriginProtection(p).Check(r); err == nil {
		t.Fatal("a cross-site write was trusted")
	}
	if js.Len() == 0 {
		t.Fatal("nothing logged")
	}
	assertPrintable(t, "JSON log", js.String())
}
