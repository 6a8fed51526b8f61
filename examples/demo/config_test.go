package main

import (
	"errors"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
)

func lookupIn(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

func TestParseOptionsDefaults(t *testing.T) {
	o, err := parseOptions(nil, lookupIn(nil), io.Discard)
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
	_, err = core.NewPolicy(o.CORS)
	assert.NoError(t, err)
}

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
			source: map[string]string{"CORS_ALLOWED_ORIGINS": "environment"},
		},
		{
			name: "regexes separated by spaces keep their commas",
			env:  map[string]string{"CORS_ALLOWED_ORIGIN_REGEXES": `https://[a-z]{1,3}\.example` + "\n  " + `http://localhost:\d+`},
			want: func(c *core.Config) {
				c.AllowedOriginRegexes = []string{`https://[a-z]{1,3}\.example`, `http://localhost:\d+`}
			},
		},
		{
			name: "booleans in several spellings",
			env:  map[string]string{"CORS_ALLOW_ALL_ORIGINS": "TRUE", "CORS_ALLOW_CREDENTIALS": "0", "CORS_ALLOW_PRIVATE_NETWORK": "yes"},
			want: func(c *core.Config) { c.AllowAllOrigins, c.AllowCredentials, c.AllowPrivateNetwork = true, false, true },
		},
		{
			name:   "a flag wins over its variable",
			args:   []string{"-allow-credentials=false", "-allow-methods", "GET,DELETE"},
			env:    map[string]string{"CORS_ALLOW_CREDENTIALS": "true", "CORS_ALLOW_METHODS": "PUT"},
			want:   func(c *core.Config) { c.AllowCredentials, c.AllowMethods = false, []string{"GET", "DELETE"} },
			source: map[string]string{"CORS_ALLOW_CREDENTIALS": "flag -allow-credentials", "CORS_ALLOW_METHODS": "flag -allow-methods"},
		},
		{
			name: "a boolean flag alone means true",
			args: []string{"-allow-private-network"},
			want: func(c *core.Config) { c.AllowPrivateNetwork = true },
		},
		{
			name:   "an empty variable counts as unset",
			env:    map[string]string{"CORS_ALLOW_HEADERS": "", "CORS_ALLOW_CREDENTIALS": "  "},
			want:   func(*core.Config) {},
			source: map[string]string{"CORS_ALLOW_HEADERS": "default"},
		},
		{
			name: "an empty flag sets an empty list",
			args: []string{"-expose-headers=", "-urls-regex", ""},
			want: func(c *core.Config) { c.ExposeHeaders, c.URLsRegex = []string{}, "" },
		},
		{
			name: "headers",
			env:  map[string]string{"CORS_ALLOW_HEADERS": "content-type,x-api-key", "CORS_EXPOSE_HEADERS": "X-Total-Count, Location"},
			want: func(c *core.Config) {
				c.AllowHeaders, c.ExposeHeaders = []string{"content-type", "x-api-key"}, []string{"X-Total-Count", "Location"}
			},
		},
		{
			name: "max age in seconds",
			env:  map[string]string{"CORS_PREFLIGHT_MAX_AGE": " 600 "},
			want: func(c *core.Config) { c.PreflightMaxAge = 10 * time.Minute },
		},
		{
			name: "max age 0 sends no header, as in django-cors-headers",
			args: []string{"-preflight-max-age", "0"},
			want: func(c *core.Config) { c.PreflightMaxAge = core.NoPreflightMaxAge },
		},
		{
			name: "URLs regex",
			env:  map[string]string{"CORS_URLS_REGEX": `^/(api|v2)/`},
			want: func(c *core.Config) { c.URLsRegex = `^/(api|v2)/` },
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
			o, err := parseOptions(tt.args, lookupIn(tt.env), io.Discard)
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

func TestParseOptionsKeepsConfiguredOrigins(t *testing.T) {
	o, err := parseOptions([]string{"-allowed-origins", "https://app.example"}, lookupIn(nil), io.Discard)
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
			want: []string{`CORS_ALLOW_CREDENTIALS="maybe": not a boolean; use true or false`},
		},
		{
			name: "bad boolean flag",
			args: []string{"-allow-all-origins=sure"},
			want: []string{`-allow-all-origins="sure": not a boolean`},
		},
		{
			name: "max age with a unit",
			env:  map[string]string{"CORS_PREFLIGHT_MAX_AGE": "1h"},
			want: []string{`CORS_PREFLIGHT_MAX_AGE="1h": not a whole number of seconds`},
		},
		{
			name: "negative max age",
			args: []string{"-preflight-max-age", "-5"},
			want: []string{`-preflight-max-age="-5": negative`},
		},
		{
			name: "max age beyond a week",
			env:  map[string]string{"CORS_PREFLIGHT_MAX_AGE": "99999999999999999999"},
			want: []string{`CORS_PREFLIGHT_MAX_AGE="99999999999999999999": not a whole number`},
		},
		{
			name: "max age of a year",
			env:  map[string]string{"CORS_PREFLIGHT_MAX_AGE": "31536000"},
			want: []string{`CORS_PREFLIGHT_MAX_AGE="31536000": more than 604800 seconds`},
		},
		{
			name: "every problem at once",
			args: []string{"-page", "8001"},
			env:  map[string]string{"CORS_ALLOW_ALL_ORIGINS": "si", "CORS_PREFLIGHT_MAX_AGE": "ten"},
			want: []string{`-page "8001": want host:port`, `CORS_ALLOW_ALL_ORIGINS="si"`, `CORS_PREFLIGHT_MAX_AGE="ten"`},
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseOptions(tt.args, lookupIn(tt.env), io.Discard)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestParseOptionsHelp(t *testing.T) {
	_, err := parseOptions([]string{"-h"}, lookupIn(nil), io.Discard)
	assert.True(t, errors.Is(err, flag.ErrHelp))
}

// Problems found by core.NewPolicy are listed one by one, each after the
// variable to change.
func TestConfigProblems(t *testing.T) {
	o, err := parseOptions(nil, lookupIn(map[string]string{
		"CORS_ALLOWED_ORIGINS":        "example.com",
		"CORS_ALLOWED_ORIGIN_REGEXES": "(",
		"CORS_ALLOW_METHODS":          "get",
	}), io.Discard)
	require.NoError(t, err)
	_, err = core.NewPolicy(o.CORS)
	require.Error(t, err)
	lines := configProblems(err)
	require.Len(t, lines, 3)
	assert.Contains(t, lines[0], `CORS_ALLOWED_ORIGINS: corsheaders: AllowedOrigins[0] "example.com"`)
	assert.Contains(t, lines[1], `CORS_ALLOWED_ORIGIN_REGEXES: corsheaders: AllowedOriginRegexes[0] "("`)
	assert.Contains(t, lines[2], `CORS_ALLOW_METHODS: corsheaders: AllowMethods[0] "get"`)
}
