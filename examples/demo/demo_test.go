package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
)

// syncBuffer is the demo's output, written by the servers' goroutines and
// read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startDemo runs the demo as make demo does, on ports of the system's
// choosing, and stops it when the test ends.
func startDemo(t *testing.T, env map[string]string, args ...string) (urls, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	ready := make(chan urls, 1)
	exited := make(chan int, 1)
	args = append([]string{"-api", "127.0.0.1:0", "-page", "127.0.0.1:0"}, args...)
	go func() {
		exited <- run(ctx, args, environ(env), out, out, func(u urls) { ready <- u })
	}()
	select {
	case u := <-ready:
		t.Cleanup(func() {
			cancel()
			assert.Equal(t, 0, <-exited, "exit code; output:\n%s", out)
		})
		return u, out
	case code := <-exited:
		cancel()
		t.Fatalf("the demo exited with %d:\n%s", code, out)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("the demo did not start")
	}
	return urls{}, nil
}

func do(t *testing.T, method, target string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, target, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return string(b)
}

// The API answers the page's origin as the page says, and refuses the
// same page reached at another origin.
func TestAPI(t *testing.T) {
	u, out := startDemo(t, nil)
	page, alt := u.Page, u.AltPage
	preflight := func(method, headers string) []string {
		h := []string{"Origin", page, "Access-Control-Request-Method", method}
		if headers != "" {
			h = append(h, "Access-Control-Request-Headers", headers)
		}
		return h
	}
	granted := map[string]string{
		"Access-Control-Allow-Origin":      page,
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Expose-Headers":    "X-Request-Id",
		"Vary":                             "Origin",
	}
	refused := map[string]string{
		"Access-Control-Allow-Origin":      "",
		"Access-Control-Allow-Credentials": "",
		"Vary":                             "Origin",
	}
	refusedPreflight := map[string]string{
		"Access-Control-Allow-Origin":      "",
		"Access-Control-Allow-Credentials": "",
		"Access-Control-Allow-Methods":     "",
		"Access-Control-Allow-Headers":     "",
		"Vary":                             "",
	}
	tests := []struct {
		name   string
		method string
		path   string
		header []string
		status int
		want   map[string]string
	}{
		{"simple GET", "GET", "/api/hello", []string{"Origin", page}, 200, granted},
		{"exposed header", "GET", "/api/items", []string{"Origin", page}, 200, granted},
		{"PUT preflight", "OPTIONS", "/api/items/1", preflight("PUT", "content-type,x-demo-token"), 204, map[string]string{
			"Access-Control-Allow-Origin":      page,
			"Access-Control-Allow-Credentials": "true",
			"Access-Control-Allow-Methods":     "GET, OPTIONS, PATCH, POST, PUT",
			"Access-Control-Allow-Headers":     "accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with, x-demo-token",
			"Access-Control-Max-Age":           "10",
		}},
		{"PUT", "PUT", "/api/items/1", []string{"Origin", page, "X-Demo-Token", "t"}, 400, granted},
		{"header not allowed", "OPTIONS", "/api/items/2", preflight("PUT", "content-type,x-demo-token,x-not-allowed"), 403, refusedPreflight},
		{"method not allowed", "OPTIONS", "/api/items/2", preflight("DELETE", ""), 403, refusedPreflight},
		{"path outside CORS_URLS_REGEX", "GET", "/health", []string{"Origin", page}, 200, map[string]string{"Access-Control-Allow-Origin": "", "Vary": ""}},
		{"origin not allowed", "GET", "/api/hello", []string{"Origin", alt}, 200, refused},
		{"preflight from an origin not allowed", "OPTIONS", "/api/items/1", []string{"Origin", alt, "Access-Control-Request-Method", "PUT"}, 403, refusedPreflight},
		{"no Origin", "GET", "/api/hello", nil, 200, map[string]string{"Access-Control-Allow-Origin": "", "Vary": "Origin"}},
		{"curl may DELETE", "DELETE", "/api/items/2", nil, 204, map[string]string{"Access-Control-Allow-Origin": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, tt.method, u.API+tt.path, tt.header...)
			assert.Equal(t, tt.status, res.StatusCode)
			for k, v := range tt.want {
				assert.Equal(t, v, res.Header.Get(k), k)
			}
		})
	}

	// One line per request in the log, with the policy's decision.
	assert.Contains(t, out.String(), "api OPTIONS /api/items/2 from "+page+" asking PUT content-type,x-demo-token,x-not-allowed: preflight rejected: "+
		`"x-not-allowed" is not in CORS_ALLOW_HEADERS; fix: add "x-not-allowed" to CORS_ALLOW_HEADERS`+"\n")
	assert.Contains(t, out.String(), "api OPTIONS /api/items/2 from "+page+" asking DELETE: preflight rejected: "+
		`"DELETE" is not in CORS_ALLOW_METHODS (GET, OPTIONS, PATCH, POST, PUT); fix: add "DELETE" to CORS_ALLOW_METHODS`+"\n")
	assert.Contains(t, out.String(), "api GET /api/hello from "+alt+": actual: "+`"`+alt+`" matches no entry of CORS_ALLOWED_ORIGINS or CORS_ALLOWED_ORIGIN_REGEXES; fix: "`+page+`" is listed, but the page was loaded from "`+alt+`", another origin to the browser: add "`+alt+`" to CORS_ALLOWED_ORIGINS`+"\n")
	assert.Contains(t, out.String(), "api GET /api/hello without Origin: not CORS: "+core.ReasonNoOrigin.String()+"\n")
}

