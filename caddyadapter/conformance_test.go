package caddyadapter_test

import (
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/caddyadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// caddyServer is corstest's server: a real Caddy, loaded in this process
// from JSON, whose one route runs the cors handler made from cfg (through
// its JSON form: FromConfig, then marshalled) and then app. The returned
// handler is the Caddy server's own ServeHTTP, which its listener calls,
// so that a hostile case's request reaches Caddy as the case writes it (a
// megabyte of header would not pass a client's and a listener's limits).
// A case with CheckRequest hooks, Go functions that Caddy's JSON cannot
// hold, is skipped.
func caddyServer(t *testing.T, cfg core.Config, app http.Handler) http.Handler {
	t.Helper()
	h, err := caddyadapter.FromConfig(cfg)
	if err != nil {
		t.Skip("not expressible in Caddy's configuration:", err)
	}
	if cfg.DebugLogger != nil {
		// The case reads what the policy logs: the handler, with debug,
		// logs to the case's logger instead of Caddy's.
		t.Cleanup(caddyadapter.SetDebugLogger(cfg.DebugLogger))
	}
	load(t, caddyConfig(t, freePort(t), 0, corsJSON(t, h), serveApp(t, app)))
	return server(t)
}

func TestConformance(t *testing.T) {
	corstest.Run(t, caddyServer)
}

// TestGuard: the Host guard and Origin enforcement (host_guard,
// allowed_hosts, enforce_origin, public_scheme) through Caddy, which
// hands the handler the Host the connection carried.
func TestGuard(t *testing.T) {
	corstest.RunGuard(t, caddyServer)
}
