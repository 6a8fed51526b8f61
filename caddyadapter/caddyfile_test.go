package caddyadapter_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/caddyadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corstest"
)

// handlerJSON finds the cors handler in an adapted configuration.
func handlerJSON(t *testing.T, cfg []byte) json.RawMessage {
	t.Helper()
	var c struct {
		Apps struct {
			HTTP struct {
				Servers map[string]struct {
					Routes []struct {
						Handle []json.RawMessage `json:"handle"`
					} `json:"routes"`
				} `json:"servers"`
			} `json:"http"`
		} `json:"apps"`
	}
	if err := json.Unmarshal(cfg, &c); err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Apps.HTTP.Servers {
		for _, r := range s.Routes {
			for _, h := range r.Handle {
				var name struct {
					Handler string `json:"handler"`
					Routes  []struct {
						Handle []json.RawMessage `json:"handle"`
					} `json:"routes"`
				}
				_ = json.Unmarshal(h, &name)
				if name.Handler == "cors" {
					return h
				}
				for _, sr := range name.Routes {
					for _, h := range sr.Handle {
						_ = json.Unmarshal(h, &name)
						if name.Handler == "cors" {
							return h
						}
					}
				}
			}
		}
	}
	t.Fatalf("no cors handler in %s", cfg)
	return nil
}

// TestCaddyfileSaysEveryCaseConfig: the Caddyfile form of every corstest
// case's configuration, guard cases included (Handler.Caddyfile), adapts
// to the handler's JSON,
// so that every setting the cases use, path blocks included, is written
// in a Caddyfile as it is in JSON.
func TestCaddyfileSaysEveryCaseConfig(t *testing.T) {
	type config struct {
		Name   string
		Config core.Config
		hooks  int
	}
	var configs []config
	for _, c := range corstest.Cases() {
		configs = append(configs, config{c.Name, c.Config, len(c.Hooks)})
	}
	for _, c := range corstest.GuardCases() {
		configs = append(configs, config{"guard/" + c.Name, c.Config, 0})
	}
	seen := 0
	for _, c := range configs {
		h, err := caddyadapter.FromConfig(c.Config)
		if err != nil || c.hooks > 0 {
			continue
		}
		seen++
		text := ":8080 {\n" + h.Caddyfile("\t") + "}\n"
		adapted, _, err := adapt(text)
		if err != nil {
			t.Errorf("%s: %v\n%s", c.Name, err, text)
			continue
		}
		var got, want map[string]any
		if err := json.Unmarshal(handlerJSON(t, adapted), &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(corsJSON(t, h), &want); err != nil {
			t.Fatal(err)
		}
		if g, w := string(mustJSON(t, got)), string(mustJSON(t, want)); g != w {
			t.Errorf("%s: the Caddyfile\n%sadapts to\n%s\nwant\n%s", c.Name, text, g, w)
		}
	}
	if seen < 100 {
		t.Errorf("only %d cases", seen)
	}
}

// TestCaddyfileForms: the directive's short forms and flags.
func TestCaddyfileForms(t *testing.T) {
	for _, c := range []struct{ name, block, want string }{
		{"origins as arguments", "cors https://a.example https://b.example", `{"allowed_origins":["https://a.example","https://b.example"],"handler":"cors"}`},
		{"a list given twice", "cors {\n allowed_origins https://a.example\n allowed_origins https://b.example\n}", `{"allowed_origins":["https://a.example","https://b.example"],"handler":"cors"}`},
		{"empty method and header lists", "cors https://a.example {\n allow_methods\n allow_headers\n}", `{"allow_headers":[],"allow_methods":[],"allowed_origins":["https://a.example"],"handler":"cors"}`},
		{"flags", "cors {\n allow_all_origins true\n allow_private_network\n allow_credentials false\n debug\n}", `{"allow_all_origins":true,"allow_private_network":true,"debug":true,"handler":"cors"}`},
		{"max age in seconds", "cors https://a.example {\n preflight_max_age 600\n}", `{"allowed_origins":["https://a.example"],"handler":"cors","preflight_max_age":600}`},
		{"max age as a duration", "cors https://a.example {\n preflight_max_age 2h\n}", `{"allowed_origins":["https://a.example"],"handler":"cors","preflight_max_age":7200}`},
		{"no max age", "cors https://a.example {\n preflight_max_age none\n}", `{"allowed_origins":["https://a.example"],"handler":"cors","preflight_max_age":0}`},
		{"path blocks", "cors {\n path /public {\n  allow_all_origins\n }\n path regex ^/v[0-9]+/ {\n  allowed_origins https://a.example\n  allow_credentials\n }\n}",
			`{"handler":"cors","paths":[{"allow_all_origins":true,"prefix":"/public"},{"allow_credentials":true,"allowed_origins":["https://a.example"],"regex":"^/v[0-9]+/"}]}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			adapted, _, err := adapt(":8080 {\n" + c.block + "\n}\n")
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(handlerJSON(t, adapted), &got); err != nil {
				t.Fatal(err)
			}
			if g := string(mustJSON(t, got)); g != c.want {
				t.Errorf("got  %s\nwant %s", g, c.want)
			}
		})
	}
}

// TestJSONMaxAge: preflight_max_age in JSON is seconds, as Django's
// setting, or a duration string; 0 and "none" send no header.
func TestJSONMaxAge(t *testing.T) {
	for in, want := range map[string]string{`600`: "600", `"10m"`: "600", `"none"`: "", `0`: "", `null`: "86400"} {
		var h caddyadapter.Handler
		if err := json.Unmarshal([]byte(`{"allowed_origins":["https://a.example"],"preflight_max_age":`+in+`}`), &h); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		load(t, caddyConfig(t, freePort(t), 0, corsJSON(t, &h)))
		w := corstest.Serve(server(t), http.MethodOptions, "/", "Origin", "https://a.example", "Access-Control-Request-Method", "PUT")
		if got := w.Header().Get("Access-Control-Max-Age"); got != want {
			t.Errorf("preflight_max_age %s: Access-Control-Max-Age %q, want %q", in, got, want)
		}
	}
}
