package main

import (
	_ "embed"
	"errors"
	"html/template"
	"log"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/browsercheck"
	"github.com/corsheaders/corsheaders/core/corsconf"
)

// A call is one button of the page: a fetch() to the API, what it shows, and
// what the browser should make of it.
type call struct {
	Title  string `json:"title"`
	Method string `json:"method"`
	Path   string `json:"path"`
	// Header is what the script sets, in order.
	Header [][2]string `json:"header,omitempty"`
	Body   string      `json:"body,omitempty"`
	// Credentials sends the call with credentials: "include".
	Credentials bool `json:"credentials"`
	// Read names response headers the script tries to read.
	Read []string `json:"read,omitempty"`
	// Shows says what the call is there to show, for the default
	// configuration.
	Shows string `json:"shows"`

	// Expect is the outcome under the API's policy for the page's origin:
	// "succeed" or "refused", and Because says why when refused.
	Expect  string `json:"expect"`
	Because string `json:"because,omitempty"`
}

// calls are the page's buttons, in the order ?autorun=1 clicks them.
var calls = []call{
	{
		Title: "Simple GET", Method: "GET", Path: "/api/hello",
		Shows: "A GET without custom headers is a simple request: no preflight. The API answers with Access-Control-Allow-Origin naming this page, so the script may read the answer.",
	},
	{
		Title: "Read an exposed header", Method: "GET", Path: "/api/items",
		Read:  []string{"X-Request-Id", "X-Total-Count"},
		Shows: "The API sends both X-Request-Id and X-Total-Count. Only X-Request-Id is in CORS_EXPOSE_HEADERS, so the script reads it, and reads null for X-Total-Count.",
	},
	{
		Title: "Log in (sets a cookie)", Method: "POST", Path: "/api/login", Credentials: true,
		Shows: "A POST without a body or custom headers is simple too. With credentials: \"include\" the browser keeps the cookie the answer sets, because the answer says Access-Control-Allow-Credentials: true.",
	},
	{
		Title: "Credentialed GET", Method: "GET", Path: "/api/me", Credentials: true,
		Shows: "credentials: \"include\" sends the API's cookie along; cookieReceived says whether it came (log in first; see \"About the cookie\" below).",
	},
	{
		Title: "The same GET without credentials", Method: "GET", Path: "/api/me",
		Shows: "Allowed as well, but without credentials the browser sends no cookie: cookieReceived is false even after logging in.",
	},
	{
		Title: "PUT with a custom header (preflighted)", Method: "PUT", Path: "/api/items/1", Credentials: true,
		Header: [][2]string{{"Content-Type", "application/json"}, {"X-Demo-Token", "let-me-in"}},
		Body:   `{"name":"renamed by the page"}`,
		Shows:  "PUT, X-Demo-Token and a JSON Content-Type are not CORS-safelisted, so the browser first asks with an OPTIONS preflight. PUT is in CORS_ALLOW_METHODS and x-demo-token in CORS_ALLOW_HEADERS, so the preflight succeeds and the PUT follows.",
	},
	{
		Title: "A header the API does not allow", Method: "PUT", Path: "/api/items/2", Credentials: true,
		Header: [][2]string{{"Content-Type", "application/json"}, {"X-Demo-Token", "let-me-in"}, {"X-Not-Allowed", "1"}},
		Body:   `{"name":"never sent"}`,
		Shows:  "The preflight asks for x-not-allowed, which is not in CORS_ALLOW_HEADERS: the API answers it 403 without any Access-Control-Allow-* header, and the browser never sends the PUT.",
	},
	{
		Title: "A method the API does not allow", Method: "DELETE", Path: "/api/items/2", Credentials: true,
		Shows: "The demo leaves DELETE out of CORS_ALLOW_METHODS: the preflight is refused, and the item is not deleted (curl -X DELETE would delete it: CORS binds browsers only).",
	},
	{
		Title: "A path outside CORS_URLS_REGEX", Method: "GET", Path: "/health",
		Shows: "CORS applies to paths matching CORS_URLS_REGEX (^/api/). /health answers 200 without Access-Control-Allow-Origin: the request reached the server, but the browser hides the answer from the script.",
	},
}

