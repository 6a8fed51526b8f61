package corsconf

import (
	"errors"
	"strings"
	"testing"
)

// A file whose meaning a reader could misjudge is refused, each error
// naming the key.
func TestFromJSONRefusesAmbiguousFiles(t *testing.T) {
	for _, c := range []struct{ json, name, problem string }{
		{`{"CORS_ALLOW_CREDENTIALS": false, "CORS_ALLOW_CREDENTIALS": true}`, "CORS_ALLOW_CREDENTIALS", "more than once"},
		{`{"CORS_ALLOWED_ORIGINS": ["https://a.example"], "CORS_ALLOWED_ORIGINS": ["https://evil.example"]}`, "CORS_ALLOWED_ORIGINS", "more than once"},
		{`{"CORS_ALLOW_ALL_ORIGINS": false} {"CORS_ALLOW_ALL_ORIGINS": true}`, "JSON", "more data"},
		{`{} x`, "JSON", "more data follows the object, at line 1, column 4"},
		{`null {}`, "JSON", "more data"},
		{`["CORS_ALLOW_ALL_ORIGINS"]`, "JSON", "array"},
		{`"x"`, "JSON", "string"},
		{`{"CORS_ALLOW_CREDENTIALS": true`, "JSON", "invalid JSON at line 1, column 32: unexpected end of JSON input"},
	} {
		_, err := FromJSON([]byte(c.json))
		var e *Error
		if !errors.As(err, &e) || e.Name != c.name || !strings.Contains(err.Error(), c.problem) || e.Fix == "" {
			t.Errorf("%s: error %v, want one on %s saying %q with a fix", c.json, err, c.name, c.problem)
		}
	}
	// Still accepted: white space after the object, null, an empty object.
	for _, ok := range []string{"{}\n\n", "null", ` {"CORS_ALLOW_CREDENTIALS": true} `} {
		if _, err := FromJSON([]byte(ok)); err != nil && ok != "null" {
			t.Errorf("%q: %v", ok, err)
		}
	}
}

// Numbers the JSON decoder cannot hold, negative or fractional ages, and
// wrong types are errors naming the key, never a panic.
func TestFromJSONMaxAgeEdges(t *testing.T) {
	for _, v := range []string{"1e400", "-1", "-1e400", "1.5", "9223372036854775808", "1e19", `"600"`, "true", "[600]", "{}"} {
		_, err := FromJSON([]byte(`{"CORS_PREFLIGHT_MAX_AGE": ` + v + `}`))
		var e *Error
		if !errors.As(err, &e) || e.Name != "CORS_PREFLIGHT_MAX_AGE" || e.Fix == "" {
			t.Errorf("%s: %v, want an error on CORS_PREFLIGHT_MAX_AGE with a fix", v, err)
		}
	}
}

func FuzzFromJSON(f *testing.F) {
	for _, s := range []string{`{}`, `null`, `{"CORS_ALLOWED_ORIGINS": ["https://a.example"], "CORS_ALLOW_CREDENTIALS": true}`,
		`{"CORS_ORIGIN_WHITELIST": ["https://a.example"], "CORS_ALLOWED_ORIGINS": ["https://b.example"]}`,
		`{"CORS_PREFLIGHT_MAX_AGE": 1e400}`, `{"CORS_URLS_REGEX": "^/api/("}`, `{"CORS_ALLOWED_ORIGIN_REGEXES": ["(a"]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := FromJSON(data)
		if err == nil {
			_, _ = s.Policy()
		}
	})
}

func FuzzFromEnv(f *testing.F) {
	f.Add("CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example", "")
	f.Add("CORS_PREFLIGHT_MAX_AGE", "99999999999999999999", "")
	f.Add("MYAPP_CORS_ALLOW_CREDENTIALS", "yes", "MYAPP_")
	f.Add("CORS_ORIGIN_REGEX_WHITELIST", "^https://.*$", "")
	f.Fuzz(func(t *testing.T, name, value, prefix string) {
		s, err := FromEnv(WithPrefix(prefix), WithEnviron([]string{name + "=" + value, "CORS_ALLOWED_ORIGINS=https://x.example"}))
		if err == nil {
			_, _ = s.Policy()
		}
	})
}

// An error message neither passes a key's control characters to the
// terminal nor quotes a huge value whole.
func TestErrorMessagesAreSafeToPrint(t *testing.T) {
	_, err := FromJSON([]byte(`{"CORS_\u001b[2J\u001b]0;pwned\u0007": true}`))
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\x07") {
		t.Errorf("error %q holds control characters", err)
	}
	huge := strings.Repeat("https://a.example ", 1<<16)
	_, err = FromEnv(WithEnviron([]string{"CORS_ALLOW_CREDENTIALS=" + huge}))
	var e *Error
	if !errors.As(err, &e) || e.Name != "CORS_ALLOW_CREDENTIALS" || len(err.Error()) > 1000 || e.Value != huge {
		t.Errorf("error on a %d-byte value: %d bytes, named %v; want under 1000 bytes naming CORS_ALLOW_CREDENTIALS, the Value field whole", len(huge), len(err.Error()), e)
	}
}

// The fields of an error, and the notes, escape what a key or a prefix
// holds, not only Error(): a tool prints them one by one.
func TestErrorFieldsAndNotesAreSafeToPrint(t *testing.T) {
	hostile := func(s string) bool { return strings.ContainsAny(s, "\x1b\x07\u009b\u202e") }
	_, err := FromJSON([]byte(`{"CORS_\u001b[2J\u202e": 1, "CORS_\u001b[2J\u202e": 2}`))
	var e *Error
	if !errors.As(err, &e) || hostile(e.Problem) || hostile(e.Fix) || hostile(err.Error()) {
		t.Errorf("duplicate key: %#v", e)
	}
	prefix := "\x1b]0;x\x07\u202e_"
	s, err := FromEnv(WithPrefix(prefix), WithEnviron([]string{
		prefix + "CORS_ORIGIN_WHITELIST=https://a.example",
		prefix + "CORS_ALLOWED_ORIGINS=https://a.example",
		prefix + "CORS_URLS_REGEX=^/api/",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Notes) == 0 {
		t.Fatal("no note")
	}
	for _, n := range s.Notes {
		if hostile(n) {
			t.Errorf("note %q", n)
		}
	}
}
