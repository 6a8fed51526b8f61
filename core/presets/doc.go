// Package presets holds the request headers, exposed headers and methods
// that browser clients of three RPC protocols need a CORS policy to allow:
// [Connect], [GRPCWeb] and [MCP] (Streamable HTTP). A preset adds names to a
// [core.Config] that already says which origins are allowed; it never
// allows an origin itself:
//
//	cfg := core.Config{AllowedOrigins: []string{"https://app.example.com"}}
//	cfg, err := presets.With(cfg, presets.Connect)
//
// Each list is taken from the protocol's own specification, cited beside
// it in this package's source, and holds names only: never "*", and never
// Authorization, which an application that sends it adds itself (the
// Django defaults, which a nil AllowHeaders starts from, include it).
//
// A preset lets the allowed origins read answers; it protects nothing by
// itself. A Connect GET and a POST whose Content-Type is text/plain need no
// preflight, so any page can make a server run them whatever the policy
// says, and an attacker who rebinds a name to a local server's address is
// not cross-origin at all. A server on a developer's machine needs the
// Host and Origin checks described in docs/local-servers.md; docs/rpc.md
// gives the recipes for each framework.
//
// The package uses the standard library and core only.
package presets
