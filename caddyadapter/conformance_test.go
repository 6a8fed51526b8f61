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
	load(t, caddyConfig(t, freePort(t), 0, corsJSON(t, h), serveApp(t, app)))
	return server(t)
}

func TestConformance(t *testing.T) {
	corstest.Run(t, caddyServer)
}
