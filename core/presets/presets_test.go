package presets_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/browsercheck"
	"github.com/corsheaders/corsheaders/core/presets"
)

const app = "https://app.example.com"

var all = []presets.Preset{presets.Connect, presets.GRPCWeb, presets.MCP}

func listed() core.Config { return core.Config{AllowedOrigins: []string{app}} }

// TestPresetsCompile: every preset, alone and together, gives a Config
// NewPolicy accepts without a note.
func TestPresetsCompile(t *testing.T) {
	for _, ps := range [][]presets.Preset{{presets.Connect}, {presets.GRPCWeb}, {presets.MCP}, all} {
		cfg, err := presets.With(listed(), ps...)
		if err != nil {
			t.Fatalf("%v: %v", ps, err)
		}
		p, err := core.NewPolicy(cfg)
		if err != nil {
			t.Fatalf("%v: NewPolicy: %v", ps, err)
		}
		if notes := p.Notes(); len(notes) > 0 {
			t.Errorf("%v: notes: %q", ps, notes)
		}
	}
}

// TestPresetsListNamesOnly: names only, never "*", never Authorization,
// and nothing a browser forbids scripts to set.
func TestPresetsListNamesOnly(t *testing.T) {
	for _, p := range all {
		for _, list := range [][]string{p.Methods(), p.Headers(), p.ExposeHeaders()} {
			if len(list) == 0 {
				t.Errorf("%v: an empty list", p)
			}
			for _, name := range list {
				if name == "*" || strings.EqualFold(name, "authorization") || strings.ContainsAny(name, " ,") {
					t.Errorf("%v lists %q", p, name)
				}
			}
		}
		for _, h := range p.Headers() {
			if browsercheck.IsForbiddenRequestHeader(h, "") {
				t.Errorf("%v lists %q, which scripts cannot set", p, h)
			}
		}
	}
}

// TestApplyMerges: nil lists start from the Django defaults; a name
// already there, in any case, is not added again; the user's names come
// first, as written.
func TestApplyMerges(t *testing.T) {
	cfg := listed()
	if err := presets.MCP.Apply(&cfg); err != nil {
		t.Fatal(err)
	}
	// DELETE, GET and POST are among the defaults already.
	if want := core.DefaultMethods(); !slices.Equal(cfg.AllowMethods, want) {
		t.Errorf("AllowMethods = %q, want %q", cfg.AllowMethods, want)
	}
	want := append(core.DefaultHeaders(), "Mcp-Session-Id", "Mcp-Protocol-Version", "Last-Event-ID", "Mcp-Method", "Mcp-Name")
	if !slices.Equal(cfg.AllowHeaders, want) {
		t.Errorf("AllowHeaders = %q, want %q", cfg.AllowHeaders, want)
	}
	if want := []string{"Mcp-Session-Id"}; !slices.Equal(cfg.ExposeHeaders, want) {
		t.Errorf("ExposeHeaders = %q, want %q", cfg.ExposeHeaders, want)
	}

	cfg = core.Config{
		AllowedOrigins: []string{app},
		AllowMethods:   []string{"POST"},
		AllowHeaders:   []string{"CONTENT-TYPE", "x-api-key"},
		ExposeHeaders:  []string{"grpc-status", "X-Request-Id"},
	}
	cfg, err := presets.With(cfg, presets.GRPCWeb, presets.GRPCWeb)
	if err != nil {
		t.Fatal(err)
	}
	for field, got := range map[string][2][]string{
		"AllowMethods":  {cfg.AllowMethods, {"POST"}},
		"AllowHeaders":  {cfg.AllowHeaders, {"CONTENT-TYPE", "x-api-key", "Grpc-Timeout", "Grpc-Encoding", "Grpc-Accept-Encoding", "X-Grpc-Web", "X-User-Agent"}},
		"ExposeHeaders": {cfg.ExposeHeaders, {"grpc-status", "X-Request-Id", "Grpc-Message", "Grpc-Status-Details-Bin", "Grpc-Encoding", "Grpc-Accept-Encoding"}},
	} {
		if !slices.Equal(got[0], got[1]) {
			t.Errorf("%s = %q, want %q", field, got[0], got[1])
		}
	}

	// An empty, non-nil list means none, not the defaults.
	cfg = core.Config{AllowedOrigins: []string{app}, AllowHeaders: []string{}}
	if err := presets.Connect.Apply(&cfg); err != nil {
		t.Fatal(err)
	}
	if want := presets.Connect.Headers(); !slices.Equal(cfg.AllowHeaders, want) {
		t.Errorf("AllowHeaders = %q, want %q", cfg.AllowHeaders, want)
	}
}

