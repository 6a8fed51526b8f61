package core_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// authorizationPreflight asks to send Authorization with a GET.
func authorizationPreflight() *http.Request {
	r := httptest.NewRequest(http.MethodOptions, "http://api.test/api/items", nil)
	r.Header.Set("Origin", "https://app.example.com")
	r.Header.Set("Access-Control-Request-Method", "GET")
	r.Header.Set("Access-Control-Request-Headers", "authorization")
	return r
}

// TestWildcardHeadersNoteAuthorization: AllowHeaders "*" without
// "authorization" is valid but noted at construction; the preflight the note
// warns of is refused, and doing what the note says grants it and ends the
// note.
func TestWildcardHeadersNoteAuthorization(t *testing.T) {
	cfg := core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowHeaders: []string{"*"}}
	p := core.MustPolicy(cfg)
	notes := p.Notes()
	if len(notes) != 1 || !strings.Contains(notes[0], `AllowHeaders "*" allows every request header but Authorization`) ||
		!strings.Contains(notes[0], `list "authorization" in AllowHeaders beside "*"`) {
		t.Fatalf("notes %q", notes)
	}
	if d := p.Decide(core.NewRequest(authorizationPreflight())); d.Kind != core.PreflightRejected {
		t.Fatalf("the note warns of a refusal that does not happen: %v", p.Explain(authorizationPreflight()))
	}
	cfg.AllowHeaders = append(cfg.AllowHeaders, "authorization")
	p = core.MustPolicy(cfg)
	if n := p.Notes(); n != nil {
		t.Fatalf("notes after the fix: %q", n)
	}
	if d := p.Decide(core.NewRequest(authorizationPreflight())); d.Kind != core.PreflightAccepted {
		t.Fatalf("refused after the fix: %v", p.Explain(authorizationPreflight()))
	}
}

// TestNoNotes: the defaults, and a list of names, draw no note.
func TestNoNotes(t *testing.T) {
	for _, headers := range [][]string{nil, {"x-api-key"}, {"*", "Authorization"}} {
		if n := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowHeaders: headers}).Notes(); n != nil {
			t.Errorf("AllowHeaders %q: notes %q", headers, n)
		}
	}
}

// TestNotesOfPathRules name the rule they come from; the slice returned
// is the caller's.
func TestNotesOfPathRules(t *testing.T) {
	p := core.MustPolicy(core.Config{
		AllowedOrigins: []string{"https://app.example.com"},
		AllowHeaders:   []string{"*"},
		Paths: []core.PathRule{
			{Prefix: "/public/", Config: core.Config{AllowAllOrigins: true}},
			{Prefix: "/api/", Config: core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowHeaders: []string{"*"}}},
		},
	})
	notes := p.Notes()
	if len(notes) != 2 || !strings.HasPrefix(notes[0], `AllowHeaders "*"`) || !strings.HasPrefix(notes[1], `Paths[1] (Prefix "/api/"): AllowHeaders "*"`) {
		t.Fatalf("notes %q", notes)
	}
	notes[0] = "changed"
	if p.Notes()[0] == "changed" {
		t.Fatal("Notes returns the policy's own slice")
	}
}

// TestDebugLoggerGetsNotesOnce: the DebugLogger receives each note once,
// when the policy is built, and not again per request nor when a policy is
// built again for it.
func TestDebugLoggerGetsNotesOnce(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowHeaders: []string{"*"}, DebugLogger: logger})
	if got := buf.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, `level=INFO msg="corsheaders: configuration note" note="AllowHeaders \"*\" allows every request header but Authorization`) {
		t.Fatalf("at construction:\n%s", got)
	}
	buf.Reset()
	// Built again for the same logger, as a source reloading its origins
	// does: the note is not repeated. Another logger gets it.
	core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com", "https://b.example.com"}, AllowHeaders: []string{"*"}, DebugLogger: logger})
	if buf.Len() != 0 {
		t.Fatalf("logged again:\n%s", buf.String())
	}
	var other bytes.Buffer
	core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}, AllowHeaders: []string{"*"}, DebugLogger: slog.New(slog.NewTextHandler(&other, nil))})
	if !strings.Contains(other.String(), "configuration note") {
		t.Fatalf("another logger:\n%s", other.String())
	}
	r := authorizationPreflight()
	r.Header.Set("Access-Control-Request-Headers", "x-api-key")
	p.Decide(core.NewRequest(r))
	if buf.Len() != 0 {
		t.Fatalf("logged for a granted request:\n%s", buf.String())
	}
}
