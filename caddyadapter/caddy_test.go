package caddyadapter_test

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig"
	_ "github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	_ "github.com/caddyserver/caddy/v2/modules/standard"

	"github.com/corsheaders/corsheaders/caddyadapter"
)

// apps are the http.Handlers the test module http.handlers.test_app
// serves, by name.
var apps sync.Map

func init() { caddy.RegisterModule(testApp{}) }

// TestMain gives the Caddy of the tests a home of its own: Caddy keeps
// its instance ID and storage under XDG_DATA_HOME (or HOME).
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "caddyadapter-test-")
	if err != nil {
		panic(err)
	}
	for _, v := range []string{"HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"} {
		_ = os.Setenv(v, dir)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// testApp is a Caddy handler that serves the http.Handler registered in
// apps under its Name: the application behind the cors handler.
type testApp struct {
	Name string `json:"name"`
}

func (testApp) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{ID: "http.handlers.test_app", New: func() caddy.Module { return new(testApp) }}
}

func (a testApp) ServeHTTP(w http.ResponseWriter, r *http.Request, _ caddyhttp.Handler) error {
	h, ok := apps.Load(a.Name)
	if !ok {
		http.Error(w, "no application "+a.Name, http.StatusInternalServerError)
		return nil
	}
	h.(http.Handler).ServeHTTP(w, r)
	return nil
}

// serveApp registers app under a name of t's and returns the handler's JSON.
func serveApp(t testing.TB, app http.Handler) json.RawMessage {
	name := t.Name()
	apps.Store(name, app)
	t.Cleanup(func() { apps.Delete(name) })
	return mustJSON(t, map[string]any{"handler": "test_app", "name": name})
}

// corsJSON is h's JSON as a route's handler.
func corsJSON(t testing.TB, h *caddyadapter.Handler) json.RawMessage {
	b := mustJSON(t, h)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m["handler"] = "cors"
	return mustJSON(t, m)
}

func mustJSON(t testing.TB, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// freePort is a port of 127.0.0.1 nothing listens on.
func freePort(t testing.TB) int { return freePorts(t, 1)[0] }

// freePorts returns n distinct ports free on 127.0.0.1, all held until each
// is known: Caddy listens with SO_REUSEPORT, so a site and the admin API
// given one port would both bind it and share its requests.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	ports := make([]int, 0, n)
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// caddyConfig is a whole Caddy configuration: one HTTP server on
// 127.0.0.1:port running handlers in order for every request, the admin
// endpoint on adminPort (or none when it is 0), and logs of errors only.
func caddyConfig(t testing.TB, port, adminPort int, handlers ...json.RawMessage) []byte {
	admin := map[string]any{"disabled": true, "config": map[string]any{"persist": false}}
	if adminPort != 0 {
		admin = map[string]any{"listen": "127.0.0.1:" + strconv.Itoa(adminPort), "config": map[string]any{"persist": false}}
	}
	return mustJSON(t, map[string]any{
		"admin":   admin,
		"storage": storage(),
		"logging": map[string]any{"logs": map[string]any{"default": map[string]any{"level": "ERROR"}}},
		"apps": map[string]any{"http": map[string]any{"servers": map[string]any{"srv0": map[string]any{
			"listen":          []string{"127.0.0.1:" + strconv.Itoa(port)},
			"automatic_https": map[string]any{"disable": true},
			"routes":          []any{map[string]any{"handle": handlers}},
		}}}},
	})
}

// load runs cfg in this process, stopping it when t ends.
func load(t testing.TB, cfg []byte) {
	t.Helper()
	if err := caddy.Load(cfg, true); err != nil {
		t.Fatalf("caddy.Load: %v\n%s", err, cfg)
	}
	t.Cleanup(func() { _ = caddy.Stop() })
}

// server is the HTTP server srv0 of the configuration in force: its
// ServeHTTP is what Caddy's listener calls for each request.
func server(t testing.TB) *caddyhttp.Server {
	t.Helper()
	app, err := caddy.ActiveContext().App("http")
	if err != nil {
		t.Fatal(err)
	}
	return app.(*caddyhttp.App).Servers["srv0"]
}

// adapt adapts a Caddyfile to JSON, as `caddy adapt` does.
func adapt(caddyfileText string) ([]byte, []caddyconfig.Warning, error) {
	return caddyconfig.GetAdapter("caddyfile").Adapt([]byte(caddyfileText), map[string]any{"filename": "Caddyfile"})
}

func caddyJSONUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// storageRoot is where the tests' Caddy keeps its storage (locks, the
// record of its storage cleanings): under the home TestMain gives it.
func storageRoot() string { return filepath.Join(os.Getenv("XDG_DATA_HOME"), "caddy") }

// storage is the JSON of the storage at storageRoot.
func storage() map[string]any {
	return map[string]any{"module": "file_system", "root": storageRoot()}
}
