// Package caddyadapter is the CORS middleware of corsheaders as a Caddy
// module: the HTTP handler http.handlers.cors and the Caddyfile directive
// cors, deciding every request with the same engine (core) as the other
// adapters, proven by the same conformance cases.
//
// Build Caddy with it (xcaddy build --with
// github.com/corsheaders/corsheaders/caddyadapter, or a main package
// importing caddy's cmd and this package; see ./internal/cmd/caddy) and
// write in the Caddyfile:
//
//	api.example.com {
//		cors {
//			allowed_origins https://app.example.com
//			allow_credentials
//		}
//		reverse_proxy localhost:8080
//	}
//
// The settings are django-cors-headers' (allowed_origins is
// CORS_ALLOWED_ORIGINS), with the same names as subdirectives and as JSON
// keys; every problem in them is reported when Caddy adapts or loads the
// configuration, each with its fix. The directive runs before redir, so a
// preflight is answered before authentication, reverse_proxy and
// file_server see it. docs/caddy.md has the settings, the JSON form, the
// directive's place and how to replace the usual header and respond
// snippets.
package caddyadapter