// expectCalls returns calls with their outcome under policy for a page at
// origin: what core decides, checked as the browser checks it.
func expectCalls(policy *core.Policy, origin string) []call {
	out := slices.Clone(calls)
	for i := range out {
		out[i].Because = expect(policy, origin, &out[i])
		out[i].Expect = "succeed"
		if out[i].Because != "" {
			out[i].Expect = "refused"
		}
	}
	return out
}

// expect returns why the browser refuses c from origin, or "": the
// requests a browser sends for c, decided by policy, and checked by
// browsercheck as the browser checks them.
func expect(policy *core.Policy, origin string, c *call) string {
	h := http.Header{}
	for _, kv := range c.Header {
		h.Add(kv[0], kv[1])
	}
	br := browsercheck.Request{Origin: origin, Method: c.Method, Header: h, Credentials: c.Credentials}
	if br.NeedsPreflight() {
		p := br.Preflight()
		r := apiRequest(http.MethodOptions, c.Path, origin)
		r.Header.Set("Access-Control-Request-Method", p.Method)
		if names := p.RequestHeaders(); names != "" {
			r.Header.Set("Access-Control-Request-Headers", names)
		}
		e := policy.Explain(r)
		status := e.Status
		if e.Kind != core.PreflightAccepted && e.Kind != core.PreflightRejected {
			status = http.StatusOK // the application answers it
		}
		if err := p.Check(status, e.Header); err != nil {
			return "the preflight is refused: " + refusal(c.Path, e, err)
		}
	}
	e := policy.Explain(apiRequest(br.Method, c.Path, origin))
	if err := br.Check(e.Header); err != nil {
		return refusal(c.Path, e, err)
	}
	return ""
}

// apiRequest is a request for the API's path from origin, as the policy
// reads it.
func apiRequest(method, path, origin string) *http.Request {
	return &http.Request{Method: method, URL: &url.URL{Path: path}, Header: http.Header{"Origin": {origin}}}
}

// refusal says why the browser refused the answer e explains, for path,
// with err: the policy's reason when it refused, in the settings' names,
// or the browser's own.
func refusal(path string, e core.Explanation, err error) string {
	switch {
	case e.Reason == core.ReasonPathNotEnabled:
		// Explain quotes the regex as compiled; say it as configured.
		return "CORS_URLS_REGEX does not match " + strconv.Quote(path) + ", so the answer carries no CORS headers"
	case e.Kind == core.PreflightRejected || e.Header.Get("Access-Control-Allow-Origin") == "":
		for _, s := range e.Steps {
			if !s.OK {
				return corsconf.SettingNames(s.Detail)
			}
		}
		return corsconf.SettingNames(e.Reason.String())
	}
	var be *browsercheck.Error
	if errors.As(err, &be) && be.Reason == browsercheck.InvalidAllowCredentials {
		return "the call includes credentials, and without CORS_ALLOW_CREDENTIALS the answer lacks Access-Control-Allow-Credentials: true"
	}
	return err.Error()
}

//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("page").Parse(pageHTML))

// pageData is what the page is rendered from.
type pageData struct {
	Origin  string
	Allowed bool
	URLs    urls
	Config  []configRow
	// JS is what the page's script reads.
	JS struct {
		API   string `json:"api"`
		Calls []call `json:"calls"`
	}
}

type configRow struct{ Name, Value, Source string }

// newPage serves the demo page. The page is rendered for the origin it is
// reached at, so that its expectations hold there too: from an origin the
// API does not allow, every call should be refused.
func newPage(policy *core.Policy, o *options, u urls, log *log.Logger) http.Handler {
	var rows []configRow
	for _, s := range settings {
		rows = append(rows, configRow{s.env, s.show(&o.CORS), o.Source[s.env]})
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		d := pageData{Origin: "http://" + r.Host, URLs: u, Config: rows}
		d.JS.API = u.API
		d.JS.Calls = expectCalls(policy, d.Origin)
		d.Allowed = policy.Explain(apiRequest(http.MethodGet, "/api/hello", d.Origin)).Header.Get("Access-Control-Allow-Origin") != ""
		verdict := "allows"
		if !d.Allowed {
			verdict = "does not allow"
		}
		log.Printf("page GET %s for origin %s, which the API %s", r.URL, d.Origin, verdict)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := pageTemplate.Execute(w, &d); err != nil {
			log.Printf("page: %v", err)
		}
	})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}
