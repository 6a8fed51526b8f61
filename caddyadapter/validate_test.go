package caddyadapter_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2"

	"github.com/corsheaders/corsheaders/caddyadapter"
	"github.com/corsheaders/corsheaders/core"
)

// badCaddyfiles are Caddyfiles whose cors block has problems, each with
// every line `caddy adapt` and `caddy validate` must print for it.
var badCaddyfiles = []struct {
	name, caddyfile string
	want            []string
}{
	{
		name: "origins, credentials, methods, max age, a path block",
		caddyfile: `
:8080 {
	cors {
		allowed_origins https://app.example.com/ "https://a.com, https://b.com" https://*.com
		allow_all_origins
		allow_credentials
		allow_methods get PATCH
		preflight_max_age 30d
		expose_headers *
		path /admin {
			allowed_origins http://admin.example.com
			allow_credentials
		}
		path regex ^/v[0-9+/ {
			allow_all_origins
		}
	}
	respond "hi"
}`,
		want: []string{
			"Caddyfile:3: the cors block has 9 problems:",
			`cors: allow_all_origins "true": with allow_credentials it would let every web site act with your users' cookies; remove allow_all_origins, so that only the origins you list are allowed`,
			`cors: allowed_origins "https://app.example.com/": an origin has no trailing slash; write "https://app.example.com"`,
			`cors: allowed_origins "https://a.com, https://b.com": one origin per argument, but this one holds 2, separated by commas or spaces; write one per argument: allowed_origins "https://a.com" "https://b.com"`,
			`cors: allowed_origins "https://*.com": "com" is a public suffix, where anyone can register a subdomain, and allow_credentials is set; list the origins you trust under "com" one by one`,
			`cors: allow_methods "get": browsers send this method in upper case, and methods are case-sensitive; write "GET"`,
			`cors: expose_headers "*": with allow_credentials browsers read "*" as a header name, not as every header; list the headers to expose`,
			`cors: preflight_max_age "2592000": longer than a week; browsers keep a preflight 24 hours at most; use at most 86400 (24h)`,
			`cors: path /admin: allowed_origins "http://admin.example.com": an http:// page can be forged by anyone on the network path between a user and that site (public Wi-Fi, a proxy), who could then act with the user's cookies, and allow_credentials is set; write "https://admin.example.com", or set unsafe_allow_insecure_origins_with_credentials if the site has no https`,
			`cors: path regex ^/v[0-9+/: does not compile: missing closing ] "[0-9+/"`,
		},
	},
	{
		name: "max age below a second, a status that is not 2xx",
		caddyfile: `
:8080 {
	cors {
		allowed_origins https://app.example.com
		preflight_max_age 0.5
		preflight_status 302
	}
}`,
		want: []string{
			"Caddyfile:3: the cors block has 2 problems:",
			`cors: preflight_max_age "500ms": not a whole number of seconds; write a whole number of seconds, such as 600`,
			`cors: preflight_status "302": browsers accept a preflight only with a 2xx status; use 200 or 204, or leave preflight_status out for 204`,
		},
	},
	{
		name: "path blocks: a setting outside them, a block hidden by an earlier one",
		caddyfile: `
:8080 {
	cors {
		allow_methods DELETE
		path / {
			allowed_origins https://a.example.com
		}
		path /api {
			allowed_origins https://b.example.com
		}
	}
}`,
		want: []string{
			"Caddyfile:3: the cors block has 2 problems:",
			`cors: allow_methods "DELETE": with path blocks, the settings outside them decide only the paths no path block matches, and no origin is allowed there, so it applies to nothing; set it in each path block, or allow origins outside the path blocks too`,
			`cors: path /api: never used: the earlier block path "/" matches every path it matches; put the more specific path block first, or remove it`,
		},
	},
	{
		name: "no origin allowed, under a matcher",
		caddyfile: `
example.com {
	cors /api/* {
		allow_credentials
	}
}`,
		want: []string{
			"Caddyfile:3: the cors block has a problem:",
			`cors: allowed_origins: no origin is allowed: allowed_origins and allowed_origin_regexes are empty and allow_all_origins is off, so every cross-origin request would be refused; list the origins to allow, e.g. allowed_origins "https://app.example.com"`,
		},
	},
	{
		name: "a regex with an unescaped dot",
		caddyfile: `
:8080 {
	cors {
		allowed_origin_regexes https://app.example.com
	}
}`,
		want: []string{
			"Caddyfile:3: the cors block has a problem:",
			`cors: allowed_origin_regexes "https://app.example.com": `,
		},
	},
	{
		name: "a path block's prefix written as a Caddy matcher",
		caddyfile: `
:8080 {
	cors {
		path /api/* {
			allowed_origins https://app.example.com
		}
		path /feed* {
			allow_all_origins
		}
	}
}`,
		want: []string{
			"Caddyfile:3: the cors block has 2 problems:",
			`cors: path /api/*: a path block's prefix is a path, not a Caddy matcher: "*" is no wildcard there, so no request would match; write path /api, which matches /api and every path below it`,
			`cors: path /feed*: a path block's prefix is a path, not a Caddy matcher: "*" is no wildcard there, so no request would match; write path /feed, which matches /feed and every path below it`,
		},
	},
	{
		name:      "a subdirective of another CORS plugin",
		caddyfile: ":8080 {\n\tcors {\n\t\torigins https://app.example.com\n\t}\n}",
		want:      []string{`unknown subdirective "origins" of cors; did you mean allowed_origins?, at Caddyfile:3`},
	},
}