// The cookie /api/login sets comes back to /api/me.
func TestSession(t *testing.T) {
	u, _ := startDemo(t, nil)
	res := do(t, "POST", u.API+"/api/login", "Origin", u.Page)
	require.Equal(t, 200, res.StatusCode)
	cookies := res.Cookies()
	require.Len(t, cookies, 1)
	c := cookies[0]
	assert.Equal(t, "session", c.Name)
	assert.Equal(t, http.SameSiteNoneMode, c.SameSite)
	assert.True(t, c.Secure && c.Partitioned && c.HttpOnly, "Secure, Partitioned, HttpOnly: %s", res.Header.Get("Set-Cookie"))

	res = do(t, "GET", u.API+"/api/me", "Origin", u.Page, "Cookie", "session="+c.Value)
	assert.JSONEq(t, `{"cookieReceived":true,"loggedIn":true}`, body(t, res))
	res = do(t, "GET", u.API+"/api/me", "Origin", u.Page)
	assert.JSONEq(t, `{"cookieReceived":false,"loggedIn":false}`, body(t, res))
}

// The page is served at both origins and calls the API; it tells which of
// its origins the API allows.
func TestPage(t *testing.T) {
	u, out := startDemo(t, nil)
	host := strings.TrimPrefix(u.Page, "http://")
	res := do(t, "GET", u.AltPage+"/", "Host", host)
	require.Equal(t, 200, res.StatusCode)
	assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
	html := body(t, res)
	assert.Contains(t, html, "calls the API at <code>"+u.API+"</code>")
	assert.Contains(t, html, `const DEMO = {"api":"`+u.API+`"`)
	assert.Contains(t, html, "is allowed by the API")
	assert.Contains(t, html, `"expect":"refused","because":"the preflight is refused: \"x-not-allowed\" is not in CORS_ALLOW_HEADERS"`)
	assert.Contains(t, out.String(), "page GET / for origin "+u.Page+", which the API allows")

	res = do(t, "GET", u.AltPage+"/")
	html = body(t, res)
	assert.Contains(t, html, "is not allowed by the API")
	assert.NotContains(t, html, `"expect":"succeed"`)

	assert.Equal(t, 404, do(t, "GET", u.AltPage+"/other").StatusCode)
}

func TestBanner(t *testing.T) {
	u, out := startDemo(t, map[string]string{"CORS_PREFLIGHT_MAX_AGE": "0", "CORS_ALLOW_HEADERS": "x-demo-token"})
	s := out.String()
	assert.Contains(t, s, u.API)
	assert.Contains(t, s, u.Page+"  open this in a browser")
	assert.Regexp(t, `CORS_ALLOWED_ORIGINS +default +`+u.Page, s)
	assert.Regexp(t, `CORS_ALLOW_HEADERS +environment +x-demo-token\n`, s)
	assert.Regexp(t, `CORS_PREFLIGHT_MAX_AGE +environment +0 \(no Access-Control-Max-Age header\)`, s)
}

func TestInvalidConfiguration(t *testing.T) {
	var out bytes.Buffer
	code := run(context.Background(), []string{"-api", "127.0.0.1:0", "-page", "127.0.0.1:0"},
		environ(map[string]string{"CORS_ALLOWED_ORIGINS": "example.com/", "CORS_ALLOW_ALL_ORIGINS": "true"}),
		&out, &out, nil)
	assert.Equal(t, 1, code)
	assert.Contains(t, out.String(), "invalid CORS configuration:\n")
	assert.Contains(t, out.String(), "\n  CORS_ALLOWED_ORIGINS[0] \"example.com/\": no scheme")
	assert.Contains(t, out.String(), "\n  CORS_ALLOW_ALL_ORIGINS \"true\": with CORS_ALLOW_CREDENTIALS")
}

func TestBadFlags(t *testing.T) {
	var out bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), nil, []string{"CORS_ALLOW_CREDENTIALS=perhaps"}, &out, &out, nil))
	assert.Contains(t, out.String(), `CORS_ALLOW_CREDENTIALS "perhaps": not a boolean`)
	assert.Equal(t, 0, run(context.Background(), []string{"-help"}, nil, io.Discard, io.Discard, nil))
}

