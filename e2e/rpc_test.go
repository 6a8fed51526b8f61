package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/browsercheck"
	"github.com/corsheaders/corsheaders/core/presets"
)

// The RPC tests hold the presets against what real clients and servers
// send and read, with the servers behind the Host guard and Origin
// enforcement. TestRPCClientHeaders runs the Go clients of both SDKs
// (connect-go for Connect and gRPC-Web, the MCP SDK's client in the
// protocol revision it speaks first, 2026-07-28, and in 2025-11-25) against
// the servers, without a browser: every request header a page would have
// to ask a preflight for, every method, and every response header a client
// may read must be in the protocol's preset; the clients send no Origin,
// so enforcement lets them through. TestBrowserRPC calls the same servers
// from pages in Chromium; TestMCPOriginEnforced holds the MCP server to
// the specification's 403 for an Origin it does not allow.

// recordingTransport keeps a copy of every request a Go client sends.
type recordingTransport struct {
	mu   sync.Mutex
	sent []*http.Request
}

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.sent = append(rt.sent, r.Clone(context.Background()))
	rt.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func (rt *recordingTransport) requests() []*http.Request {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return slices.Clone(rt.sent)
}

// checkAgainstPreset fails t for each method and request header of sent,
// and each response header the server answered with, that s's preset
// lacks; it logs what it saw.
func checkAgainstPreset(t *testing.T, label string, s *rpcServer, sent []*http.Request) {
	t.Helper()
	p := s.preset
	require.NotEmpty(t, sent, "%s: the client sent nothing", label)
	seen := map[string]bool{}
	for _, r := range sent {
		if !slices.Contains(p.Methods(), r.Method) {
			t.Errorf("%s: the client sent %s, which the %v preset does not list", label, r.Method, p)
		}
		if missing := notInPreset(p, r.Header); len(missing) > 0 {
			t.Errorf("%s: %s %s sent %q, missing from the %v preset", label, r.Method, r.URL.Path, missing, p)
		}
		for _, name := range browsercheck.UnsafeHeaderNames(r.Header) {
			seen[name] = true
		}
	}
	answered := map[string]bool{}
	for _, e := range s.exchanges() {
		if missing := unexposed(p, e.Answer); len(missing) > 0 {
			t.Errorf("%s: %s %s answered %q, which the %v preset does not expose", label, e.Method, e.Path, missing, p)
		}
		for _, name := range e.Answer {
			answered[name] = true
		}
	}
	t.Logf("%s: the client sent %s; the server answered with %s", label, setString(seen), setString(answered))
}

func setString(m map[string]bool) string {
	var names []string
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, ",")
}