// TestAdaptReportsEveryProblem: adapting a Caddyfile (caddy adapt, and
// caddy validate, which adapts first) fails on a cors block with problems,
// printing each with its fix in the Caddyfile's words.
func TestAdaptReportsEveryProblem(t *testing.T) {
	for _, c := range badCaddyfiles {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := adapt(c.caddyfile)
			if err == nil {
				t.Fatal("adapted without error")
			}
			assertLines(t, err.Error(), c.want)
		})
	}
}

// TestProvisionReportsEveryProblem: the same settings given as JSON, which
// no adapter checked, are refused when Caddy loads (and validates) the
// configuration, every problem printed with its fix, and errors.As
// reaches core's ConfigError behind each.
func TestProvisionReportsEveryProblem(t *testing.T) {
	h := &caddyadapter.Handler{
		Settings: caddyadapter.Settings{
			AllowedOrigins:   []string{"https://app.example.com/", "https://*.com"},
			AllowAllOrigins:  true,
			AllowCredentials: true,
			PreflightMaxAge:  caddyadapter.MaxAge{Duration: 1500 * 1e6},
		},
		Paths: []caddyadapter.PathRule{{Prefix: "api"}},
	}
	cfg := caddyConfig(t, freePort(t), 0, corsJSON(t, h))
	want := []string{
		`cors: allow_all_origins "true": with allow_credentials it would let every web site act with your users' cookies; remove allow_all_origins, so that only the origins you list are allowed`,
		`cors: allowed_origins "https://app.example.com/": an origin has no trailing slash; write "https://app.example.com"`,
		`cors: allowed_origins "https://*.com": "com" is a public suffix`,
		`cors: preflight_max_age "1.5s": not a whole number of seconds; Access-Control-Max-Age is in whole seconds; round it`,
		`cors: path api: a path block's prefix is a path and starts with "/"; write "/api"`,
	}
	for _, run := range []struct {
		what string
		err  func() error
	}{
		{"caddy.Validate", func() error {
			var c caddy.Config
			if err := caddyJSONUnmarshal(cfg, &c); err != nil {
				return err
			}
			return caddy.Validate(&c)
		}},
		{"caddy.Load", func() error { return caddy.Load(cfg, true) }},
	} {
		err := run.err()
		if err == nil {
			_ = caddy.Stop()
			t.Fatalf("%s: no error", run.what)
		}
		assertLines(t, err.Error(), append([]string{"loading module 'cors': provision http.handlers.cors: the cors handler has 5 problems:\n\t"}, want...))
	}

	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	defer cancel()
	err := h.Provision(ctx)
	for _, target := range []any{new(*caddyadapter.Problem), new(*core.ConfigError)} {
		if !errors.As(err, target) {
			t.Errorf("errors.As finds no %T in %v", target, err)
		}
	}
}

func assertLines(t *testing.T, got string, want []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}
