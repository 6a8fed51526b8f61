package corstest

import (
	"strings"

	"github.com/corsheaders/corsheaders/core"
)

// A GuardCase is one request to a server whose Config sets HostGuard or
// EnforceOrigin, and whether the middleware refuses it, for
// [RunGuard].
type GuardCase struct {
	Name   string
	Config core.Config
	Method string // "" means GET
	Path   string // "" means "/mcp"
	// Host is the Host the request carries.
	Host string
	// Header lists header lines in order, Origin and Sec-Fetch-Site
	// included.
	Header [][2]string
	// Refused is the reason the middleware refuses the request for:
	// core.ReasonHostNotAllowed, ReasonOriginEnforced or
	// ReasonCrossSiteWithoutOrigin, answered 403 without any CORS header,
	// before the application runs and before anything reads the body;
	// ReasonAllowed when it is not refused (the application runs, or a
	// preflight is answered: Preflight).
	Refused core.Reason
	// Preflight: the request is a preflight, answered by the middleware
	// with 204 when Status is 0, or with Status.
	Preflight bool
	Status    int
}

// Values the guard cases share.
const (
	guardApp   = "https://app.example.com"
	guardEvil  = "https://evil.example"
	guardLocal = "localhost:8080"
)

// loopbackGuard guards loopback names, with one allowed origin.
func loopbackGuard() core.Config {
	return core.Config{HostGuard: true, AllowedOrigins: []string{guardApp}}
}

// enforcing guards loopback names and enforces Origin, with paths of
// every kind: open to all (/public/), a list (/mcp), closed (/internal/),
// and none (everything else).
func enforcing() core.Config {
	return core.Config{HostGuard: true, EnforceOrigin: true, Paths: []core.PathRule{
		{Prefix: "/public/", Config: core.Config{AllowAllOrigins: true}},
		{Prefix: "/mcp", Config: core.Config{AllowedOrigins: []string{guardApp}}},
		{Prefix: "/internal/", Config: core.Config{}},
	}}
}

func origin1(o string) [][2]string { return [][2]string{{"Origin", o}} }

