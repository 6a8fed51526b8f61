package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/caddyadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
	"github.com/corsheaders/corsheaders/internal/scenario"
)

// The Caddy of these tests is a binary built with `go build` from
// caddyadapter/internal/cmd/caddy (Caddy's standard modules and the cors
// directive), run as a process of its own from a Caddyfile. E2E_CADDY names
// one already built, which saves the minutes of the build.
var (
	caddyOnce sync.Once
	caddyPath string
	caddyErr  error
)

func caddyBinary(t *testing.T) string {
	t.Helper()
	caddyOnce.Do(func() {
		if p := os.Getenv("E2E_CADDY"); p != "" {
			caddyPath = p
			return
		}
		dir, err := os.MkdirTemp("", "corsheaders-e2e-caddy-")
		if err != nil {
			caddyErr = err
			return
		}
		caddyPath = filepath.Join(dir, "caddy")
		cmd := exec.Command("go", "build", "-o", caddyPath, "./internal/cmd/caddy")
		cmd.Dir = filepath.Join("..", "caddyadapter")
		if out, err := cmd.CombinedOutput(); err != nil {
			caddyErr = fmt.Errorf("go build of caddyadapter/internal/cmd/caddy: %v\n%s", err, out)
		}
	})
	require.NoError(t, caddyErr)
	return caddyPath
}

// caddyProcess is a Caddy serving a Caddyfile.
type caddyProcess struct {
	cmd  *exec.Cmd
	dir  string
	out  bytes.Buffer
	done chan struct{}
}

// startCaddy runs bin with the Caddyfile text and waits until it answers
// on port.
func startCaddy(bin, text string, port int) (*caddyProcess, error) {
	dir, err := os.MkdirTemp("", "corsheaders-e2e-caddyfile-")
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, "Caddyfile")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		return nil, err
	}
	p := &caddyProcess{dir: dir, done: make(chan struct{})}
	p.cmd = exec.Command(bin, "run", "--config", file, "--adapter", "caddyfile")
	p.cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	for deadline := time.Now().Add(20 * time.Second); ; {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 100*time.Millisecond)
		if err == nil {
			c.Close()
			return p, nil
		}
		select {
		case <-p.done:
			return nil, fmt.Errorf("caddy exited: %s", p.out.String())
		default:
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, fmt.Errorf("caddy did not listen on %d: %s", port, p.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *caddyProcess) stop() {
	_ = p.cmd.Process.Kill()
	<-p.done
	_ = os.RemoveAll(p.dir)
}

// freeLoopbackPorts returns n distinct ports free on 127.0.0.1, for a
// Caddy to listen on: all n are held until each is known, so that two
// calls cannot return the same port (a site and the admin API on one port
// would have the admin API answer the site's requests).
func freeLoopbackPorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// upstreamCORS are the CORS headers the upstream behind reverse_proxy sets
// on every answer, as an application with a CORS layer of its own does:
// none of them may reach the browser.
var upstreamCORS = [][2]string{
	{"Access-Control-Allow-Origin", "*"},
	{"Access-Control-Allow-Credentials", "true"},
	{"Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, PURGE"},
	{"Access-Control-Allow-Headers", "*"},
	{"Access-Control-Expose-Headers", "*"},
}

// caddySite is the Caddyfile of a scenario: the cors directive made from
// cfg (written last: the directive order puts it first) in front of a
// file_server for /caddy-static/ and a reverse_proxy to the upstream.
func caddySite(cfg core.Config, port, upstreamPort int, static string, admin string) (string, error) {
	h, err := caddyadapter.FromConfig(cfg)
	if err != nil {
		return "", err
	}
	if admin == "" {
		admin = "admin off"
	} else {
		admin = "admin " + admin
	}
	return `{
	` + admin + `
	auto_https off
	persist_config off
	log default {
		level ERROR
	}
}
http://:` + strconv.Itoa(port) + ` {
	handle /caddy-static/* {
		root * ` + static + `
		file_server
	}
	reverse_proxy 127.0.0.1:` + strconv.Itoa(upstreamPort) + `
` + h.Caddyfile("\t") + `}
`, nil
}

// exchangeHeader carries an exchange's number from the recording front to
// the upstream, through Caddy.
const exchangeHeader = "X-E2e-Exchange"

// caddyAdapter serves a scenario with a Caddy process: on ln, a recording
// front (a transparent reverse proxy of the test, which notes each
// exchange as the browser sees it) passes every request to Caddy, whose
// cors handler decides it and whose reverse_proxy passes the rest to the
// upstream, the scenario's application, which adds CORS headers of its
// own.
func caddyAdapter(t *testing.T) adapter {
	bin := caddyBinary(t)
	return adapter{name: "caddy", listen: func(cfg core.Config, app http.Handler, ln net.Listener, record func(*exchange)) func() {
		var (
			mu        sync.Mutex
			exchanges = map[string]*exchange{}
			next      atomic.Int64
		)
		upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			e := exchanges[r.Header.Get(exchangeHeader)]
			mu.Unlock()
			for _, kv := range upstreamCORS {
				w.Header().Set(kv[0], kv[1])
			}
			if e != nil {
				r = r.WithContext(context.WithValue(r.Context(), exchangeKey{}, e))
			}
			app.ServeHTTP(w, r)
		}))
		static, err := os.MkdirTemp("", "corsheaders-e2e-static-")
		if err != nil {
			panic(err)
		}
		_ = os.MkdirAll(filepath.Join(static, "caddy-static"), 0o755)
		_ = os.WriteFile(filepath.Join(static, "caddy-static", "app.txt"), []byte(corstest.AppBody), 0o644)
		ports, err := freeLoopbackPorts(1)
		if err != nil {
			panic(err)
		}
		port := ports[0]
		site, err := caddySite(cfg, port, upstream.Listener.Addr().(*net.TCPAddr).Port, static, "")
		if err != nil {
			panic(err)
		}
		proc, err := startCaddy(bin, site, port)
		if err != nil {
			panic(err)
		}
		target, _ := url.Parse("http://127.0.0.1:" + strconv.Itoa(port))
		proxy := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = pr.In.Host
		}}
		front := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			e := &exchange{
				Method: r.Method, Path: r.URL.Path,
				Origin:         r.Header.Values("Origin"),
				RequestMethod:  r.Header.Values("Access-Control-Request-Method"),
				RequestHeaders: r.Header.Values("Access-Control-Request-Headers"),
				Cookie:         r.Header.Get("Cookie"),
			}
			id := strconv.FormatInt(next.Add(1), 10)
			mu.Lock()
			exchanges[id] = e
			mu.Unlock()
			r.Header.Set(exchangeHeader, id)
			rw := &recordingWriter{ResponseWriter: w, e: e}
			proxy.ServeHTTP(rw, r)
			rw.snapshot(http.StatusOK)
			record(e)
		})}
		go func() { _ = front.Serve(ln) }()
		return func() {
			_ = front.Close()
			proc.stop()
			upstream.Close()
			_ = os.RemoveAll(static)
		}
	}}
}

