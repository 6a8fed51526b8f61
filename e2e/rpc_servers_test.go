package e2e

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"connectrpc.com/connect"
	"github.com/go-chi/chi/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/browsercheck"
	"github.com/corsheaders/corsheaders/core/presets"
)

// The RPC servers are real ones: a Connect service made with
// connectrpc.com/connect and an MCP server made with the Go MCP SDK
// (Streamable HTTP), each behind chiadapter with its protocol's preset,
// the Host guard (loopback names only) and Origin enforcement, and nothing
// else: AllowMethods and AllowHeaders start empty, so that what the preset
// lists is all a preflight can be granted. Every request they receive is
// recorded, with the answer's headers and, when the middleware refused it
// itself, the refusal's reason, so that the tests can hold the headers the
// clients send and read against the presets, and see who refused what.

// greetProcedure is the Connect service's one unary method. It is
// declared free of side effects, so that Connect clients may call it with
// GET; it counts its calls, which is how the tests see that it ran.
const greetProcedure = "/greet.v1.GreetService/Greet"

// The messages are plain Go structs, carried by connect's JSON codec
// replaced with encoding/json (jsonCodec): no protoc, no generated code.
type greetRequest struct {
	Name string `json:"name"`
}

type greetResponse struct {
	Greeting string `json:"greeting"`
}

// jsonCodec is the codec named "json" (Content-Type application/json for
// the Connect protocol, application/grpc-web+json for gRPC-Web), with
// encoding/json in place of the Protobuf JSON mapping, which needs
// generated message types. It is a connect.StableCodec, as a Connect GET
// requires (the message is in the URL): encoding/json writes a struct's
// fields in one order and sorts a map's keys.
type jsonCodec struct{}

func (jsonCodec) Name() string                        { return "json" }
func (jsonCodec) Marshal(v any) ([]byte, error)       { return json.Marshal(v) }
func (jsonCodec) MarshalStable(v any) ([]byte, error) { return json.Marshal(v) }
func (jsonCodec) IsBinary() bool                      { return false }
func (jsonCodec) Unmarshal(b []byte, v any) error     { return json.Unmarshal(b, v) }

// noteInput is the MCP tool's argument.
type noteInput struct {
	Text string `json:"text" jsonschema:"the note to write"`
}

// rpcApps are the applications behind the servers, and what they did:
// the visible side effects the tests look for.
type rpcApps struct {
	greets    atomic.Int64 // Greet calls that ran
	toolCalls atomic.Int64 // add_note calls that ran
	mu        sync.Mutex
	notes     []string // notes the MCP tool add_note wrote
}

func (a *rpcApps) notesWritten() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.notes)
}

// connectHandler is the Connect service: Connect, gRPC and gRPC-Web on one
// path, as connect-go serves them.
func (a *rpcApps) connectHandler() http.Handler {
	return connect.NewUnaryHandler(greetProcedure,
		func(_ context.Context, req *connect.Request[greetRequest]) (*connect.Response[greetResponse], error) {
			a.greets.Add(1)
			return connect.NewResponse(&greetResponse{Greeting: "Hello, " + req.Msg.Name + "!"}), nil
		},
		connect.WithCodec(jsonCodec{}),
		connect.WithIdempotency(connect.IdempotencyNoSideEffects),
	)
}

// mcpHandler is the MCP server: one tool, add_note, whose side effect is
// the note it keeps. The SDK's own protection against DNS rebinding stays
// on (requests reaching a loopback address must name a loopback Host), so
// clients call it at localhost. Stateful, it speaks the revisions up to
// 2025-11-25, with sessions; stateless, the SDK serves 2026-07-28 too.
func (a *rpcApps) mcpHandler(stateless bool) http.Handler {
	server := mcp.NewServer(&mcp.Implementation{Name: "notes", Version: "1.0.0"}, nil)
	mcp.AddTool(server, &mcp.Tool{Name: "add_note", Description: "Write a note."},
		func(_ context.Context, _ *mcp.CallToolRequest, in noteInput) (*mcp.CallToolResult, any, error) {
			a.toolCalls.Add(1)
			a.mu.Lock()
			a.notes = append(a.notes, in.Text)
			a.mu.Unlock()
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "noted: " + in.Text}}}, nil, nil
		})
	return mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, &mcp.StreamableHTTPOptions{Stateless: stateless})
}