func TestAddressInUse(t *testing.T) {
	u, _ := startDemo(t, nil)
	api, err := url.Parse(u.API)
	require.NoError(t, err)
	var out bytes.Buffer
	assert.Equal(t, 1, run(context.Background(), []string{"-api", api.Host}, nil, &out, &out, nil))
	assert.Contains(t, out.String(), "is the demo already running?")
}

// The page's expectations come from the policy, checked as a browser
// checks the headers.
func TestExpectations(t *testing.T) {
	const page, other = "http://localhost:8001", "http://127.0.0.1:8001"
	policy := func(change func(*core.Config)) *core.Policy {
		cfg := demoDefaults()
		cfg.AllowedOrigins = []string{page}
		change(&cfg)
		return core.MustPolicy(cfg)
	}
	outcome := func(cs []call) map[string]string {
		m := map[string]string{}
		for _, c := range cs {
			m[c.Title] = c.Expect
			if c.Because != "" {
				m[c.Title] += ": " + c.Because
			}
		}
		return m
	}

	assert.Equal(t, map[string]string{
		"Simple GET":                             "succeed",
		"Read an exposed header":                 "succeed",
		"Log in (sets a cookie)":                 "succeed",
		"Credentialed GET":                       "succeed",
		"The same GET without credentials":       "succeed",
		"PUT with a custom header (preflighted)": "succeed",
		"A header the API does not allow":        `refused: the preflight is refused: "x-not-allowed" is not in CORS_ALLOW_HEADERS`,
		"A method the API does not allow":        `refused: the preflight is refused: "DELETE" is not in CORS_ALLOW_METHODS (GET, OPTIONS, PATCH, POST, PUT)`,
		"A path outside CORS_URLS_REGEX":         `refused: CORS_URLS_REGEX does not match "/health", so the answer carries no CORS headers`,
	}, outcome(expectCalls(policy(func(*core.Config) {}), page)))

	for title, got := range outcome(expectCalls(policy(func(*core.Config) {}), other)) {
		if title != "A path outside CORS_URLS_REGEX" {
			assert.Contains(t, got, `refused: `, title)
			assert.Contains(t, got, `"http://127.0.0.1:8001" matches no entry of CORS_ALLOWED_ORIGINS or CORS_ALLOWED_ORIGIN_REGEXES`, title)
		}
	}

	noCredentials := outcome(expectCalls(policy(func(c *core.Config) { c.AllowCredentials = false }), page))
	assert.Equal(t, "succeed", noCredentials["Simple GET"])
	assert.Equal(t, "refused: the call includes credentials, and without CORS_ALLOW_CREDENTIALS the answer lacks Access-Control-Allow-Credentials: true", noCredentials["Credentialed GET"])
	assert.Contains(t, noCredentials["PUT with a custom header (preflighted)"], "refused: the preflight is refused: the call includes credentials")

	allOrigins := outcome(expectCalls(policy(func(c *core.Config) {
		c.AllowedOrigins, c.AllowAllOrigins, c.AllowCredentials = nil, true, false
	}), other))
	assert.Equal(t, "succeed", allOrigins["Simple GET"])
	assert.Equal(t, "refused: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.", allOrigins["Credentialed GET"])

	everyPath := outcome(expectCalls(policy(func(c *core.Config) {
		c.URLsRegex, c.AllowMethods = "", append(c.AllowMethods, "DELETE")
	}), page))
	assert.Equal(t, "succeed", everyPath["A path outside CORS_URLS_REGEX"])
	assert.Equal(t, "succeed", everyPath["A method the API does not allow"])
}

func TestURLsFor(t *testing.T) {
	addr := func(s string) *net.TCPAddr { a, err := net.ResolveTCPAddr("tcp", s); require.NoError(t, err); return a }
	assert.Equal(t, urls{API: "http://127.0.0.1:8000", Page: "http://localhost:8001", AltPage: "http://127.0.0.1:8001"},
		urlsFor(addr("127.0.0.1:8000"), addr("127.0.0.1:8001")))
	assert.Equal(t, urls{API: "http://127.0.0.1:8000", Page: "http://localhost:8001", AltPage: "http://127.0.0.1:8001"},
		urlsFor(addr("0.0.0.0:8000"), addr("0.0.0.0:8001")))
	assert.Equal(t, urls{API: "http://[::1]:8000", Page: "http://localhost:8001", AltPage: "http://[::1]:8001"},
		urlsFor(addr("[::1]:8000"), addr("[::1]:8001")))
	assert.Equal(t, urls{API: "http://192.0.2.1:8000", Page: "http://192.0.2.1:8001"},
		urlsFor(addr("192.0.2.1:8000"), addr("192.0.2.1:8001")))
}