// TestRPCClientHeaders: the headers and methods the Go clients of
// connect-go and the MCP SDK send, and the headers the servers answer
// with, are all in the protocol's preset.
func TestRPCClientHeaders(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	apps := &rpcApps{}
	const origin = "http://app.example.test"

	t.Run("Connect", func(t *testing.T) {
		s := startRPCServer(t, presets.Connect, guarded, greetProcedure, apps.connectHandler(), origin)
		rt := &recordingTransport{}
		hc := &http.Client{Transport: rt}
		post := connect.NewClient[greetRequest, greetResponse](hc, s.URL(greetProcedure), connect.WithCodec(jsonCodec{}))
		get := connect.NewClient[greetRequest, greetResponse](hc, s.URL(greetProcedure), connect.WithCodec(jsonCodec{}),
			connect.WithHTTPGet(), connect.WithIdempotency(connect.IdempotencyNoSideEffects))
		deadline, cancelCall := context.WithTimeout(ctx, 10*time.Second) // sent as Connect-Timeout-Ms
		defer cancelCall()
		for _, c := range []*connect.Client[greetRequest, greetResponse]{post, get} {
			res, err := c.CallUnary(deadline, connect.NewRequest(&greetRequest{Name: "Go"}))
			require.NoError(t, err)
			assert.Equal(t, "Hello, Go!", res.Msg.Greeting)
		}
		sent := rt.requests()
		assert.Equal(t, []string{http.MethodPost, http.MethodGet}, []string{sent[0].Method, sent[1].Method})
		checkAgainstPreset(t, "connect-go, Connect protocol", s, sent)
	})

	t.Run("gRPC-Web", func(t *testing.T) {
		s := startRPCServer(t, presets.GRPCWeb, guarded, greetProcedure, apps.connectHandler(), origin)
		rt := &recordingTransport{}
		c := connect.NewClient[greetRequest, greetResponse](&http.Client{Transport: rt}, s.URL(greetProcedure),
			connect.WithCodec(jsonCodec{}), connect.WithGRPCWeb())
		deadline, cancelCall := context.WithTimeout(ctx, 10*time.Second) // sent as Grpc-Timeout
		defer cancelCall()
		res, err := c.CallUnary(deadline, connect.NewRequest(&greetRequest{Name: "Go"}))
		require.NoError(t, err)
		assert.Equal(t, "Hello, Go!", res.Msg.Greeting)
		checkAgainstPreset(t, "connect-go, gRPC-Web", s, rt.requests())
	})

	for _, c := range []struct {
		version   string // asked for by the client; "" the SDK's choice
		stateless bool
		want      string // negotiated
	}{
		{"", true, "2026-07-28"},
		{"", false, "2025-11-25"}, // after trying 2026-07-28, which a stateful server refuses
		{"2025-11-25", false, "2025-11-25"},
	} {
		name := fmt.Sprintf("MCP %s, stateless %v", cmpOr(c.version, "SDK default"), c.stateless)
		t.Run(name, func(t *testing.T) {
			s := startRPCServer(t, presets.MCP, guarded, "/mcp", apps.mcpHandler(c.stateless), origin)
			rt := &recordingTransport{}
			client := mcp.NewClient(&mcp.Implementation{Name: "go-client", Version: "1.0.0"}, nil)
			session, err := client.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: s.URL("/mcp"), HTTPClient: &http.Client{Transport: rt}},
				&mcp.ClientSessionOptions{ProtocolVersion: c.version})
			require.NoError(t, err)
			note := "from the Go client, " + name
			res, err := session.CallTool(ctx, &mcp.CallToolParams{Name: "add_note", Arguments: map[string]any{"text": note}})
			require.NoError(t, err)
			require.False(t, res.IsError, "%+v", res)
			assert.Contains(t, apps.notesWritten(), note)
			require.NoError(t, session.Close())
			assert.Equal(t, c.want, session.InitializeResult().ProtocolVersion, "negotiated")
			checkAgainstPreset(t, "go-sdk client, "+name, s, rt.requests())
		})
	}
}