// TestSlicesAreTheCallers: what With returns shares no array with what it
// was given, even one with room to grow, and the lists a preset hands out
// cannot change it.
func TestSlicesAreTheCallers(t *testing.T) {
	methods := make([]string, 1, 10)
	methods[0] = "PUT"
	headers := append(make([]string, 0, 10), "x-api-key")
	expose := append(make([]string, 0, 10), "X-Request-Id")
	in := core.Config{AllowedOrigins: []string{app}, AllowMethods: methods, AllowHeaders: headers, ExposeHeaders: expose}

	out, err := presets.With(in, presets.MCP)
	if err != nil {
		t.Fatal(err)
	}
	if got := methods[:cap(methods)][1]; got != "" {
		t.Errorf("With wrote %q into the caller's AllowMethods array", got)
	}
	if got := headers[:cap(headers)][1]; got != "" {
		t.Errorf("With wrote %q into the caller's AllowHeaders array", got)
	}
	if got := expose[:cap(expose)][1]; got != "" {
		t.Errorf("With wrote %q into the caller's ExposeHeaders array", got)
	}
	out.AllowMethods[0], out.AllowHeaders[0], out.ExposeHeaders[0] = "x", "x", "x"
	if methods[0] != "PUT" || headers[0] != "x-api-key" || expose[0] != "X-Request-Id" {
		t.Error("changing what With returned changed the caller's Config")
	}

	// Without a preset, the result still owns its slices, and nil stays
	// nil (the defaults).
	out, err = presets.With(in)
	if err != nil {
		t.Fatal(err)
	}
	out.AllowHeaders[0] = "x"
	if headers[0] != "x-api-key" {
		t.Error("With and no preset returned the caller's AllowHeaders")
	}
	if out, _ := presets.With(listed()); out.AllowMethods != nil || out.AllowHeaders != nil {
		t.Error("With turned a nil list (the defaults) into an empty one (none)")
	}

	presets.MCP.Headers()[0] = "x-changed"
	presets.MCP.ExposeHeaders()[0] = "x-changed"
	presets.MCP.Methods()[0] = "PATCH"
	cfg, _ := presets.With(core.Config{AllowedOrigins: []string{app}, AllowHeaders: []string{}, AllowMethods: []string{}}, presets.MCP)
	if cfg.AllowHeaders[0] != "Accept" || cfg.ExposeHeaders[0] != "Mcp-Session-Id" || cfg.AllowMethods[0] != "GET" {
		t.Errorf("changing a preset's returned list changed the preset: %q %q %q", cfg.AllowHeaders, cfg.ExposeHeaders, cfg.AllowMethods)
	}
}

// TestAllowAllOriginsRefused: the presets that expose what only listed
// origins may read refuse a Config allowing every origin, with a
// ConfigError naming the field; With then returns the zero Config.
func TestAllowAllOriginsRefused(t *testing.T) {
	open := core.Config{AllowAllOrigins: true}
	if err := presets.Connect.Apply(&open); err != nil {
		t.Errorf("Connect with AllowAllOrigins: %v", err)
	}
	for _, p := range []presets.Preset{presets.GRPCWeb, presets.MCP} {
		cfg := core.Config{AllowAllOrigins: true}
		err := p.Apply(&cfg)
		var ce *core.ConfigError
		if !errors.As(err, &ce) || ce.Field != "AllowAllOrigins" {
			t.Fatalf("%v with AllowAllOrigins: %v, want a ConfigError on AllowAllOrigins", p, err)
		}
		if cfg.AllowHeaders != nil || cfg.ExposeHeaders != nil {
			t.Errorf("%v changed the Config it refused", p)
		}
		t.Log(err)
	}
	cfg, err := presets.With(core.Config{AllowAllOrigins: true}, presets.GRPCWeb, presets.Connect, presets.MCP)
	if err == nil || strings.Count(err.Error(), "corsheaders: AllowAllOrigins") != 2 {
		t.Errorf("With: %v, want the two refusals", err)
	}
	if cfg.AllowAllOrigins || cfg.AllowHeaders != nil {
		t.Errorf("With returned %+v with its error, want the zero Config", cfg)
	}
	if _, err := core.NewPolicy(cfg); err == nil {
		t.Error("NewPolicy accepted the zero Config With returns on error")
	}
}

