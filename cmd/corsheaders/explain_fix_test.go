package main

import (
	"strings"
	"testing"
)

// TestExplainFixFollowsThePolicy: the fix explain prints is the policy's,
// never the browser's generic advice, which would tell to list an origin
// already listed when the path is what the policy refuses.
func TestExplainFixFollowsThePolicy(t *testing.T) {
	for _, c := range []struct {
		name   string
		config string
		args   []string
		says   []string
		fixed  string // the configuration with the fix applied
	}{{
		name:   "a plain unlisted origin, preflighted",
		config: `{"CORS_ALLOWED_ORIGINS": ["https://a.com", "https://b.com"]}`,
		args:   []string{"--origin", "https://c.com", "-X", "PUT"},
		says:   []string{`"https://c.com"`, "CORS_ALLOWED_ORIGINS"},
		fixed:  `{"CORS_ALLOWED_ORIGINS": ["https://a.com", "https://b.com", "https://c.com"]}`,
	}, {
		name:   "a plain unlisted origin",
		config: `{"CORS_ALLOWED_ORIGINS": ["https://a.com", "https://b.com"]}`,
		args:   []string{"--origin", "https://c.com"},
		says:   []string{`"https://c.com"`, "CORS_ALLOWED_ORIGINS"},
		fixed:  `{"CORS_ALLOWED_ORIGINS": ["https://a.com", "https://b.com", "https://c.com"]}`,
	}, {
		name:   "a path CORS_URLS_REGEX leaves out",
		config: `{"CORS_ALLOWED_ORIGINS": ["https://app.example.com"], "CORS_URLS_REGEX": "^/api/"}`,
		args:   []string{"--origin", page, "--path", "/health"},
		says:   []string{"CORS_URLS_REGEX", `"/health"`},
		fixed:  `{"CORS_ALLOWED_ORIGINS": ["https://app.example.com"], "CORS_URLS_REGEX": "^/(api/|health$)"}`,
	}, {
		name:   "a path CORS_URLS_REGEX leaves out, preflighted",
		config: `{"CORS_ALLOWED_ORIGINS": ["https://app.example.com"], "CORS_URLS_REGEX": "^/api/"}`,
		args:   []string{"--origin", page, "--path", "/health", "-H", "X-Requested-With: x"},
		says:   []string{"CORS_URLS_REGEX", `"/health"`},
		fixed:  `{"CORS_ALLOWED_ORIGINS": ["https://app.example.com"], "CORS_URLS_REGEX": "^/(api/|health$)"}`,
	}} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"explain", "--config", writeConfig(t, c.config)}, c.args...)
			code, rep, stderr := runJSON(t, args...)
			fix := rep.Verdict.Fix
			if code != exitRefused {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			for _, want := range c.says {
				if !strings.Contains(fix, want) {
					t.Errorf("fix %q does not say %q", fix, want)
				}
			}
			for _, generic := range []string{"must see the OPTIONS request", "allow the origin", "Access-Control-Allow-Origin"} {
				if strings.Contains(fix, generic) {
					t.Errorf("fix %q is the browser's generic advice (%q)", fix, generic)
				}
			}
			if c.name[0:6] == "a path" && strings.Contains(fix, "to CORS_ALLOWED_ORIGINS") {
				t.Errorf("fix %q lists an origin already listed", fix)
			}
			args[2] = writeConfig(t, c.fixed)
			if code, rep, _ := runJSON(t, args...); code != exitOK {
				t.Errorf("with the fix: exit %d, %+v", code, rep.Verdict)
			}
		})
	}
}
