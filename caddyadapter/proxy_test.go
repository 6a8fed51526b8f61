package caddyadapter_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

const appOrigin = "https://app.example.com"

// siteCaddyfile is a site whose cors directive is written last: Caddy's
// directive order puts it before basic_auth, the handle block serving
// files, and reverse_proxy. A header line left from a hand-written CORS
// setup runs before it.
func siteCaddyfile(t *testing.T, port int, upstream, dir string) string {
	hash, err := bcrypt.GenerateFromPassword([]byte("secret"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return `{
	admin off
	persist_config off
	storage file_system ` + storageRoot() + `
	auto_https off
	log default {
		level ERROR
	}
}
http://127.0.0.1:` + strconv.Itoa(port) + ` {
	header Access-Control-Allow-Origin *
	basic_auth /private/* {
		user ` + string(hash) + `
	}
	redir /old /items 302
	handle /static/* {
		root * ` + dir + `
		file_server
	}
	reverse_proxy ` + upstream + `
	cors {
		allowed_origins ` + appOrigin + `
		expose_headers X-Total
	}
}
`
}

// TestBehindReverseProxy: an upstream's own CORS headers never reach the
// client beside the cors handler's, Vary is kept, preflights are answered
// before reverse_proxy, basic_auth and file_server, and the responses of
// those, and redir's, carry the handler's headers.
func TestBehindReverseProxy(t *testing.T) {
	var upstreamCalls atomic.Int32
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		upstreamCalls.Add(1)
		h := w.Header()
		if r.URL.Path == "/early" {
			// 103 Early Hints, whose header ReverseProxy copies too.
			h.Set("Link", "</style.css>; rel=preload")
			h.Set("Access-Control-Allow-Origin", "*")
			w.WriteHeader(http.StatusEarlyHints)
			h.Del("Link")
		}
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Expose-Headers", "X-Upstream")
		h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
		h.Add("Vary", "Accept-Encoding")
		h.Set("X-Total", "3")
		_, _ = w.Write([]byte("upstream"))
	}))
	defer upstream.Close()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "static", "a.txt"), []byte("file"), 0o644); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	cfg, _, err := adapt(siteCaddyfile(t, port, strings.TrimPrefix(upstream.URL, "http://"), dir))
	if err != nil {
		t.Fatal(err)
	}
	load(t, cfg)
	base := "http://127.0.0.1:" + strconv.Itoa(port)

	type want struct {
		status   int
		acao     []string
		acac     []string
		aceh     []string
		acam     []string
		vary     []string // each must be among the Vary values
		upstream bool
	}
	for _, c := range []struct {
		name, method, path string
		header             []string
		want               want
	}{
		{"allowed GET through the proxy", "GET", "/items", []string{"Origin", appOrigin},
			want{status: 200, acao: []string{appOrigin}, aceh: []string{"X-Total"}, vary: []string{"Origin", "Accept-Encoding"}, upstream: true}},
		{"allowed GET after the upstream's 103", "GET", "/early", []string{"Origin", appOrigin},
			want{status: 200, acao: []string{appOrigin}, aceh: []string{"X-Total"}, vary: []string{"Origin", "Accept-Encoding"}, upstream: true}},
		{"refused origin through the proxy", "GET", "/items", []string{"Origin", "https://evil.example"},
			want{status: 200, vary: []string{"Origin", "Accept-Encoding"}, upstream: true}},
		{"no Origin through the proxy", "GET", "/items", nil,
			want{status: 200, vary: []string{"Origin", "Accept-Encoding"}, upstream: true}},
		{"preflight answered before the proxy", "OPTIONS", "/items", []string{"Origin", appOrigin, "Access-Control-Request-Method", "PUT"},
			want{status: 204, acao: []string{appOrigin}, acam: []string{"DELETE, GET, OPTIONS, PATCH, POST, PUT"}}},
		{"refused preflight answered before the proxy", "OPTIONS", "/items", []string{"Origin", "https://evil.example", "Access-Control-Request-Method", "PUT"},
			want{status: 403}},
		{"plain OPTIONS reaches the proxy", "OPTIONS", "/items", []string{"Origin", appOrigin},
			want{status: 200, acao: []string{appOrigin}, aceh: []string{"X-Total"}, vary: []string{"Origin"}, upstream: true}},
		{"preflight answered before basic_auth", "OPTIONS", "/private/x", []string{"Origin", appOrigin, "Access-Control-Request-Method", "PUT"},
			want{status: 204, acao: []string{appOrigin}, acam: []string{"DELETE, GET, OPTIONS, PATCH, POST, PUT"}}},
		{"basic_auth's 401 carries the grant", "GET", "/private/x", []string{"Origin", appOrigin},
			want{status: 401, acao: []string{appOrigin}, aceh: []string{"X-Total"}, vary: []string{"Origin"}}},
		{"file_server's answer carries the grant", "GET", "/static/a.txt", []string{"Origin", appOrigin},
			want{status: 200, acao: []string{appOrigin}, aceh: []string{"X-Total"}, vary: []string{"Origin"}}},
		{"file_server's 404 carries the grant", "GET", "/static/none.txt", []string{"Origin", appOrigin},
			want{status: 404, acao: []string{appOrigin}, aceh: []string{"X-Total"}, vary: []string{"Origin"}}},
		{"redir's answer carries the grant", "GET", "/old", []string{"Origin", appOrigin},
			want{status: 302, acao: []string{appOrigin}, aceh: []string{"X-Total"}, vary: []string{"Origin"}}},
		{"preflight answered before file_server", "OPTIONS", "/static/a.txt", []string{"Origin", appOrigin, "Access-Control-Request-Method", "PUT"},
			want{status: 204, acao: []string{appOrigin}, acam: []string{"DELETE, GET, OPTIONS, PATCH, POST, PUT"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := upstreamCalls.Load()
			req, err := http.NewRequest(c.method, base+c.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i+1 < len(c.header); i += 2 {
				req.Header.Set(c.header[i], c.header[i+1])
			}
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != c.want.status {
				t.Errorf("status %d, want %d", res.StatusCode, c.want.status)
			}
			for _, h := range []struct {
				name string
				want []string
			}{
				{"Access-Control-Allow-Origin", c.want.acao},
				{"Access-Control-Allow-Credentials", c.want.acac},
				{"Access-Control-Expose-Headers", c.want.aceh},
				{"Access-Control-Allow-Methods", c.want.acam},
			} {
				if got := res.Header.Values(h.name); !slices.Equal(got, h.want) {
					t.Errorf("%s: %q, want %q", h.name, got, h.want)
				}
			}
			var vary []string
			for _, v := range res.Header.Values("Vary") {
				for _, s := range strings.Split(v, ",") {
					vary = append(vary, strings.TrimSpace(s))
				}
			}
			for _, v := range c.want.vary {
				if !slices.Contains(vary, v) {
					t.Errorf("Vary %q lacks %q", vary, v)
				}
			}
			if ran := upstreamCalls.Load() != before; ran != c.want.upstream {
				t.Errorf("upstream reached: %t, want %t", ran, c.want.upstream)
			}
		})
	}
}
