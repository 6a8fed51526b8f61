package caddyadapter_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/corsheaders/corsheaders/caddyadapter"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// TestGroupMounting: groups in Caddy are handle blocks, each with a cors
// directive of its own, as a Caddyfile writes
//
//	handle /a* { cors { … } … }
//
// (here with the path matcher /a and /a/*, so that /ax is outside), each a
// subroute of the cors handler, the group's routes and an error 404.
func TestGroupMounting(t *testing.T) {
	corstest.RunGroupMounting(t, func(t *testing.T, groups []corstest.MountedGroup) http.Handler {
		app := serveApp(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(corstest.AppBody))
		}))
		route := func(method, path string) any {
			return map[string]any{
				"match":    []any{map[string]any{"method": []string{method}, "path": []string{path}}},
				"handle":   []any{app},
				"terminal": true,
			}
		}
		notFound := map[string]any{"handle": []any{map[string]any{"handler": "error", "status_code": 404}}}
		var routes []any
		for _, g := range groups {
			h, err := caddyadapter.FromConfig(g.Config)
			if err != nil {
				t.Fatal(err)
			}
			routes = append(routes, map[string]any{
				"match": []any{map[string]any{"path": []string{g.Prefix, g.Prefix + "/*"}}},
				"handle": []any{map[string]any{"handler": "subroute", "routes": []any{
					map[string]any{"handle": []any{corsJSON(t, h)}},
					route(http.MethodGet, g.Prefix+"/items"),
					route(http.MethodPut, g.Prefix+"/items/*"),
					notFound,
				}}},
				"terminal": true,
			})
		}
		routes = append(routes, route(http.MethodGet, "/outside"), notFound)
		load(t, mustJSON(t, map[string]any{
			"admin":   map[string]any{"disabled": true, "config": map[string]any{"persist": false}},
			"storage": storage(),
			"logging": map[string]any{"logs": map[string]any{"default": map[string]any{"level": "ERROR"}}},
			"apps": map[string]any{"http": map[string]any{"servers": map[string]any{"srv0": map[string]any{
				"listen":          []string{"127.0.0.1:" + strconv.Itoa(freePort(t))},
				"automatic_https": map[string]any{"disable": true},
				"routes":          routes,
			}}}},
		}))
		return server(t)
	})
}