// withoutHooks are the scenarios whose configuration a Caddyfile can say:
// all but those with CheckRequest hooks, Go functions.
func withoutHooks(t *testing.T, all []scenario.Scenario) []scenario.Scenario {
	var out []scenario.Scenario
	for _, s := range all {
		if len(s.Hooks) > 0 || len(s.Config.CheckRequest) > 0 {
			continue
		}
		out = append(out, s)
	}
	t.Logf("%d of %d scenarios (the others have CheckRequest hooks, which a Caddyfile cannot hold)", len(out), len(all))
	return out
}

// TestBrowserCaddy runs the shared browser scenarios in headless Chromium
// against a Caddy built with the module, configured by a Caddyfile, in
// front of a reverse-proxied upstream that sets CORS headers of its own:
// every scenario passes, and the browser's verdicts equal chi's. Then the
// file_server behind the same cors directive is fetched from an allowed
// and a refused page.
func TestBrowserCaddy(t *testing.T) {
	c := needBrowser(t)
	caddy := caddyAdapter(t)
	var chi adapter
	for _, ad := range adapters {
		if ad.name == "chi" {
			chi = ad
		}
	}
	pages := startPages(t)
	scenarios := withoutHooks(t, selected(t))
	ads := []adapter{chi, caddy}
	runs := runMatrix(c, pages, scenarios, ads)
	report(t, scenarios, ads, runs)
	t.Run("caddy agrees with chi", func(t *testing.T) {
		for i, s := range scenarios {
			assert.Equal(t, runs[i][0].verdict(), runs[i][1].verdict(), "%s: chi and caddy differ", s.Name)
		}
	})

	t.Run("file_server", func(t *testing.T) {
		ports := pages.ports()
		page := "http://page.example.test:" + strconv.Itoa(ports.Page)
		cfg := core.Config{AllowedOrigins: []string{page}}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		stop := caddy.listen(cfg, http.NotFoundHandler(), ln, func(*exchange) {})
		defer stop()
		apiPort := ln.Addr().(*net.TCPAddr).Port
		tb, err := c.newTab()
		require.NoError(t, err)
		defer tb.close()
		for _, call := range []browserCall{
			{page: page, path: "/caddy-static/app.txt", method: http.MethodGet, allowed: true},
			{page: page, path: "/caddy-static/app.txt", method: http.MethodPut, allowed: false}, // file_server answers PUT 405
			{page: "http://evil.example.test:" + strconv.Itoa(ports.Alt), path: "/caddy-static/app.txt", method: http.MethodGet, allowed: false},
		} {
			call.check(t, tb, apiPort, "file_server")
		}
	})
}

