package bench

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/corsheaders/corsheaders/core"
)

// Origin is the allowed origin of most scenarios; EvilOrigin is never
// allowed.
const (
	Origin     = "https://app.example.com"
	EvilOrigin = "https://evil.example.net"
	// Path is the path every request asks for; the Gin and Echo servers
	// route it (GET and PUT, no OPTIONS route).
	Path = "/api/items/42"
)

// RequestHeaders is what a preflight of the scenarios asks for: what
// browsers send for a JSON request made with XMLHttpRequest.
const RequestHeaders = "content-type,x-requested-with"

// A Scenario is one request served by every implementation, with the
// configuration it is served under.
type Scenario struct {
	// Name is short, for benchmark names and tables.
	Name string
	// Title says in words what is measured.
	Title string
	// Config is what every implementation is configured with, in its own
	// terms (see Impls).
	Config core.Config
	// Request builds the request; it is built once and served many times.
	Request func() *http.Request
	// Grant says whether the response must carry Access-Control-Allow-Origin.
	Grant bool
	// Preflight says whether the request is a preflight.
	Preflight bool
	// Hostile marks requests no browser sends: their cost is what an
	// attacker can make a server spend.
	Hostile bool
	// Main scenarios are checked for equivalent behaviour by
	// TestEquivalence.
	Main bool
}

// BaseConfig is the configuration of most scenarios: one origin, with
// credentials, one exposed header, and the default methods, headers and
// max age (86400 s).
func BaseConfig() core.Config {
	return core.Config{
		AllowedOrigins:   []string{Origin},
		AllowCredentials: true,
		ExposeHeaders:    []string{"X-Request-Id"},
	}
}

// Methods, Headers and MaxAge are the values of BaseConfig's defaults,
// spelt out for the peers.
var (
	Methods = core.DefaultMethods()
	Headers = core.DefaultHeaders()
	MaxAge  = core.DefaultPreflightMaxAge
)

