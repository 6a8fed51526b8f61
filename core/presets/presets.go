package presets

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/corsheaders/corsheaders/core"
)

// A Preset names one protocol's needs: the methods and request headers a
// preflight asks for, and the response headers the client reads. Presets
// are constants: what they add cannot be changed by a caller.
type Preset uint8

const (
	// Connect is the Connect protocol, unary and streaming, as
	// connectrpc.com/connect, connect-es and the other Connect
	// implementations speak it. A connect-go handler also answers gRPC-Web:
	// add GRPCWeb when a browser client uses that transport.
	Connect Preset = iota + 1
	// GRPCWeb is the gRPC-Web protocol, as the grpc-web and connect-es
	// clients speak it to a gRPC-Web proxy or to a server that serves it
	// directly (connect-go, Envoy's filter, improbable's wrapper). It
	// exposes gRPC's error message and details, so it refuses a Config
	// that allows every origin.
	GRPCWeb
	// MCP is the Model Context Protocol's Streamable HTTP transport,
	// revisions 2025-11-25 and 2026-07-28. It exposes Mcp-Session-Id,
	// which works as a bearer token for the session, so it refuses a
	// Config that allows every origin.
	MCP
)

// spec is what a preset adds, and why.
type spec struct {
	name    string
	methods []string
	headers []string
	expose  []string
	// secret names the exposed headers no site but those listed may
	// read; non-empty, the preset refuses AllowAllOrigins.
	secret string
}

// specs holds each preset's lists, names spelled as the protocols' Go SDKs
// send them; header names are compared case-insensitively, when merged as
// by browsers and core.
var specs = [...]spec{
	// Connect protocol reference, https://connectrpc.com/docs/protocol:
	//
	// Unary-Request → POST, Unary-Content-Type, [Connect-Protocol-Version]
	// [Timeout] (connect-timeout-ms) [Content-Encoding] [Accept-Encoding];
	// Unary-Get-Request → GET, [Timeout] [Accept-Encoding];
	// Streaming-Request → POST, Streaming-Content-Type,
	// [Connect-Protocol-Version] [Timeout] [connect-content-encoding]
	// [connect-accept-encoding].
	// Accept-Encoding is left out of the request headers: browsers set it
	// themselves and never let a script set it (a forbidden request-header
	// name), so a preflight never asks for it and core refuses it in
	// AllowHeaders.
	//
	// Unary-Response-Headers → [Content-Encoding] [Accept-Encoding];
	// Streaming-Response-Headers → [connect-content-encoding]
	// [connect-accept-encoding]. Content-Type is always readable. Trailing
	// metadata of a unary call travels as "Trailer-<name>" headers, one
	// per name the application uses: add those to ExposeHeaders.
	Connect: {
		name:    "Connect",
		methods: []string{"GET", "POST"},
		headers: []string{"Content-Type", "Connect-Protocol-Version", "Connect-Timeout-Ms", "Content-Encoding", "Connect-Content-Encoding", "Connect-Accept-Encoding"},
		expose:  []string{"Content-Encoding", "Accept-Encoding", "Connect-Content-Encoding", "Connect-Accept-Encoding"},
	},
	// gRPC-Web, https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-WEB.md,
	// a delta on gRPC over HTTP/2 (doc/PROTOCOL-HTTP2.md in the same
	// repository):
	//
	// "Access-Control-Allow-Methods to allow POST and (preflight) OPTIONS
	// only": POST. Request headers: Content-Type (application/grpc-web…)
	// and, from PROTOCOL-HTTP2's Call-Definition, Timeout (grpc-timeout),
	// Message-Encoding (grpc-encoding) and Message-Accept-Encoding
	// (grpc-accept-encoding): PROTOCOL-WEB leaves full-body compression to
	// the browser, but clients still announce the message encodings they
	// accept (connect-go's gRPC-Web client sends grpc-accept-encoding on
	// every call, connect-es when compression is set). X-Grpc-Web and
	// X-User-Agent are not in the document but are what the clients send:
	// grpc-web's JavaScript client and connect-es send "X-Grpc-Web: 1"
	// (proxies tell gRPC-Web requests by it) and put their user agent in
	// X-User-Agent, as scripts could not set User-Agent.
	//
	// Exposed: the status of a trailers-only response (an error) travels
	// in headers: Status (grpc-status), Status-Message (grpc-message) and
	// the rich error details, grpc-status-details-bin; PROTOCOL-HTTP2's
	// Response-Headers carry Message-Encoding (grpc-encoding) and
	// Message-Accept-Encoding (grpc-accept-encoding).
	GRPCWeb: {
		name:    "GRPCWeb",
		methods: []string{"POST"},
		headers: []string{"Content-Type", "Grpc-Timeout", "Grpc-Encoding", "Grpc-Accept-Encoding", "X-Grpc-Web", "X-User-Agent"},
		expose:  []string{"Grpc-Status", "Grpc-Message", "Grpc-Status-Details-Bin", "Grpc-Encoding", "Grpc-Accept-Encoding"},
		secret:  "Grpc-Message and Grpc-Status-Details-Bin (the server's error messages and details)",
	},
	// MCP Streamable HTTP, 2025-11-25,
	// https://modelcontextprotocol.io/specification/2025-11-25/basic/transports:
	//
	// POST sends every message, GET opens an SSE stream, DELETE ends a
	// session. Every POST carries Accept, listing application/json and
	// text/event-stream (CORS-safelisted up to 128 bytes: listed for a
	// client that names more types), and Content-Type: application/json
	// (not safelisted, so always preflighted); requests after
	// initialization carry MCP-Session-Id and MCP-Protocol-Version; a
	// client resuming a stream sends Last-Event-ID. The server assigns
	// MCP-Session-Id in the response to initialize, which the client must
	// read.
	//
	// 2026-07-28 (SEP-2243, basic/transports/streamable-http, "Standard
	// Request Headers") adds Mcp-Method on every request and Mcp-Name on
	// tools/call, resources/read and prompts/get; github.com/
	// modelcontextprotocol/go-sdk v1.8.0 speaks it first. The Mcp-Param-*
	// headers it also defines are named by each tool's input schema
	// (x-mcp-header): add the ones your tools declare to AllowHeaders.
	MCP: {
		name:    "MCP",
		methods: []string{"GET", "POST", "DELETE"},
		headers: []string{"Accept", "Content-Type", "Mcp-Session-Id", "Mcp-Protocol-Version", "Last-Event-ID", "Mcp-Method", "Mcp-Name"},
		expose:  []string{"Mcp-Session-Id"},
		secret:  "Mcp-Session-Id (a session ID works as a bearer token)",
	},
}

