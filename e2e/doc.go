// Package e2e is corsheaders' real-browser conformance suite: pages in
// headless Chromium call fetch() against API servers built with each
// adapter (gin, echo, chi, echo v5, fiber), and what the browser does is compared with the
// scenarios of scenario.All, whose server side is also part of
// the unit suite.
//
// Every name under .test resolves to 127.0.0.1 in the browser
// (--host-resolver-rules), so origins are realistic: pages on
// app.example.test, a.b.example.test, evil.test… on two ports, and the API
// on api.example.test. For each scenario and adapter the suite records what
// the page's fetch() gave (status, readable headers, or TypeError), every
// request the server received (preflight or actual, Origin,
// Access-Control-Request-*, cookies) and its answer (status, whether the
// application ran, Access-Control-* and Vary), and compares all of it with
// the scenario. It also runs the scenarios against deliberately broken
// middlewares, which must fail, and runs `corsheaders check` (cmd/corsheaders,
// built once per run) on every scenario against the same servers, which must
// reach the browser's verdict (cli_test.go).
//
// dynamic_test.go adds two browser proofs of policies that change and
// differ, for every adapter: origins kept in a SQLite table (added: allowed
// without a restart; removed: refused; the database gone: the last good
// policy), and per-path policies giving each area its own verdict for the
// same page.
//
// TestTrustBrowser (trust_test.go) proves over https that the same policy
// guards CSRF (core.NewCrossOriginProtection), WebSockets
// (core.CheckWebSocketOrigin with gorilla/websocket and coder/websocket) and
// a gateway (core.DropUpstreamCORS), in a browser that blocks third-party
// cookies and one that allows them, and that each fails with its
// integration removed; docs/csrf.md describes it. recipes_test.go tests the
// recipes of docs/csrf.md without a browser.
//
// rpc_test.go holds core/presets against real servers (connectrpc.com/connect,
// the Go MCP SDK), behind HostGuard and EnforceOrigin, and their clients: the
// SDKs' Go clients in every go test, pages in Chromium in TestBrowserRPC;
// TestMCPOriginEnforced (rpc_guard_test.go) holds the MCP server to the
// specification's 403 for a foreign Origin; docs/rpc.md describes them.
//
// TestGuardBrowser (guard_test.go) proves, for every adapter, what
// Config.HostGuard and EnforceOrigin stop: an unlisted page's simple POST
// refused before the application runs, and a page at a name rebound to
// 127.0.0.1 refused on its same-origin requests, each against a control
// with the option off; docs/local-servers.md describes it.
//
// TestBrowserTenants (tenants_test.go) proves, for every adapter, that one
// middleware over a core.Tenants keyed by Host lets the page on tenant A's
// origin read tenant A's API host and not tenant B's, grants nothing on a
// host no tenant has, and follows a tenant's change while serving;
// docs/dynamic-origins.md describes it.
//
// caddy_test.go runs the scenarios (all but those with CheckRequest hooks)
// through a Caddy binary built with caddyadapter's cors directive, from a
// Caddyfile, in front of a file_server and a reverse-proxied upstream that
// sets CORS headers of its own, and compares the verdicts with chi's; and
// runs `caddy reload` with a new origin list under continuous requests.
//
// Run it with make e2e (bash e2e/run.sh), which installs Debian's chromium
// when it is missing and sets E2E=1. The variables it reads:
//
//	E2E=1                  run the browser suite (otherwise only the cheap replay tests run)
//	E2E_REQUIRE_BROWSER=1  run it, and fail rather than skip when no browser is found
//	E2E_CHROMIUM=path      the browser binary (default /usr/bin/chromium, then chromium in $PATH)
//	E2E_WRITE_DOCS=1       rewrite docs/browser-conformance.md with the results table
//	E2E_PARALLEL=n         scenarios run at once (default 4)
//	E2E_ONLY=text          run only the scenarios whose names contain text
//	E2E_CADDY=path         a Caddy already built from caddyadapter/internal/cmd/caddy (default: built once per run)
package e2e