// rpcExchange is one request an RPC server received and its answer.
type rpcExchange struct {
	Method, Path, Origin string
	// RequestMethod and RequestHeaders are a preflight's
	// Access-Control-Request-Method and -Headers.
	RequestMethod, RequestHeaders string
	// Sent are the request's header names, canonical.
	Sent []string
	// Status and Answer are the response's status and header names.
	Status int
	Answer []string
	// Refused is the reason (core.Reason.Key) for which the middleware
	// refused the request itself, HostGuard or EnforceOrigin; "" when it
	// did not.
	Refused string
}

func (e rpcExchange) preflight() bool {
	return e.Method == http.MethodOptions && e.RequestMethod != ""
}

func (e rpcExchange) String() string {
	s := e.Method + " " + e.Path + " Origin=" + strconv.Quote(e.Origin)
	if e.preflight() {
		s += " ACRM=" + e.RequestMethod + " ACRH=" + strconv.Quote(e.RequestHeaders)
	}
	s += " → " + strconv.Itoa(e.Status)
	if e.Refused != "" {
		s += " refused " + e.Refused
	}
	return s
}

// rpcServer is one RPC server on loopback, with its record.
type rpcServer struct {
	preset presets.Preset
	srv    *httptest.Server
	mu     sync.Mutex
	log    []rpcExchange
}

// rpcGuard says whether an RPC server is guarded: HostGuard with its
// default, this machine's names (localhost, 127.0.0.1, [::1]) at any port,
// and EnforceOrigin. Clients call the servers at localhost, a name both
// the guard and the MCP SDK's own check of the Host accept.
type rpcGuard bool

const (
	guarded   rpcGuard = true
	unguarded rpcGuard = false // the control: what the guard stops gets through
)

// startRPCServer serves app on a loopback port, behind chiadapter with a
// policy allowing origins and nothing but p's methods and headers, with
// the Host guard and Origin enforcement when g is guarded, and behind the
// recorder, outermost, which sees what the middleware answers.
func startRPCServer(t testing.TB, p presets.Preset, g rpcGuard, path string, app http.Handler, origins ...string) *rpcServer {
	t.Helper()
	cfg, err := presets.With(core.Config{
		AllowedOrigins: origins,
		AllowMethods:   []string{},
		AllowHeaders:   []string{},
		HostGuard:      bool(g),
		EnforceOrigin:  bool(g),
	}, p)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DebugLogger = slog.New(refusalLog{})
	s := &rpcServer{preset: p}
	r := chi.NewRouter()
	r.Use(chiadapter.New(cfg))
	r.Handle(path, app)
	s.srv = httptest.NewServer(s.record(r))
	t.Cleanup(s.srv.Close)
	return s
}

// refusalSlot is where refusalLog writes the reason of the middleware's own
// refusal of a request: the recorder puts one in each request's context,
// which the DebugLogger's records carry.
type refusalSlot struct{}

// refusalLog is the RPC servers' DebugLogger: it keeps the reason of each
// refusal by HostGuard or EnforceOrigin in the request's refusalSlot, the
// marker that the middleware refused it (not CORS, nor the SDK).
type refusalLog struct{}

func (refusalLog) Enabled(context.Context, slog.Level) bool { return true }
func (refusalLog) Handle(ctx context.Context, r slog.Record) error {
	slot, _ := ctx.Value(refusalSlot{}).(*string)
	r.Attrs(func(a slog.Attr) bool {
		if a.Key != "reason" || slot == nil {
			return true
		}
		switch k := a.Value.String(); k {
		case core.ReasonHostNotAllowed.Key(), core.ReasonOriginEnforced.Key(), core.ReasonCrossSiteWithoutOrigin.Key():
			*slot = k
		}
		return false
	})
	return nil
}
func (l refusalLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l refusalLog) WithGroup(string) slog.Handler      { return l }

