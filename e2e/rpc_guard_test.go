package e2e

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/presets"
)

// originTransport sends every request with Origin set to origin, as a
// browser page on that origin would.
type originTransport struct{ origin string }

func (t originTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Origin", t.origin)
	return http.DefaultTransport.RoundTrip(r)
}

// TestMCPOriginEnforced holds the MCP server, behind chiadapter with the
// MCP preset, HostGuard and EnforceOrigin, to what the MCP specification
// (2025-11-25, Streamable HTTP, security warning) requires: a request whose
// Origin is present and not allowed is answered 403 Forbidden, whatever
// its method, content type or session. A session opened by a client on
// the allowed origin is used with a foreign Origin: its tool call, its
// event stream and its DELETE are refused by the middleware (its log says
// origin_enforced) and the tool does not run; the session still works for
// its own client afterwards. Requests without Origin, same-origin ones
// and the allowed origin's pass; a request a browser marks cross-site
// without Origin, and one whose Host was rebound to this server, are
// refused too.
func TestMCPOriginEnforced(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const allowed = "http://app.example.test"
	apps := &rpcApps{}
	s := startRPCServer(t, presets.MCP, guarded, "/mcp", apps.mcpHandler(false), allowed)
	endpoint := s.URL("/mcp")
	port := strconv.Itoa(s.srv.Listener.Addr().(*net.TCPAddr).Port)

	// The allowed origin's client opens a session and calls the tool.
	client := mcp.NewClient(&mcp.Implementation{Name: "allowed-page", Version: "1.0.0"}, nil)
	session, err := client.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: endpoint,
		HTTPClient: &http.Client{Transport: originTransport{allowed}}}, &mcp.ClientSessionOptions{ProtocolVersion: "2025-11-25"})
	require.NoError(t, err)
	defer session.Close()
	call := func(text string) error {
		res, err := session.CallTool(ctx, &mcp.CallToolParams{Name: "add_note", Arguments: map[string]any{"text": text}})
		if err == nil && res.IsError {
			t.Fatalf("add_note: %+v", res)
		}
		return err
	}
	require.NoError(t, call("from the allowed origin"))
	require.Equal(t, int64(1), apps.toolCalls.Load())

	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}`
	toolCall := `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"add_note","arguments":{"text":"from a foreign origin"}}}`
	inSession := map[string]string{"Mcp-Session-Id": session.ID(), "Mcp-Protocol-Version": "2025-11-25"}
	for _, c := range []struct {
		name         string
		method, body string
		host         string // "" for localhost:PORT
		header       map[string]string
		want         int
		refused      core.Reason // 0: not refused by the middleware
	}{
		{name: "foreign Origin, initialize", method: "POST", body: initialize,
			header: map[string]string{"Origin": "http://evil.test"}, want: 403, refused: core.ReasonOriginEnforced},
		{name: "foreign Origin, tool call in the allowed origin's session", method: "POST", body: toolCall,
			header: withHeader(inSession, "Origin", "https://evil.example"), want: 403, refused: core.ReasonOriginEnforced},
		{name: "foreign Origin, text/plain tool call", method: "POST", body: toolCall,
			header: withHeader(withHeader(inSession, "Origin", "http://evil.test"), "Content-Type", "text/plain"), want: 403, refused: core.ReasonOriginEnforced},
		{name: "foreign Origin, event stream", method: "GET",
			header: withHeader(withHeader(inSession, "Origin", "http://evil.test"), "Accept", "text/event-stream"), want: 403, refused: core.ReasonOriginEnforced},
		{name: "foreign Origin, DELETE of the session", method: "DELETE",
			header: withHeader(inSession, "Origin", "http://evil.test"), want: 403, refused: core.ReasonOriginEnforced},
		{name: "Origin null (a sandboxed frame)", method: "POST", body: toolCall,
			header: withHeader(inSession, "Origin", "null"), want: 403, refused: core.ReasonOriginEnforced},
		{name: "the allowed origin on another port", method: "POST", body: initialize,
			header: map[string]string{"Origin": allowed + ":8080"}, want: 403, refused: core.ReasonOriginEnforced},
		{name: "no Origin, Sec-Fetch-Site cross-site (a page's no-cors request)", method: "GET",
			header: withHeader(inSession, "Sec-Fetch-Site", "cross-site"), want: 403, refused: core.ReasonCrossSiteWithoutOrigin},
		{name: "rebound name, same-origin", method: "POST", body: toolCall, host: "rebind.test:" + port,
			header: withHeader(inSession, "Origin", "http://rebind.test:"+port), want: 403, refused: core.ReasonHostNotAllowed},
		{name: "same-origin", method: "POST", body: initialize,
			header: map[string]string{"Origin": "http://localhost:" + port}, want: 200},
		{name: "the allowed origin", method: "POST", body: initialize,
			header: map[string]string{"Origin": allowed}, want: 200},
		{name: "no Origin (a program, not a page)", method: "POST", body: initialize, want: 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := len(s.exchanges())
			req, err := http.NewRequestWithContext(ctx, c.method, endpoint, strings.NewReader(c.body))
			require.NoError(t, err)
			if c.host != "" {
				req.Host = c.host
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			_ = res.Body.Close()
			assert.Equal(t, c.want, res.StatusCode)
			// This request's exchange, not one of the session's client,
			// whose event stream may end meanwhile.
			var ex []rpcExchange
			for _, e := range s.exchanges()[before:] {
				if e.Method == c.method && e.Origin == c.header["Origin"] {
					ex = append(ex, e)
				}
			}
			require.Len(t, ex, 1)
			if c.refused != 0 {
				assert.Equal(t, c.refused.Key(), ex[0].Refused, "the middleware refused it: %s", ex[0])
				assert.Empty(t, res.Header.Get("Access-Control-Allow-Origin"))
			} else {
				assert.Empty(t, ex[0].Refused, "%s", ex[0])
			}
		})
	}
	assert.Equal(t, int64(1), apps.toolCalls.Load(), "the tool ran for a refused request")
	assert.Equal(t, []string{"from the allowed origin"}, apps.notesWritten())

	// The refused DELETE ended nothing: the session still serves its client.
	require.NoError(t, call("again from the allowed origin"))
	assert.Equal(t, int64(2), apps.toolCalls.Load())
}

// withHeader returns a copy of h with name set to v.
func withHeader(h map[string]string, name, v string) map[string]string {
	out := map[string]string{name: v}
	for k, w := range h {
		if k != name {
			out[k] = w
		}
	}
	return out
}