// TestCaddyReload: while a client sends requests without a pause, `caddy
// reload` replaces the Caddyfile with one allowing another origin. No
// request fails, none is answered with a grant of neither list, each is
// answered by the list in force when it was sent (or, while the reload is
// under way, by either), and the new list is in force after the command
// returns.
func TestCaddyReload(t *testing.T) {
	if !browserRequested() && os.Getenv("E2E_CADDY") == "" {
		t.Skip("e2e: builds Caddy; runs with the browser suite (make e2e, E2E=1) or with E2E_CADDY set to a built Caddy")
	}
	bin := caddyBinary(t)
	const before, after = "https://before.example.com", "https://after.example.com"
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, kv := range upstreamCORS {
			w.Header().Set(kv[0], kv[1])
		}
		_, _ = io.WriteString(w, corstest.AppBody)
	}))
	defer upstream.Close()
	ports, err := freeLoopbackPorts(2)
	require.NoError(t, err)
	port, adminPort := ports[0], ports[1]
	admin := "127.0.0.1:" + strconv.Itoa(adminPort)
	site := func(origin string) string {
		s, err := caddySite(core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true}, port, upstream.Listener.Addr().(*net.TCPAddr).Port, t.TempDir(), admin)
		require.NoError(t, err)
		return s
	}
	proc, err := startCaddy(bin, site(before), port)
	require.NoError(t, err)
	defer proc.stop()

	const (
		old = iota
		reloading
		reloaded
	)
	var (
		phase   atomic.Int32
		stop    atomic.Bool
		sent    atomic.Int64
		dropped atomic.Int64 // closed unanswered during the reload, sent again
		mu      sync.Mutex
		wrong   []string
	)
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	var wg sync.WaitGroup
	for worker := range 4 {
		wg.Go(func() {
			client := &http.Client{Timeout: 10 * time.Second}
			for i := 0; !stop.Load(); i++ {
				origin := before
				if (i+worker)%2 == 1 {
					origin = after
				}
				req, _ := http.NewRequest(http.MethodGet, base+"/items", nil)
				if i%3 == 0 {
					req.Method = http.MethodOptions
					req.Header.Set("Access-Control-Request-Method", "PUT")
				}
				req.Header.Set("Origin", origin)
				start := phase.Load()
				res, err := client.Do(req)
				sent.Add(1)
				if err != nil && (start != old || phase.Load() != old) {
					// Caddy replaces its listener on a reload: a
					// connection the old one accepted and never served
					// is closed without an answer, and a client sends
					// such a request again. Only an answer can be wrong.
					dropped.Add(1)
					res, err = client.Do(req)
				}
				end := phase.Load()
				if err != nil {
					mu.Lock()
					wrong = append(wrong, fmt.Sprintf("%s from %s: %v", req.Method, origin, err))
					mu.Unlock()
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				acao := res.Header.Values("Access-Control-Allow-Origin")
				granted := len(acao) == 1 && acao[0] == origin
				var problem string
				switch {
				case len(acao) > 1 || len(acao) == 1 && acao[0] != origin:
					problem = fmt.Sprintf("Access-Control-Allow-Origin %q", acao)
				case start == old && end == old && granted != (origin == before):
					problem = fmt.Sprintf("granted %t before the reload", granted)
				case start == reloaded && granted != (origin == after):
					problem = fmt.Sprintf("granted %t after the reload", granted)
				case req.Method == http.MethodOptions && (res.StatusCode == http.StatusNoContent) != granted:
					problem = fmt.Sprintf("preflight status %d with granted %t", res.StatusCode, granted)
				case req.Method == http.MethodGet && res.StatusCode != http.StatusOK:
					problem = fmt.Sprintf("status %d", res.StatusCode)
				}
				if problem != "" {
					mu.Lock()
					wrong = append(wrong, fmt.Sprintf("%s from %s (phase %d to %d): %s", req.Method, origin, start, end, problem))
					mu.Unlock()
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	file := filepath.Join(t.TempDir(), "Caddyfile")
	require.NoError(t, os.WriteFile(file, []byte(site(after)), 0o644))
	phase.Store(reloading)
	out, err := exec.Command(bin, "reload", "--config", file, "--adapter", "caddyfile", "--address", admin).CombinedOutput()
	require.NoError(t, err, "caddy reload: %s", out)
	phase.Store(reloaded)
	time.Sleep(300 * time.Millisecond)
	stop.Store(true)
	wg.Wait()

	for i, w := range wrong {
		if i == 20 {
			t.Errorf("… and %d more", len(wrong)-20)
			break
		}
		t.Error(w)
	}
	assert.Greater(t, sent.Load(), int64(50), "requests sent")
	t.Logf("%d requests, one caddy reload; %d closed unanswered by the reload and sent again", sent.Load(), dropped.Load())
}