// URL is the server's address at localhost, a name the MCP SDK's check
// of the Host header accepts.
func (s *rpcServer) URL(path string) string {
	return "http://localhost:" + strconv.Itoa(s.srv.Listener.Addr().(*net.TCPAddr).Port) + path
}

func (s *rpcServer) exchanges() []rpcExchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

func (s *rpcServer) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e := rpcExchange{
			Method: r.Method, Path: r.URL.Path, Origin: r.Header.Get("Origin"),
			RequestMethod:  r.Header.Get("Access-Control-Request-Method"),
			RequestHeaders: strings.Join(r.Header.Values("Access-Control-Request-Headers"), ","),
		}
		for name := range r.Header {
			e.Sent = append(e.Sent, name)
		}
		slices.Sort(e.Sent)
		refused := new(string)
		rw := &rpcRecorder{ResponseWriter: w, done: func(status int, names []string) {
			// Recorded as the answer's header leaves, before the client
			// can see it.
			e.Status, e.Answer, e.Refused = status, names, *refused
			s.mu.Lock()
			s.log = append(s.log, e)
			s.mu.Unlock()
		}}
		next.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), refusalSlot{}, refused)))
		rw.snapshot(http.StatusOK)
	})
}

// rpcRecorder notes the status and header names of a response as they
// leave and passes them to done, passing Flush through for the MCP
// server's event streams.
type rpcRecorder struct {
	http.ResponseWriter
	done func(status int, names []string)
	sent bool
}

func (w *rpcRecorder) snapshot(status int) {
	if w.sent {
		return
	}
	w.sent = true
	var names []string
	for name := range w.Header() {
		names = append(names, name)
	}
	slices.Sort(names)
	w.done(status, names)
}

func (w *rpcRecorder) WriteHeader(status int) {
	w.snapshot(status)
	w.ResponseWriter.WriteHeader(status)
}

func (w *rpcRecorder) Write(b []byte) (int, error) {
	w.snapshot(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

func (w *rpcRecorder) Flush() {
	w.snapshot(http.StatusOK)
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *rpcRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// browserSet are request headers a client sends that a page's script
// never asks a preflight for: the forbidden names the browser sets itself
// (browsercheck leaves those out) and User-Agent, which Go's clients send
// and a browser sets itself (Chromium ignores a script's).
var browserSet = []string{"user-agent"}

// notInPreset returns the request headers of h that a browser page sending
// them would ask a preflight for and that p does not list.
func notInPreset(p presets.Preset, h http.Header) []string {
	var missing []string
	for _, name := range browsercheck.UnsafeHeaderNames(h) {
		if slices.Contains(browserSet, name) || containsFold(p.Headers(), name) {
			continue
		}
		missing = append(missing, name)
	}
	return missing
}

// transportHeaders are response headers no RPC client reads as a protocol
// header: HTTP's own framing and dates, and the CORS headers themselves.
var transportHeaders = []string{"Connection", "Date", "Keep-Alive", "Transfer-Encoding", "Vary", "Allow"}

// unexposed returns the names of a response's headers, from an allowed
// origin's request, that a client of p may read and p does not expose:
// every one but the always readable, the transport's and CORS's own.
func unexposed(p presets.Preset, answer []string) []string {
	var missing []string
	for _, name := range answer {
		switch {
		case browsercheck.IsSafelistedResponseHeader(name),
			slices.Contains(transportHeaders, name),
			strings.HasPrefix(name, "Access-Control-"),
			containsFold(p.ExposeHeaders(), name):
			continue
		}
		missing = append(missing, name)
	}
	return missing
}

func containsFold(list []string, name string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, name) })
}