func TestUnknownPreset(t *testing.T) {
	cfg := listed()
	if err := presets.Preset(0).Apply(&cfg); err == nil {
		t.Error("Preset(0).Apply: no error")
	}
	if err := presets.Preset(200).Apply(&cfg); err == nil || !strings.Contains(err.Error(), "Preset(200)") {
		t.Errorf("Preset(200).Apply: %v", err)
	}
	if got := presets.MCP.String() + presets.GRPCWeb.String() + presets.Connect.String(); got != "MCPGRPCWebConnect" {
		t.Errorf("String: %q", got)
	}
}

// TestPreflightsGranted: with a preset, the policy grants the preflight a
// browser client of the protocol sends, and the answer to the actual
// request lets the script read what the protocol needs; without it, the
// preflight is refused.
func TestPreflightsGranted(t *testing.T) {
	for _, c := range []struct {
		preset  presets.Preset
		method  string
		headers string // as Chromium sends Access-Control-Request-Headers
		read    []string
	}{
		{presets.Connect, "POST", "connect-protocol-version,connect-timeout-ms,content-type", []string{"Content-Encoding", "Connect-Content-Encoding"}},
		{presets.Connect, "GET", "connect-timeout-ms", nil},
		{presets.GRPCWeb, "POST", "content-type,grpc-timeout,x-grpc-web,x-user-agent", []string{"Grpc-Status", "Grpc-Message", "Grpc-Status-Details-Bin"}},
		{presets.MCP, "POST", "content-type,mcp-method,mcp-name,mcp-protocol-version,mcp-session-id", []string{"Mcp-Session-Id"}},
		{presets.MCP, "GET", "last-event-id,mcp-protocol-version,mcp-session-id", []string{"Mcp-Session-Id"}},
		{presets.MCP, "DELETE", "mcp-protocol-version,mcp-session-id", nil},
	} {
		for _, with := range []bool{true, false} {
			cfg := core.Config{AllowedOrigins: []string{app}, AllowMethods: []string{}, AllowHeaders: []string{"content-type"}}
			if with {
				cfg, _ = presets.With(cfg, c.preset)
			}
			p := core.MustPolicy(cfg)
			pre := httptest.NewRequest(http.MethodOptions, "/rpc", nil)
			pre.Header.Set("Origin", app)
			pre.Header.Set("Access-Control-Request-Method", c.method)
			pre.Header.Set("Access-Control-Request-Headers", c.headers)
			h := http.Header{}
			d := core.Handle(p, h, pre)
			methods, _ := browsercheck.ParseList(h.Values("Access-Control-Allow-Methods"))
			headers, _ := browsercheck.ParseList(h.Values("Access-Control-Allow-Headers"))
			granted := d.Status/100 == 2 && browsercheck.MethodGranted(c.method, methods, false) &&
				allGranted(strings.Split(c.headers, ","), headers)
			if granted != with {
				t.Errorf("%v %s %s, preset applied %v: granted %v (%d %v)", c.preset, c.method, c.headers, with, granted, d.Status, h)
			}
			if !with {
				continue
			}
			act := httptest.NewRequest(c.method, "/rpc", nil)
			act.Header.Set("Origin", app)
			h = http.Header{}
			core.Handle(p, h, act)
			for _, name := range c.read {
				if !browsercheck.Exposed(name, false, h) {
					t.Errorf("%v %s: %s not readable: %v", c.preset, c.method, name, h)
				}
			}
		}
	}
}

func allGranted(names, allowed []string) bool {
	for _, n := range names {
		if !browsercheck.HeaderGranted(n, allowed, false) {
			return false
		}
	}
	return true
}