func (p Preset) spec() (spec, bool) {
	if p == 0 || int(p) >= len(specs) {
		return spec{}, false
	}
	return specs[p], true
}

// String is the preset's name, as in this package: "Connect", "GRPCWeb",
// "MCP".
func (p Preset) String() string {
	if s, ok := p.spec(); ok {
		return s.name
	}
	return fmt.Sprintf("Preset(%d)", uint8(p))
}

// Methods returns the methods the preset adds to AllowMethods, in a slice
// of the caller's own.
func (p Preset) Methods() []string { s, _ := p.spec(); return slices.Clone(s.methods) }

// Headers returns the request headers the preset adds to AllowHeaders, in
// a slice of the caller's own.
func (p Preset) Headers() []string { s, _ := p.spec(); return slices.Clone(s.headers) }

// ExposeHeaders returns the response headers the preset adds to
// ExposeHeaders, in a slice of the caller's own.
func (p Preset) ExposeHeaders() []string { s, _ := p.spec(); return slices.Clone(s.expose) }

// Apply adds the preset's methods, request headers and exposed headers to
// cfg: to AllowMethods and AllowHeaders, starting from
// [core.DefaultMethods] and [core.DefaultHeaders] when they are nil, as
// NewPolicy would, and to ExposeHeaders. A name already listed is not
// added again (header names in any case); the others are appended in the
// order the preset lists them, after cfg's own. The three fields get new
// slices: a slice cfg shared with another Config is left as it was.
//
// Apply changes only the top level of cfg: the Config of each rule in
// cfg.Paths keeps its own lists, to which Apply can be applied too.
//
// It leaves cfg unchanged and returns an error when p is not one of this
// package's presets, or a *core.ConfigError naming AllowAllOrigins when p
// exposes headers only listed origins may read (GRPCWeb, MCP) and
// cfg.AllowAllOrigins is set.
func (p Preset) Apply(cfg *core.Config) error {
	s, ok := p.spec()
	if !ok {
		return fmt.Errorf("corsheaders: presets: %v is not a preset; use presets.Connect, presets.GRPCWeb or presets.MCP", p)
	}
	if cfg.AllowAllOrigins && s.secret != "" {
		return &core.ConfigError{Field: "AllowAllOrigins", Index: -1, Value: "true",
			Problem: "the " + s.name + " preset exposes " + s.secret + ", which AllowAllOrigins would let every web site read",
			Fix:     "list the origins of your web application in AllowedOrigins"}
	}
	methods := cfg.AllowMethods
	if methods == nil {
		methods = core.DefaultMethods()
	}
	headers := cfg.AllowHeaders
	if headers == nil {
		headers = core.DefaultHeaders()
	}
	cfg.AllowMethods = merge(methods, s.methods, func(a, b string) bool { return a == b })
	cfg.AllowHeaders = merge(headers, s.headers, strings.EqualFold)
	cfg.ExposeHeaders = merge(cfg.ExposeHeaders, s.expose, strings.EqualFold)
	return nil
}

// With returns cfg with each preset applied in turn, as [Preset.Apply]
// does. The Config it returns holds slices of its own in AllowMethods,
// AllowHeaders and ExposeHeaders; cfg's are left as they were. When a
// preset cannot be applied, With returns the zero Config, which NewPolicy
// refuses, and every preset's error, joined.
func With(cfg core.Config, presets ...Preset) (core.Config, error) {
	cfg.AllowMethods = slices.Clone(cfg.AllowMethods) // nil stays nil: the defaults
	cfg.AllowHeaders = slices.Clone(cfg.AllowHeaders)
	cfg.ExposeHeaders = slices.Clone(cfg.ExposeHeaders)
	var errs []error
	for _, p := range presets {
		if err := p.Apply(&cfg); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return core.Config{}, errors.Join(errs...)
	}
	return cfg, nil
}

// merge returns a new slice: have, then each of add that have does not
// already hold (by same), in add's order.
func merge(have, add []string, same func(a, b string) bool) []string {
	out := make([]string, len(have), len(have)+len(add))
	copy(out, have)
	for _, a := range add {
		if !slices.ContainsFunc(out, func(h string) bool { return same(h, a) }) {
			out = append(out, a)
		}
	}
	return out
}
