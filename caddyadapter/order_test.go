package caddyadapter_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/corsheaders/corsheaders/caddyadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// caddyStack is corstest's stack in Caddy's terms: the layers are the
// handlers of a first route matching every request, in order (CORS the
// cors handler, Authentication Caddy's authentication handler with HTTP
// basic auth), then a route per Route, matching its method and path, and
// last Caddy's error handler answering 404, as a site ends with `error
// 404` or `respond 404`. Caddy's error routes answer with the error's
// status text. Caddy has no handler recovering panics (net/http's server
// closes the connection): the subtests with a Recovery layer are skipped.
func caddyStack(t *testing.T, cfg core.Config, layers []corstest.Layer, routes []corstest.Route) http.Handler {
	t.Helper()
	if slices.Contains(layers, corstest.Recovery) {
		t.Skip("Caddy has no handler that recovers a panic into a 500")
	}
	h, err := caddyadapter.FromConfig(cfg)
	if err != nil {
		t.Skip("not expressible in Caddy's configuration:", err)
	}
	var first []json.RawMessage
	for _, l := range layers {
		switch l {
		case corstest.CORS:
			first = append(first, corsJSON(t, h))
		case corstest.Authentication:
			hash, err := bcrypt.GenerateFromPassword([]byte("secret"), bcrypt.MinCost)
			if err != nil {
				t.Fatal(err)
			}
			first = append(first, mustJSON(t, map[string]any{
				"handler":   "authentication",
				"providers": map[string]any{"http_basic": map[string]any{"accounts": []any{map[string]any{"username": "user", "password": string(hash)}}}},
			}))
		}
	}
	all := []any{map[string]any{"handle": first}}
	for i, r := range routes {
		name := t.Name() + "/route" + strconv.Itoa(i)
		apps.Store(name, r.Handler)
		t.Cleanup(func() { apps.Delete(name) })
		all = append(all, map[string]any{
			"match":    []any{map[string]any{"method": []string{r.Method}, "path": []string{r.Path}}},
			"handle":   []any{map[string]any{"handler": "test_app", "name": name}},
			"terminal": true,
		})
	}
	all = append(all, map[string]any{"handle": []any{map[string]any{"handler": "error", "status_code": 404}}})
	cfgJSON := mustJSON(t, map[string]any{
		"admin":   map[string]any{"disabled": true, "config": map[string]any{"persist": false}},
		"storage": storage(),
		"logging": map[string]any{"logs": map[string]any{"default": map[string]any{"level": "ERROR"}}},
		"apps": map[string]any{"http": map[string]any{"servers": map[string]any{"srv0": map[string]any{
			"listen":          []string{"127.0.0.1:" + strconv.Itoa(freePort(t))},
			"automatic_https": map[string]any{"disable": true},
			"routes":          all,
			"errors": map[string]any{"routes": []any{map[string]any{"handle": []any{map[string]any{
				"handler": "static_response", "body": "{http.error.status_text}",
			}}}}},
		}}}},
	})
	load(t, cfgJSON)
	return server(t)
}

// TestMiddlewareOrder: the cors handler among Caddy's own handlers.
func TestMiddlewareOrder(t *testing.T) {
	corstest.RunMiddlewareOrder(t, caddyStack)
}
