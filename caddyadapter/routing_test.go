package caddyadapter_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/corsheaders/corsheaders/caddyadapter"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestRoutedAreas: the cors handler configured with corstest.RoutedAreas
// (per-path policies) in front of Caddy's path matchers, which match
// case-insensitively and on the decoded path: no routing attack that
// reaches a protected handler is granted, and the paths every router
// reads alike keep their grants.
func TestRoutedAreas(t *testing.T) {
	h, err := caddyadapter.FromConfig(corstest.RoutedAreas())
	if err != nil {
		t.Fatal(err)
	}
	body := func(name, text string) json.RawMessage {
		return serveApp(&named{t, name}, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(text))
		}))
	}
	route := func(path string, handler json.RawMessage) any {
		return map[string]any{"match": []any{map[string]any{"path": []string{path}}}, "handle": []any{handler}, "terminal": true}
	}
	routes := []any{
		map[string]any{"handle": []any{corsJSON(t, h)}},
		route("/admin/users", body("admin", "admin")),
		route("/internal/secrets", body("internal", "internal")),
		route("/reports", body("reports", "reports")),
		route("/exports/", body("exports", "exports")),
		map[string]any{"handle": []any{body("blog", "blog")}},
	}
	cfg := mustJSON(t, map[string]any{
		"admin":   map[string]any{"disabled": true, "config": map[string]any{"persist": false}},
		"storage": storage(),
		"logging": map[string]any{"logs": map[string]any{"default": map[string]any{"level": "ERROR"}}},
		"apps": map[string]any{"http": map[string]any{"servers": map[string]any{"srv0": map[string]any{
			"listen":          []string{"127.0.0.1:" + strconv.Itoa(freePort(t))},
			"automatic_https": map[string]any{"disable": true},
			"routes":          routes,
		}}}},
	})
	load(t, cfg)
	reached := corstest.AssertRoutedAreas(t, server(t))
	for path, b := range reached {
		t.Logf("%s reached %q", path, b)
	}
}

// named gives serveApp a name of its own under t.
type named struct {
	*testing.T
	name string
}

func (n *named) Name() string { return n.T.Name() + "/" + n.name }
