package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corsconf"
)

// environ is env as os.Environ gives it.
func environ(env map[string]string) []string {
	var out []string
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	slices.Sort(out)
	return out
}

func TestParseOptionsDefaults(t *testing.T) {
	o, err := parseOptions(nil, environ(map[string]string{"PATH": "/bin"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:8000", o.APIAddr)
	assert.Equal(t, "127.0.0.1:8001", o.PageAddr)
	assert.Equal(t, demoDefaults(), o.CORS)
	for _, s := range settings {
		assert.Equal(t, "default", o.Source[s.env], s.env)
	}

	// The allowed origin is the page's, known once the page server listens.
	o.resolve(urls{API: "http://127.0.0.1:8000", Page: "http://localhost:8001"})
	assert.Equal(t, []string{"http://localhost:8001"}, o.CORS.AllowedOrigins)
	_, err = o.policy()
	assert.NoError(t, err)
}

// TestEverySettingIsTaken: each setting corsconf reads is one the demo
// takes and shows, so none is accepted and then ignored.
func TestEverySettingIsTaken(t *testing.T) {
	var names []string
	for _, s := range settings {
		names = append(names, s.env)
	}
	assert.Equal(t, corsconf.Names, names)
	o, err := parseOptions(nil, environ(map[string]string{"CORS_HOST_GUARD": "true", "CORS_ENFORCE_ORIGIN": "true"}), io.Discard)
	require.NoError(t, err)
	assert.True(t, o.CORS.HostGuard && o.CORS.EnforceOrigin)
	o.resolve(urls{API: "http://127.0.0.1:8000", Page: "http://localhost:8001"})
	_, err = o.policy()
	assert.NoError(t, err)
}

// The demo reads its settings with corsconf, whose own tests cover every
// format; these check that the demo's defaults give way to what is set.
func TestParseOptions(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		// want changes the demo's defaults into the expected Config.
		want   func(c *core.Config)
		source map[string]string
		api    string
	}{
		{
			name: "origins separated by commas and spaces",
			env:  map[string]string{"CORS_ALLOWED_ORIGINS": "https://a.example, https://b.example  http://localhost:3000"},
			want: func(c *core.Config) {
				c.AllowedOrigins = []string{"https://a.example", "https://b.example", "http://localhost:3000"}
			},
			source: map[string]string{"CORS_ALLOWED_ORIGINS": "environment", "CORS_ALLOW_METHODS": "default"},
		},
		{
			name:   "django-cors-headers' old name",
			env:    map[string]string{"CORS_ORIGIN_WHITELIST": "https://a.example"},
			want:   func(c *core.Config) { c.AllowedOrigins = []string{"https://a.example"} },
			source: map[string]string{"CORS_ALLOWED_ORIGINS": "environment (CORS_ORIGIN_WHITELIST)"},
		},
		{
			name: "booleans in several spellings",
			env:  map[string]string{"CORS_ALLOW_ALL_ORIGINS": "TRUE", "CORS_ALLOW_CREDENTIALS": "0", "CORS_ALLOW_PRIVATE_NETWORK": "yes"},
			want: func(c *core.Config) { c.AllowAllOrigins, c.AllowCredentials, c.AllowPrivateNetwork = true, false, true },
		},
		{
			name:   "an empty variable counts as unset",
			env:    map[string]string{"CORS_ALLOW_HEADERS": "", "CORS_ALLOW_CREDENTIALS": "  "},
			want:   func(*core.Config) {},
			source: map[string]string{"CORS_ALLOW_HEADERS": "default"},
		},
		{
			name: "max age 0 sends no header, as in django-cors-headers",
			env:  map[string]string{"CORS_PREFLIGHT_MAX_AGE": "0"},
			want: func(c *core.Config) { c.PreflightMaxAge = core.NoPreflightMaxAge },
		},
		{
			name: "max age in seconds",
			env:  map[string]string{"CORS_PREFLIGHT_MAX_AGE": " 600 "},
			want: func(c *core.Config) { c.PreflightMaxAge = 10 * time.Minute },
		},
		{
			name: "addresses",
			args: []string{"-api", "0.0.0.0:9000", "-page=127.0.0.1:9001"},
			want: func(*core.Config) {},
			api:  "0.0.0.0:9000",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseOptions(tt.args, environ(tt.env), io.Discard)
			require.NoError(t, err)
			want := demoDefaults()
			tt.want(&want)
			assert.Equal(t, want, o.CORS)
			for k, v := range tt.source {
				assert.Equal(t, v, o.Source[k], k)
			}
			if tt.api != "" {
				assert.Equal(t, tt.api, o.APIAddr)
			}
		})
	}
}

func TestParseOptionsFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cors.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"CORS_ALLOW_METHODS": ["GET", "DELETE"], "CORS_ALLOW_CREDENTIALS": false}`), 0o644))
	o, err := parseOptions([]string{"-config", path}, environ(map[string]string{"CORS_ALLOW_METHODS": "PUT"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, []string{"GET", "DELETE"}, o.CORS.AllowMethods, "the file, not the environment")
	assert.False(t, o.CORS.AllowCredentials)
	assert.Equal(t, "file "+path, o.Source["CORS_ALLOW_METHODS"])
	assert.Equal(t, "default", o.Source["CORS_EXPOSE_HEADERS"])
}

func TestParseOptionsKeepsConfiguredOrigins(t *testing.T) {
	o, err := parseOptions(nil, environ(map[string]string{"CORS_ALLOWED_ORIGINS": "https://app.example"}), io.Discard)
	require.NoError(t, err)
	o.resolve(urls{Page: "http://localhost:8001"})
	assert.Equal(t, []string{"https://app.example"}, o.CORS.AllowedOrigins)
}

func TestParseOptionsErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		// want are all in the error, each naming its flag or variable.
		want []string
	}{
		{
			name: "bad boolean variable",
			env:  map[string]string{"CORS_ALLOW_CREDENTIALS": "maybe"},
			want: []string{`CORS_ALLOW_CREDENTIALS "maybe": not a boolean; use true or false`},
		},
		{
			name: "a typo in a name",
			env:  map[string]string{"CORS_ALLOWED_ORIGIN": "https://a.example"},
			want: []string{`CORS_ALLOWED_ORIGIN "https://a.example": unknown setting; did you mean CORS_ALLOWED_ORIGINS?`},
		},
		{
			name: "every problem at once",
			args: []string{"-page", "8001"},
			env:  map[string]string{"CORS_ALLOW_ALL_ORIGINS": "si", "CORS_PREFLIGHT_MAX_AGE": "ten"},
			want: []string{`-page "8001": want host:port`, `CORS_ALLOW_ALL_ORIGINS "si"`, `CORS_PREFLIGHT_MAX_AGE "ten"`},
		},
		{
			name: "unknown flag",
			args: []string{"-allowed-origin", "http://x.example"},
			want: []string{"flag provided but not defined: -allowed-origin"},
		},
		{
			name: "stray argument",
			args: []string{"http://localhost:8001"},
			want: []string{`unexpected argument "http://localhost:8001"`},
		},
		{
			name: "missing file",
			args: []string{"-config", "/nonexistent/cors.json"},
			want: []string{"/nonexistent/cors.json"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseOptions(tt.args, environ(tt.env), io.Discard)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestParseOptionsHelp(t *testing.T) {
	_, err := parseOptions([]string{"-h"}, nil, io.Discard)
	assert.True(t, errors.Is(err, flag.ErrHelp))
}

// Problems found by core.NewPolicy are listed one by one, each naming the
// variable to change.
func TestConfigProblems(t *testing.T) {
	o, err := parseOptions(nil, environ(map[string]string{
		"CORS_ALLOWED_ORIGINS":        "example.com",
		"CORS_ALLOWED_ORIGIN_REGEXES": "(",
		"CORS_ALLOW_METHODS":          "get",
	}), io.Discard)
	require.NoError(t, err)
	_, err = o.policy()
	require.Error(t, err)
	lines := configProblems(err)
	require.Len(t, lines, 3)
	assert.Contains(t, lines[0], `CORS_ALLOWED_ORIGINS[0] "example.com"`)
	assert.Contains(t, lines[1], `CORS_ALLOWED_ORIGIN_REGEXES[0] "("`)
	assert.Contains(t, lines[2], `CORS_ALLOW_METHODS[0] "get"`)
}