// NewRequest returns a request for Path with the given header lines (name,
// value, name, value...); a name may repeat.
func NewRequest(method string, header ...string) *http.Request {
	r, err := http.NewRequest(method, "http://api.example.test"+Path, nil)
	if err != nil {
		panic(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	return r
}

// preflight is a preflight from origin for PUT with extra header lines.
func preflight(origin string, header ...string) func() *http.Request {
	return func() *http.Request {
		h := append([]string{"Origin", origin, "Access-Control-Request-Method", http.MethodPut}, header...)
		return NewRequest(http.MethodOptions, h...)
	}
}

func actual(origin string) func() *http.Request {
	return func() *http.Request { return NewRequest(http.MethodGet, "Origin", origin) }
}

// longHost is a 253-byte host name (the longest DNS allows) starting with c.
func longHost(c byte) string {
	label := strings.Repeat(string(c), 63)
	return label + "." + label + "." + label + "." + strings.Repeat(string(c), 61)
}

func listOf(n int) []string {
	origins := make([]string, n)
	for i := range origins {
		origins[i] = fmt.Sprintf("https://app%d.example.com", i)
	}
	return origins
}

// Scenarios are the scenarios of the comparison, in the order of the report.
var Scenarios = []Scenario{
	{
		Name: "no-origin", Title: "same-origin GET, without Origin",
		Config: BaseConfig(), Request: func() *http.Request { return NewRequest(http.MethodGet) }, Main: true,
	},
	{
		Name: "actual-allowed", Title: "GET from the allowed origin",
		Config: BaseConfig(), Request: actual(Origin), Grant: true, Main: true,
	},
	{
		Name: "actual-disallowed", Title: "GET from an origin not allowed",
		Config: BaseConfig(), Request: actual(EvilOrigin), Main: true,
	},
	{
		Name: "preflight-allowed", Title: "preflight for PUT with " + RequestHeaders + ", from the allowed origin",
		Config: BaseConfig(), Request: preflight(Origin, "Access-Control-Request-Headers", RequestHeaders),
		Grant: true, Preflight: true, Main: true,
	},
	{
		Name: "preflight-disallowed", Title: "the same preflight from an origin not allowed",
		Config: BaseConfig(), Request: preflight(EvilOrigin, "Access-Control-Request-Headers", RequestHeaders),
		Preflight: true, Main: true,
	},
	{
		Name: "long-hosts", Title: "2 origins with 253-byte hosts, GET from the second",
		Config:  withOrigins("https://"+longHost('a'), "https://"+longHost('b')),
		Request: actual("https://" + longHost('b')), Grant: true, Main: true,
	},
	{
		Name: "origins-1000", Title: "1,000 listed origins, GET from the last",
		Config: withOrigins(listOf(1000)...), Request: actual("https://app999.example.com"), Grant: true, Main: true,
	},
	{
		Name: "origins-100000", Title: "100,000 listed origins, GET from the last",
		Config: withOrigins(listOf(100_000)...), Request: actual("https://app99999.example.com"), Grant: true, Main: true,
	},
	{
		Name: "subdomains-100", Title: "100 subdomain patterns (https://*.tenantN.example.com), GET from a.b.tenant99",
		Config: withOrigins(subdomainPatterns(100)...), Request: actual("https://a.b.tenant99.example.com"), Grant: true, Main: true,
	},
	{
		Name: "regexes-10", Title: "10 origin regexes, GET matching the last",
		Config: func() core.Config {
			cfg := withOrigins()
			for i := range 10 {
				cfg.AllowedOriginRegexes = append(cfg.AllowedOriginRegexes, fmt.Sprintf(`https://[a-z]+\.r%d\.example\.com`, i))
			}
			return cfg
		}(),
		Request: actual("https://app.r9.example.com"), Grant: true, Main: true,
	},
	{
		Name: "allow-all", Title: "every origin allowed, without credentials; GET",
		Config:  core.Config{AllowAllOrigins: true, ExposeHeaders: []string{"X-Request-Id"}},
		Request: actual(Origin), Grant: true, Main: true,
	},
	{
		Name: "allow-all-preflight", Title: "every origin allowed, without credentials; preflight for PUT with " + RequestHeaders,
		Config:  core.Config{AllowAllOrigins: true, ExposeHeaders: []string{"X-Request-Id"}},
		Request: preflight(Origin, "Access-Control-Request-Headers", RequestHeaders), Grant: true, Preflight: true, Main: true,
	},
	{
		// Not Main: the peers compare origins byte for byte or lower-case
		// them, so they disagree on the grant; Shortcuts says which refuse.
		Name: "upper-case-origin", Title: "GET from the allowed origin written in upper case, as some non-browser clients send it",
		Config: BaseConfig(), Request: actual(strings.ToUpper(Origin)), Grant: true,
	},
	{
		Name: "hostile-commas", Title: "preflight whose Access-Control-Request-Headers is 1 MiB of commas",
		Config: BaseConfig(), Request: preflight(Origin, "Access-Control-Request-Headers", strings.Repeat(",", 1<<20)),
		Preflight: true, Hostile: true,
	},
	{
		Name: "hostile-spaces", Title: "preflight whose Access-Control-Request-Headers is 1 MiB of spaces",
		Config: BaseConfig(), Request: preflight(Origin, "Access-Control-Request-Headers", strings.Repeat(" ", 1<<20)),
		Preflight: true, Hostile: true,
	},
	{
		Name: "hostile-header-lines", Title: "preflight with 1,000 Access-Control-Request-Headers lines",
		Config: BaseConfig(), Request: preflight(Origin, repeatLine("Access-Control-Request-Headers", "content-type", 1000)...),
		Preflight: true, Hostile: true,
	},
	{
		Name: "hostile-origin-lines", Title: "preflight with 1,000 Origin lines",
		Config: BaseConfig(), Request: preflight(Origin, repeatLine("Origin", Origin, 999)...),
		Preflight: true, Hostile: true,
	},
	{
		Name: "hostile-long-origin", Title: "preflight from a 10 kB origin",
		Config:    BaseConfig(),
		Request:   preflight("https://" + strings.Repeat("a", 10_000) + ".example.com"),
		Preflight: true, Hostile: true,
	},
}

func withOrigins(origins ...string) core.Config {
	cfg := BaseConfig()
	cfg.AllowedOrigins = origins
	return cfg
}

func subdomainPatterns(n int) []string {
	p := make([]string, n)
	for i := range p {
		p[i] = fmt.Sprintf("https://*.tenant%d.example.com", i)
	}
	return p
}

func repeatLine(name, value string, n int) []string {
	kv := make([]string, 0, 2*n)
	for range n {
		kv = append(kv, name, value)
	}
	return kv
}

// ScenarioNamed returns the scenario called name.
func ScenarioNamed(name string) (Scenario, bool) {
	for _, s := range Scenarios {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// maxAgeSeconds is MaxAge as the peers take it.
var maxAgeSeconds = int(MaxAge / time.Second)