// GuardCases returns the cases of [RunGuard], fresh on every call.
func GuardCases() []GuardCase {
	var cs []GuardCase
	for _, h := range []string{"localhost", guardLocal, "LOCALHOST:8080", "127.0.0.1:3000", "[::1]:8080"} {
		cs = append(cs, GuardCase{Name: "loopback Host " + h, Config: loopbackGuard(), Host: h, Method: "POST", Header: origin1(guardApp)})
	}
	for _, h := range []string{"rebind.evil.com:8080", "localhost.:8080", "localhost:08080", "[::ffff:127.0.0.1]:8080", "127.0.0.1.nip.io:8080", "localhost.evil.com", "evil.localhost:8080", strings.Repeat("a", 10<<10)} {
		name := h
		if len(name) > 40 {
			name = "10 kB"
		}
		cs = append(cs,
			GuardCase{Name: "rebound Host " + name, Config: loopbackGuard(), Host: h, Refused: core.ReasonHostNotAllowed},
			GuardCase{Name: "rebound Host " + name + ", same-origin POST", Config: loopbackGuard(), Host: h, Method: "POST",
				Header: [][2]string{{"Origin", "http://" + h}, {"Content-Type", "text/plain"}, {"Sec-Fetch-Site", "same-origin"}}, Refused: core.ReasonHostNotAllowed},
		)
	}
	cs = append(cs,
		GuardCase{Name: "rebound Host, preflight", Config: loopbackGuard(), Method: "OPTIONS", Host: "rebind.evil.com:8080",
			Header: [][2]string{{"Origin", guardApp}, {"Access-Control-Request-Method", "PUT"}}, Refused: core.ReasonHostNotAllowed},
		GuardCase{Name: "rebound Host, WebSocket handshake", Config: loopbackGuard(), Path: "/ws", Host: "rebind.evil.com:8080",
			Header:  [][2]string{{"Origin", "http://rebind.evil.com:8080"}, {"Connection", "Upgrade"}, {"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"}, {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}},
			Refused: core.ReasonHostNotAllowed},
		GuardCase{Name: "rebound Host, X-Forwarded-Host localhost", Config: loopbackGuard(), Method: "POST", Host: "rebind.evil.com:8080",
			Header: [][2]string{{"X-Forwarded-Host", guardLocal}, {"Forwarded", "host=localhost:8080"}}, Refused: core.ReasonHostNotAllowed},
		GuardCase{Name: "allowed preflight to loopback", Config: loopbackGuard(), Method: "OPTIONS", Host: guardLocal,
			Header: [][2]string{{"Origin", guardApp}, {"Access-Control-Request-Method", "PUT"}}, Preflight: true},
		GuardCase{Name: "listed Host", Config: core.Config{HostGuard: true, AllowedHosts: []string{"api.example.test", "localhost:8080"}, AllowedOrigins: []string{guardApp}},
			Host: "api.example.test"},
		GuardCase{Name: "listed Host and port", Config: core.Config{HostGuard: true, AllowedHosts: []string{"api.example.test", "localhost:8080"}, AllowedOrigins: []string{guardApp}},
			Host: guardLocal},
		GuardCase{Name: "Host at another port than listed", Config: core.Config{HostGuard: true, AllowedHosts: []string{"api.example.test", "localhost:8080"}, AllowedOrigins: []string{guardApp}},
			Host: "localhost:9090", Refused: core.ReasonHostNotAllowed},
		GuardCase{Name: "loopback Host refused when hosts are listed", Config: core.Config{HostGuard: true, AllowedHosts: []string{"api.example.test"}, AllowedOrigins: []string{guardApp}},
			Host: "127.0.0.1", Refused: core.ReasonHostNotAllowed},
	)

	// Origin enforcement: a foreign Origin is refused on every path, where
	// CORS is enabled and where it is not.
	for _, path := range []string{"/mcp", "/internal/x", "/other", "/public/../mcp", "/MCP"} {
		cs = append(cs, GuardCase{Name: "enforced: foreign simple POST to " + path, Config: enforcing(), Method: "POST", Path: path, Host: guardLocal,
			Header: [][2]string{{"Origin", guardEvil}, {"Content-Type", "text/plain"}}, Refused: core.ReasonOriginEnforced})
	}
	cs = append(cs,
		GuardCase{Name: "enforced: allowed origin on its path", Config: enforcing(), Method: "POST", Path: "/mcp", Host: guardLocal, Header: origin1(guardApp)},
		GuardCase{Name: "enforced: allowed origin off its path", Config: enforcing(), Method: "POST", Path: "/other", Host: guardLocal, Header: origin1(guardApp), Refused: core.ReasonOriginEnforced},
		GuardCase{Name: "enforced: any origin on an allow-all path", Config: enforcing(), Method: "POST", Path: "/public/feed", Host: guardLocal, Header: origin1(guardEvil)},
		GuardCase{Name: "enforced: null Origin", Config: enforcing(), Method: "POST", Path: "/mcp", Host: guardLocal, Header: origin1("null"), Refused: core.ReasonOriginEnforced},
		GuardCase{Name: "enforced: two Origin lines", Config: enforcing(), Method: "POST", Path: "/mcp", Host: guardLocal, Header: [][2]string{{"Origin", guardApp}, {"Origin", guardApp}}, Refused: core.ReasonOriginEnforced},
		GuardCase{Name: "enforced: same-origin POST", Config: enforcing(), Method: "POST", Path: "/other", Host: guardLocal, Header: origin1("http://localhost:8080")},
		GuardCase{Name: "enforced: same-origin POST, default port", Config: enforcing(), Method: "POST", Path: "/other", Host: "localhost:80", Header: origin1("http://localhost")},
		GuardCase{Name: "enforced: https Origin of the host over http", Config: enforcing(), Method: "POST", Path: "/other", Host: guardLocal, Header: origin1("https://localhost:8080"), Refused: core.ReasonOriginEnforced},
		GuardCase{Name: "enforced: same-origin, PublicScheme https", Config: withPublicScheme(enforcing(), "https"), Method: "POST", Path: "/other", Host: guardLocal, Header: origin1("https://localhost:8080")},
		GuardCase{Name: "enforced: no Origin", Config: enforcing(), Method: "POST", Path: "/other", Host: guardLocal},
		GuardCase{Name: "enforced: no Origin, Sec-Fetch-Site none", Config: enforcing(), Path: "/mcp", Host: guardLocal, Header: [][2]string{{"Sec-Fetch-Site", "none"}}},
		GuardCase{Name: "enforced: no Origin, Sec-Fetch-Site same-origin", Config: enforcing(), Path: "/mcp", Host: guardLocal, Header: [][2]string{{"Sec-Fetch-Site", "same-origin"}}},
		GuardCase{Name: "enforced: no-cors GET, Sec-Fetch-Site cross-site", Config: enforcing(), Path: "/mcp", Host: guardLocal, Header: [][2]string{{"Sec-Fetch-Site", "cross-site"}}, Refused: core.ReasonCrossSiteWithoutOrigin},
		GuardCase{Name: "enforced: no-cors GET, Sec-Fetch-Site same-site", Config: enforcing(), Path: "/public/x", Host: guardLocal, Header: [][2]string{{"Sec-Fetch-Site", "same-site"}}, Refused: core.ReasonCrossSiteWithoutOrigin},
		GuardCase{Name: "enforced: foreign preflight rejected as without enforcement", Config: enforcing(), Method: "OPTIONS", Path: "/mcp", Host: guardLocal,
			Header: [][2]string{{"Origin", guardEvil}, {"Access-Control-Request-Method", "PUT"}}, Preflight: true, Status: 403},
		GuardCase{Name: "enforced: allowed preflight", Config: enforcing(), Method: "OPTIONS", Path: "/mcp", Host: guardLocal,
			Header: [][2]string{{"Origin", guardApp}, {"Access-Control-Request-Method", "PUT"}}, Preflight: true},
		GuardCase{Name: "enforced: URLsRegex leaves no hole", Config: core.Config{HostGuard: true, EnforceOrigin: true, URLsRegex: "^/mcp", AllowedOrigins: []string{guardApp}},
			Method: "POST", Path: "/x/../mcp", Host: guardLocal, Header: origin1(guardEvil), Refused: core.ReasonOriginEnforced},
		GuardCase{Name: "enforced: rebound Host refused before Origin", Config: enforcing(), Method: "POST", Path: "/mcp", Host: "rebind.evil.com:8080",
			Header: origin1("http://rebind.evil.com:8080"), Refused: core.ReasonHostNotAllowed},
		GuardCase{Name: "guard alone, no origin allowed: foreign POST", Config: core.Config{HostGuard: true, EnforceOrigin: true}, Method: "POST", Host: guardLocal,
			Header: origin1(guardEvil), Refused: core.ReasonOriginEnforced},
		GuardCase{Name: "guard alone, no origin allowed: same-origin POST", Config: core.Config{HostGuard: true, EnforceOrigin: true}, Method: "POST", Host: guardLocal,
			Header: origin1("http://localhost:8080")},
	)
	return cs
}

func withPublicScheme(cfg core.Config, scheme string) core.Config {
	cfg.PublicScheme = scheme
	return cfg
}
