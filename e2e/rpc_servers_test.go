package e2e

import (
	"context"
	"encoding/json"
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
// (Streamable HTTP), each behind chiadapter with its protocol's preset and
// nothing else: AllowMethods and AllowHeaders start empty, so that what the
// preset lists is all a preflight can be granted. Every request they
// receive is recorded, with the answer's headers, so that the tests can
// hold the headers the clients send and read against the presets.

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
	greets atomic.Int64 // Greet calls that ran
	mu     sync.Mutex
	notes  []string // notes the MCP tool add_note wrote
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
}

func (e rpcExchange) preflight() bool {
	return e.Method == http.MethodOptions && e.RequestMethod != ""
}

func (e rpcExchange) String() string {
	s := e.Method + " " + e.Path + " Origin=" + strconv.Quote(e.Origin)
	if e.preflight() {
		s += " ACRM=" + e.RequestMethod + " ACRH=" + strconv.Quote(e.RequestHeaders)
	}
	return s + " → " + strconv.Itoa(e.Status)
}

// rpcServer is one RPC server on loopback, with its record.
type rpcServer struct {
	preset presets.Preset
	srv    *httptest.Server
	mu     sync.Mutex
	log    []rpcExchange
}

// startRPCServer serves app on a loopback port, behind chiadapter with a
// policy allowing origins and nothing but p's methods and headers, and
// behind the recorder, outermost, which sees what the middleware answers.
func startRPCServer(t testing.TB, p presets.Preset, path string, app http.Handler, origins ...string) *rpcServer {
	t.Helper()
	cfg, err := presets.With(core.Config{
		AllowedOrigins: origins,
		AllowMethods:   []string{},
		AllowHeaders:   []string{},
	}, p)
	if err != nil {
		t.Fatal(err)
	}
	r := chi.NewRouter()
	r.Use(chiadapter.New(cfg))
	r.Handle(path, app)
	s := &rpcServer{preset: p}
	s.srv = httptest.NewServer(s.record(r))
	t.Cleanup(s.srv.Close)
	return s
}

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
		rw := &rpcRecorder{ResponseWriter: w}
		next.ServeHTTP(rw, r)
		rw.snapshot(http.StatusOK)
		e.Status, e.Answer = rw.status, rw.names
		s.mu.Lock()
		s.log = append(s.log, e)
		s.mu.Unlock()
	})
}

// rpcRecorder notes the status and header names of a response as they
// leave, passing Flush through for the MCP server's event streams.
type rpcRecorder struct {
	http.ResponseWriter
	status int
	names  []string
}

func (w *rpcRecorder) snapshot(status int) {
	if w.status != 0 {
		return
	}
	w.status = status
	for name := range w.Header() {
		w.names = append(w.names, name)
	}
	slices.Sort(w.names)
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
