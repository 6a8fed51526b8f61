package corsconf

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// envFix reads a fix that sets a variable, NAME="value", into
// "NAME=value", as the environment holds it.
func envFix(t *testing.T, fix string) string {
	t.Helper()
	i := strings.Index(fix, `="`)
	if i < 0 {
		t.Fatalf("no NAME=\"value\" in %q", fix)
	}
	start := strings.LastIndexAny(fix[:i], " ,:(") + 1
	end := strings.Index(fix[i+2:], `"`)
	return fix[start:i] + "=" + fix[i+2:i+2+end]
}

// TestNoOriginFixInTheWordsOfTheSource: the fix for settings that allow no
// origin is written as the environment variable or the JSON key expects,
// never in Go, and names no hook, which no setting sets; written as it
// says, it makes the settings valid.
func TestNoOriginFixInTheWordsOfTheSource(t *testing.T) {
	s, err := FromEnv(env("CORS_ALLOW_METHODS=GET"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Policy()
	msg := errString(err)
	if strings.Contains(msg, "[]string") || strings.Contains(msg, "CheckRequest") || !strings.Contains(msg, `e.g. CORS_ALLOWED_ORIGINS="https://app.example.com"`) {
		t.Fatalf("environment: %s", msg)
	}
	s, err = FromEnv(env("CORS_ALLOW_METHODS=GET", envFix(t, msg)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Policy(); err != nil {
		t.Fatalf("with the fix: %v", err)
	}

	s, err = FromJSON([]byte(`{"CORS_ALLOW_METHODS": ["GET"]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Policy()
	msg = errString(err)
	const want = `"CORS_ALLOWED_ORIGINS": ["https://app.example.com"]`
	if strings.Contains(msg, "[]string") || strings.Contains(msg, "CheckRequest") || !strings.Contains(msg, want) {
		t.Fatalf("JSON: %s", msg)
	}
	if s, err = FromJSON([]byte(`{"CORS_ALLOW_METHODS": ["GET"], ` + want + `}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Policy(); err != nil {
		t.Fatalf("with the fix: %v", err)
	}
}

// TestSeveralInOneFixInJSON: an element holding two origins gets the list
// written as a JSON array, which the file then takes.
func TestSeveralInOneFixInJSON(t *testing.T) {
	s, err := FromJSON([]byte(`{"CORS_ALLOWED_ORIGINS": ["https://a.com https://b.com"]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Policy()
	msg := errString(err)
	const want = `["https://a.com", "https://b.com"]`
	if strings.Contains(msg, "[]string") || !strings.Contains(msg, want) {
		t.Fatalf("%s", msg)
	}
	if s, err = FromJSON([]byte(`{"CORS_ALLOWED_ORIGINS": ` + want + `}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Policy(); err != nil {
		t.Fatalf("with the fix: %v", err)
	}
}

// TestHintsInSettingsWords: Explain's hint and reason for settings read from
// the environment name the settings and no hook, and the hint, applied,
// grants the request.
func TestHintsInSettingsWords(t *testing.T) {
	for _, tc := range []struct {
		name, path, want string
		apply            func(t *testing.T, hint string) string // the variable to set
	}{
		{"an origin near no entry", "/api/items", `add "https://c.com" to CORS_ALLOWED_ORIGINS`, func(t *testing.T, hint string) string {
			return "CORS_ALLOWED_ORIGINS=https://a.com,https://b.com," + quoted(t, hint)
		}},
		{"a path outside CORS_URLS_REGEX", "/health", `otherwise set CORS_URLS_REGEX to "^/api/|^/health/?$"`, func(t *testing.T, hint string) string {
			return "CORS_URLS_REGEX=" + quoted(t, hint)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars := []string{"CORS_ALLOWED_ORIGINS=https://a.com,https://b.com", "CORS_URLS_REGEX=^/api/"}
			origin := "https://c.com"
			if tc.path == "/health" {
				origin = "https://a.com"
			}
			e := explainEnv(t, vars, origin, tc.path)
			hint, text := s(t, vars).Translate(e.Hint), s(t, vars).Translate(e.String())
			if !strings.Contains(hint, tc.want) {
				t.Fatalf("hint %q, want %q", hint, tc.want)
			}
			if strings.Contains(text, "CheckRequest") || strings.Contains(text, "AllowedOrigins") || strings.Contains(text, "URLsRegex ") {
				t.Fatalf("Go's words in\n%s", text)
			}
			set := tc.apply(t, hint)
			name, _, _ := strings.Cut(set, "=")
			for i, v := range vars {
				if strings.HasPrefix(v, name+"=") {
					vars[i] = set
				}
			}
			if e := explainEnv(t, vars, origin, tc.path); e.Reason != core.ReasonAllowed {
				t.Fatalf("after %s, still refused: %v", set, e)
			}
		})
	}
}

func s(t *testing.T, vars []string) *Settings {
	t.Helper()
	s, err := FromEnv(env(vars...))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func explainEnv(t *testing.T, vars []string, origin, path string) core.Explanation {
	t.Helper()
	p, err := s(t, vars).Policy()
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "http://api.test"+path, nil)
	r.Header.Set("Origin", origin)
	return p.Explain(r)
}

// quoted is the last quoted value of hint.
func quoted(t *testing.T, hint string) string {
	t.Helper()
	end := strings.LastIndex(hint, `"`)
	start := strings.LastIndex(hint[:end], ` "`)
	v, err := strconv.Unquote(hint[start+1 : end+1])
	if err != nil {
		t.Fatalf("%q: %v", hint, err)
	}
	return v
}

// TestWildcardHeadersNoteInSettings: CORS_ALLOW_HEADERS="*" is noted in
// the settings' words, once however often the policy is built; the note's
// advice, taken, grants a preflight asking for Authorization and ends the
// note.
func TestWildcardHeadersNoteInSettings(t *testing.T) {
	vars := []string{"CORS_ALLOWED_ORIGINS=https://app.example.com", "CORS_ALLOW_HEADERS=*"}
	set := s(t, vars)
	for range 2 {
		if _, err := set.Policy(); err != nil {
			t.Fatal(err)
		}
	}
	if len(set.Notes) != 1 || !strings.Contains(set.Notes[0], `CORS_ALLOW_HEADERS "*" allows every request header but Authorization`) ||
		!strings.Contains(set.Notes[0], `list "authorization" in CORS_ALLOW_HEADERS beside "*"`) {
		t.Fatalf("notes %q", set.Notes)
	}
	vars[1] = "CORS_ALLOW_HEADERS=*,authorization"
	set = s(t, vars)
	p, err := set.Policy()
	if err != nil || len(set.Notes) != 0 {
		t.Fatalf("with the advice taken: %v, notes %q", err, set.Notes)
	}
	r := httptest.NewRequest(http.MethodOptions, "http://api.test/", nil)
	r.Header.Set("Origin", "https://app.example.com")
	r.Header.Set("Access-Control-Request-Method", "GET")
	r.Header.Set("Access-Control-Request-Headers", "authorization")
	if e := p.Explain(r); e.Kind != core.PreflightAccepted {
		t.Fatalf("refused: %v", e)
	}
}

// TestJSONSyntaxErrorSaysWhere: a syntax error gives the line and column
// and the line at fault, not the rest of the file, and does not call the
// file "not a JSON object".
func TestJSONSyntaxErrorSaysWhere(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cors.json")
	data := "{\n  \"CORS_ALLOWED_ORIGINS\": [\"https://a.com\",\n  \"CORS_ALLOW_CREDENTIALS\": true,\n  \"CORS_ALLOW_METHODS\": [\"GET\"]\n}\n"
	if err := os.WriteFile(file, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := FromFile(file)
	msg := errString(err)
	for _, want := range []string{file + ": JSON", `"\"CORS_ALLOW_CREDENTIALS\": true,"`, "invalid JSON at line 3, column 27: invalid character ':' after array element"} {
		if !strings.Contains(msg, want) {
			t.Errorf("no %q in %s", want, msg)
		}
	}
	if strings.Contains(msg, "not a JSON object") || strings.Contains(msg, "CORS_ALLOW_METHODS") || strings.Contains(msg, "https://a.com") {
		t.Errorf("%s", msg)
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
