package caddyadapter_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestDebugLogsThroughCaddy: with debug, a refused request is explained in
// Caddy's log, under the handler's logger, with the fix.
func TestDebugLogsThroughCaddy(t *testing.T) {
	log := filepath.Join(t.TempDir(), "caddy.log")
	cfg, _, err := adapt(`{
	admin off
	persist_config off
	storage file_system ` + storageRoot() + `
	auto_https off
	log {
		output file ` + log + `
		format json
		level INFO
	}
}
http://:` + strconv.Itoa(freePort(t)) + ` {
	cors {
		allowed_origins https://app.example.com
		debug
	}
	respond "ok"
}
`)
	if err != nil {
		t.Fatal(err)
	}
	load(t, cfg)
	corstest.Serve(server(t), http.MethodOptions, "/items", "Origin", "https://app.example.com", "Access-Control-Request-Method", "PURGE")
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, "corsheaders: CORS request not fully granted") {
			line = l
		}
	}
	for _, want := range []string{`"logger":"http.handlers.cors"`, `PURGE`, `"fix":`} {
		if !strings.Contains(line, want) {
			t.Errorf("the log line %q lacks %s; the log:\n%s", line, want, b)
		}
	}
}