func cmpOr(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

// rpcScript is what a page runs against the two servers: a Connect unary
// call with fetch and the Connect protocol's headers, the same call as a
// Connect GET (no preflight), with cfg.simple the same calls as POSTs
// that need no preflight (text/plain), then an MCP session in the 2025-11-25
// revision: initialize, reading Mcp-Session-Id from the answer, the
// initialized notification, a call of the add_note tool, and DELETE. It
// resolves to each step's status, the headers the script could read and
// the body, or the error fetch threw.
const rpcScript = `(async () => {
	const cfg = %s;
	const steps = [];
	const call = async (label, url, init) => {
		try {
			const res = await fetch(url, Object.assign({mode: 'cors', cache: 'no-store'}, init));
			const headers = {};
			res.headers.forEach((v, k) => { headers[k] = v; });
			const step = {label, status: res.status, headers, body: await res.text()};
			steps.push(step);
			return step;
		} catch (e) {
			steps.push({label, error: e.name + ': ' + e.message});
			return null;
		}
	};
	await call('connect', cfg.connect, {method: 'POST',
		headers: {'Content-Type': 'application/json', 'Connect-Protocol-Version': '1', 'Connect-Timeout-Ms': '10000'},
		body: JSON.stringify({name: cfg.name})});
	await call('connect GET', cfg.connect + '?connect=v1&encoding=json&message=' + encodeURIComponent(JSON.stringify({name: cfg.name})), {method: 'GET'});
	if (cfg.simple) {
		// No preflight: text/plain is CORS-safelisted.
		await call('connect text/plain', cfg.connect, {method: 'POST', headers: {'Content-Type': 'text/plain'},
			body: JSON.stringify({name: cfg.name})});
		await call('mcp text/plain', cfg.mcp, {method: 'POST', headers: {'Content-Type': 'text/plain'},
			body: JSON.stringify({jsonrpc: '2.0', id: 1, method: 'tools/call', params: {name: 'add_note', arguments: {text: cfg.name}}})});
	}
	const post = {'Content-Type': 'application/json', 'Accept': 'application/json, text/event-stream'};
	const init = await call('initialize', cfg.mcp, {method: 'POST', headers: post,
		body: JSON.stringify({jsonrpc: '2.0', id: 1, method: 'initialize',
			params: {protocolVersion: '2025-11-25', capabilities: {}, clientInfo: {name: 'page', version: '1.0.0'}}})});
	const session = init && init.headers['mcp-session-id'];
	if (!session) return steps;
	const inSession = {'Mcp-Session-Id': session, 'Mcp-Protocol-Version': '2025-11-25'};
	await call('initialized', cfg.mcp, {method: 'POST', headers: Object.assign({}, post, inSession),
		body: JSON.stringify({jsonrpc: '2.0', method: 'notifications/initialized'})});
	await call('tools/call', cfg.mcp, {method: 'POST', headers: Object.assign({}, post, inSession),
		body: JSON.stringify({jsonrpc: '2.0', id: 2, method: 'tools/call', params: {name: 'add_note', arguments: {text: cfg.name}}})});
	await call('DELETE', cfg.mcp, {method: 'DELETE', headers: inSession});
	return steps;
})()`

// rpcStep is one fetch() of rpcScript, as the page saw it.
type rpcStep struct {
	Label   string            `json:"label"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
	Error   string            `json:"error"`
}

func (s rpcStep) String() string {
	if s.Error != "" {
		return s.Label + ": " + s.Error
	}
	return fmt.Sprintf("%s: %d %v %.200q", s.Label, s.Status, s.Headers, s.Body)
}

// runRPCPage runs rpcScript in tab on pageURL and returns its steps by
// label.
func runRPCPage(t *testing.T, tb *tab, pageURL string, cfg map[string]string) map[string]rpcStep {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(pageURL)))
	tb.page = pageURL
	js, err := json.Marshal(cfg)
	require.NoError(t, err)
	steps, err := chromedp.Run(ctx, chromedp.Evaluate[[]rpcStep](fmt.Sprintf(rpcScript, js), chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	byLabel := map[string]rpcStep{}
	for _, s := range steps {
		t.Logf("%s: %s", pageURL, s)
		byLabel[s.Label] = s
	}
	return byLabel
}

// TestBrowserRPC: in Chromium, a page on an allowed origin calls the
// Connect service (a unary call with the Connect protocol's headers, and a
// Connect GET) and the MCP server (initialize, reading Mcp-Session-Id, a
// tool call, DELETE), each behind chiadapter with nothing but its preset
// (AllowHeaders and AllowMethods start empty), the Host guard and Origin
// enforcement, and succeeds; every header its preflights asked for and
// every header the servers answered with is in the preset. A page on an
// unlisted origin can read nothing and runs nothing: its preflights are
// refused, and the requests that need no preflight (the Connect GET, the
// text/plain POSTs to both servers) are refused 403 by the middleware,
// which says so in its log, before the SDKs see them. The control, the
// same servers without the guard, shows what that stops: the unlisted
// page's Connect GET runs the service (a preset decides who reads, not
// who reaches), and its text/plain POSTs reach both SDKs, which answer 415.
func TestBrowserRPC(t *testing.T) {
	c := needBrowser(t)
	pages := startPages(t)
	pagePort := strconv.Itoa(pages.ports().Page)
	allowed := "http://app.example.test:" + pagePort
	unlisted := "http://evil.test:" + pagePort

	apps := &rpcApps{}
	cs := startRPCServer(t, presets.Connect, guarded, greetProcedure, apps.connectHandler(), allowed)
	ms := startRPCServer(t, presets.MCP, guarded, "/mcp", apps.mcpHandler(false), allowed)
	tb, err := c.newTab()
	require.NoError(t, err)
	defer tb.close()
	cfg := func(cs, ms *rpcServer, name string) map[string]string {
		return map[string]string{"connect": cs.URL(greetProcedure), "mcp": ms.URL("/mcp"), "name": name}
	}

	t.Run("allowed origin calls both", func(t *testing.T) {
		steps := runRPCPage(t, tb, allowed+"/", cfg(cs, ms, "allowed page"))
		for _, label := range []string{"connect", "connect GET"} {
			s := steps[label]
			if assert.Empty(t, s.Error, label) && assert.Equal(t, http.StatusOK, s.Status, "%s: %s", label, s) {
				assert.JSONEq(t, `{"greeting":"Hello, allowed page!"}`, s.Body, label)
			}
		}
		assert.Equal(t, int64(2), apps.greets.Load(), "the Connect service ran once per call")

		init := steps["initialize"]
		require.Empty(t, init.Error, "initialize")
		require.Equal(t, http.StatusOK, init.Status, "initialize: %s", init)
		assert.NotEmpty(t, init.Headers["mcp-session-id"], "the page read Mcp-Session-Id")
		assert.Contains(t, init.Body, `"protocolVersion":"2025-11-25"`)
		assert.Equal(t, http.StatusAccepted, steps["initialized"].Status, "initialized: %s", steps["initialized"])
		call := steps["tools/call"]
		assert.Equal(t, http.StatusOK, call.Status, "tools/call: %s", call)
		assert.Contains(t, call.Body, "noted: allowed page")
		assert.Contains(t, apps.notesWritten(), "allowed page", "the tool ran")
		assert.Equal(t, int64(1), apps.toolCalls.Load(), "the tool ran once")
		del := steps["DELETE"]
		assert.True(t, del.Error == "" && del.Status/100 == 2, "DELETE: %s", del)

		for _, s := range []*rpcServer{cs, ms} {
			checkPageExchanges(t, s, allowed, steps)
		}
	})

	t.Run("unlisted origin reaches nothing", func(t *testing.T) {
		greets, tools := apps.greets.Load(), apps.toolCalls.Load()
		page := cfg(cs, ms, "unlisted page")
		page["simple"] = "1"
		steps := runRPCPage(t, tb, unlisted+"/", page)
		for _, label := range []string{"connect", "connect GET", "connect text/plain", "mcp text/plain", "initialize"} {
			assert.Contains(t, steps[label].Error, "TypeError", "%s from %s: %s", label, unlisted, steps[label])
		}
		assert.NotContains(t, steps, "tools/call", "no session, no tool call")
		assert.Equal(t, greets, apps.greets.Load(), "the Connect service ran for the unlisted page")
		assert.Equal(t, tools, apps.toolCalls.Load(), "the MCP tool ran for the unlisted page")

		// What needs no preflight reached the middleware, which refused
		// it; what does was refused at its preflight.
		want := map[*rpcServer][]string{
			cs: {"GET " + greetProcedure, "POST " + greetProcedure},
			ms: {"POST /mcp"},
		}
		for _, s := range []*rpcServer{cs, ms} {
			var refused []string
			for _, e := range s.exchanges() {
				if e.Origin != unlisted {
					continue
				}
				assert.Equal(t, http.StatusForbidden, e.Status, "%v: %s", s.preset, e)
				assert.NotContains(t, e.Answer, "Access-Control-Allow-Origin", "%v: %s", s.preset, e)
				if e.preflight() {
					assert.Empty(t, e.Refused, "%v: a preflight is refused by CORS, as without enforcement: %s", s.preset, e)
					continue
				}
				assert.Equal(t, core.ReasonOriginEnforced.Key(), e.Refused, "%v: the middleware's refusal: %s", s.preset, e)
				refused = append(refused, e.Method+" "+e.Path)
			}
			slices.Sort(refused)
			assert.Equal(t, want[s], refused, "%v: the requests the middleware refused", s.preset)
		}
	})

	t.Run("control: unguarded servers run the unlisted page's GET", func(t *testing.T) {
		uc := startRPCServer(t, presets.Connect, unguarded, greetProcedure, apps.connectHandler(), allowed)
		um := startRPCServer(t, presets.MCP, unguarded, "/mcp", apps.mcpHandler(false), allowed)
		greets, tools := apps.greets.Load(), apps.toolCalls.Load()
		page := cfg(uc, um, "unlisted page, control")
		page["simple"] = "1"
		steps := runRPCPage(t, tb, unlisted+"/", page)
		for _, label := range []string{"connect", "connect GET", "connect text/plain", "mcp text/plain", "initialize"} {
			assert.Contains(t, steps[label].Error, "TypeError", "%s from %s: %s", label, unlisted, steps[label])
		}
		// Reach without read: the GET needed no preflight.
		assert.Equal(t, greets+1, apps.greets.Load(), "without the guard, the unlisted page's Connect GET runs the service")
		assert.Equal(t, tools, apps.toolCalls.Load(), "the MCP SDK refuses text/plain before the tool runs")
		for _, s := range []*rpcServer{uc, um} {
			for _, e := range s.exchanges() {
				if e.Origin != unlisted || e.preflight() {
					continue
				}
				assert.Empty(t, e.Refused, "%v: %s", s.preset, e)
				if e.Method == http.MethodPost {
					// The SDKs refuse the content type, not the origin.
					assert.Equal(t, http.StatusUnsupportedMediaType, e.Status, "%v: %s", s.preset, e)
				}
			}
		}
	})
}

// checkPageExchanges checks what s received from the page on origin: each
// preflight asked for a method and headers the preset lists, and was
// granted; each answer's headers a client may read are exposed by the
// preset; and what the page read beyond the always readable is exposed.
func checkPageExchanges(t *testing.T, s *rpcServer, origin string, steps map[string]rpcStep) {
	t.Helper()
	p := s.preset
	asked := map[string]bool{}
	for _, e := range s.exchanges() {
		if e.Origin != origin {
			continue
		}
		assert.Empty(t, e.Refused, "%v: the middleware refused the page on an allowed origin: %s", p, e)
		if e.preflight() {
			assert.Equal(t, http.StatusNoContent, e.Status, "%v: %s", p, e)
			assert.Contains(t, p.Methods(), e.RequestMethod, "%v: the page asked for a method the preset lacks: %s", p, e)
			for name := range strings.SplitSeq(e.RequestHeaders, ",") {
				if name == "" {
					continue
				}
				asked[name] = true
				assert.True(t, containsFold(p.Headers(), name), "%v: the page asked for %q, which the preset lacks: %s", p, name, e)
			}
			continue
		}
		assert.Empty(t, unexposed(p, e.Answer), "%v: %s answered headers the preset does not expose", p, e)
	}
	t.Logf("%v: Chromium's preflights asked for %s", p, setString(asked))
	for _, step := range steps {
		for name := range step.Headers {
			if !browsercheck.IsSafelistedResponseHeader(name) {
				read := containsFold(p.ExposeHeaders(), name) || !relatedTo(p, step.Label)
				assert.True(t, read, "%v: the page read %q (%s), which the preset does not expose", p, name, step.Label)
			}
		}
	}
}

// relatedTo reports whether the page's step was a call of p's server.
func relatedTo(p presets.Preset, label string) bool {
	return strings.HasPrefix(label, "connect") == (p == presets.Connect)
}
