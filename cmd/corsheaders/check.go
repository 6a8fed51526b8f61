package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/corsheaders/corsheaders/core/browsercheck"
)

// maxRedirects is the Fetch standard's limit on redirects.
const maxRedirects = 20

// maxBody is how much of a response body check reads before discarding the
// rest: it only needs the connection to be reusable.
const maxBody = 1 << 20

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "URL --origin O [--method M] [--header 'Name: value']... [--credentials] [--cacert FILE] [--json]", stderr)
	var r request
	r.register(fs)
	var c checker
	fs.StringVar(&c.cookie, "cookie", "", "with --credentials, the Cookie the browser would send, such as 'session=abc' (none otherwise)")
	fs.StringVar(&c.data, "data", "", "request body; fetch() labels a string body text/plain;charset=UTF-8 unless --header sets Content-Type")
	fs.DurationVar(&c.timeout, "timeout", defaultTimeout, "time limit for each request")
	probe := fs.Bool("probe", true, "after a refused preflight, send more preflights, each asking for less, to find what the server refuses (false: send only the requests a browser sends)")
	cacert := fs.String("cacert", "", "PEM file of a CA certificate to trust besides the system's, such as a development CA")
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "corsheaders check: give one URL")
		fs.Usage()
		return exitUsage
	}
	if err := r.validate(); err != nil {
		fmt.Fprintln(stderr, "corsheaders check:", err)
		return exitUsage
	}
	u, err := url.Parse(pos[0])
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fmt.Fprintf(stderr, "corsheaders check: %q: give an absolute http or https URL\n", pos[0])
		return exitUsage
	}
	if u.User != nil {
		fmt.Fprintf(stderr, "corsheaders check: %q: fetch() throws a TypeError for a URL with a user name or password; remove it (use --header 'Authorization: ...' instead)\n", u.Redacted())
		return exitUsage
	}
	if c.cookie != "" && !r.credentials {
		fmt.Fprintln(stderr, "corsheaders check: --cookie needs --credentials: a browser sends cookies cross-origin only with credentials: \"include\"")
		return exitUsage
	}
	h, dropped, err := r.headers.parse()
	if err != nil {
		fmt.Fprintln(stderr, "corsheaders check:", err)
		return exitUsage
	}
	c.noProbe = !*probe
	if *cacert != "" {
		if c.roots, err = loadRoots(*cacert); err != nil {
			fmt.Fprintln(stderr, "corsheaders check:", err)
			return exitUsage
		}
	}
	rep := c.check(ctx, u, r.origin, r.method, h, r.credentials)
	for _, name := range dropped {
		rep.Notes = append(rep.Notes, "a script cannot set "+name+": the browser drops it, and so does check")
	}
	if r.json {
		writeJSON(stdout, rep)
	} else {
		rep.print(stdout)
	}
	switch {
	case rep.Verdict.Error != "":
		return exitUsage
	case rep.Verdict.Allowed:
		return exitOK
	}
	return exitRefused
}

// A checker sends the requests of one fetch() as a browser would.
type checker struct {
	cookie  string
	data    string
	timeout time.Duration
	// noProbe: send only the requests a browser sends, no probe.
	noProbe bool
	// roots, when not nil, are the certificates trusted for https.
	roots  *x509.CertPool
	client *http.Client
}

func (c *checker) httpClient() *http.Client {
	if c.client != nil {
		return c.client
	}
	if c.timeout <= 0 {
		c.timeout = defaultTimeout
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: c.timeout}).DialContext
	t.ResponseHeaderTimeout = c.timeout
	if c.roots != nil {
		t.TLSClientConfig = &tls.Config{RootCAs: c.roots}
	}
	c.client = &http.Client{
		Transport: t,
		Timeout:   c.timeout,
		// No cookie jar: cookies are sent only when --cookie says so.
		// Redirects are followed by check itself, as a browser's CORS
		// mode does.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c.client
}

// loadRoots is the system's certificate pool with the certificates of the
// PEM file path added.
func loadRoots(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--cacert: %w", err)
	}
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("--cacert %q: no certificate found: give the CA certificate in PEM, the text between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE-----", path)
	}
	return roots, nil
}

// check runs the fetch() of method with headers h from origin to u.
func (c *checker) check(ctx context.Context, u *url.URL, origin, method string, h http.Header, credentials bool) *report {
	method = browsercheck.NormalizeMethod(method)
	h = h.Clone()
	body := c.data
	if body != "" && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "text/plain;charset=UTF-8")
	}
	rep := &report{Command: "check", URL: u.String(), Origin: origin, Method: method, Credentials: credentials}
	br := browsercheck.Request{URL: u.String(), Origin: origin, Method: method, Header: h, Credentials: credentials}
	rep.Preflight, rep.Why = br.NeedsPreflight(), preflightWhy(method, h)
	if body != "" && (method == http.MethodGet || method == http.MethodHead) {
		rep.Notes = append(rep.Notes, "fetch() refuses a body with GET or HEAD; --data is ignored")
		body = ""
	}

	// cors is the response tainting: "cors" once the request is
	// cross-origin; tainted, once a redirect crossed origins, makes the
	// Origin "null".
	cors := false
	from := ""
	// cookieHost is the host the --cookie was given for: a browser's jar
	// sends it to that host only, not to where a redirect leads. Given
	// for an https URL, it is taken as Secure, as a session cookie should
	// be: a browser never sends it over http, so neither does check once
	// a redirect leads there.
	cookieHost := strings.ToLower(u.Hostname())
	cookieSecure := u.Scheme == "https"
	for hop := 0; ; hop++ {
		if hop > maxRedirects {
			rep.Verdict.Error = fmt.Sprintf("more than %d redirects", maxRedirects)
			return rep
		}
		br.URL = u.String()
		if !cors && originOf(u) != br.Origin {
			cors = true
		}
		if !cors {
			rep.Notes = append(rep.Notes, u.Redacted()+" is same-origin with "+br.Origin+": CORS does not apply")
		}
		if cors && br.NeedsPreflight() {
			ok := c.preflight(ctx, rep, &br, from)
			if !ok {
				return rep
			}
		}
		cookie := c.cookie
		if !strings.EqualFold(u.Hostname(), cookieHost) || cookieSecure && u.Scheme != "https" {
			cookie = ""
		}
		s, res, err := c.send(ctx, u, &br, body, cors, cookie)
		if err != nil {
			rep.Steps = append(rep.Steps, s)
			rep.Verdict.Error = err.Error()
			return rep
		}
		if cors {
			if err := br.Check(res.Header); err != nil {
				e := err.(*browsercheck.Error)
				s.Checks = append(s.Checks, check{"CORS check", false, e.Error()})
				rep.Steps = append(rep.Steps, s)
				rep.Verdict.refuse(redirectedFrom(e, from))
				switch {
				case br.Credentials && browsercheck.CheckCORS(br.Origin, false, res.Header) == nil:
					rep.Verdict.Cause, rep.Verdict.Fix = "credentials", credentialsFix(e)
				case e.Reason == browsercheck.MissingAllowOrigin:
					rep.Verdict.Cause, rep.Verdict.Fix = missingAllowOriginFix(br.Origin, res.Header)
				}
				if br.Origin == "null" && origin != "null" {
					rep.Verdict.Fix = "fetch " + u.Redacted() + " directly from the page: a redirect across origins made the browser send Origin: null, and allowing \"null\" would also allow every sandboxed iframe and data: URL"
				}
				return rep
			}
			s.Checks = append(s.Checks, check{"CORS check", true, corsPassed(&br, res.Header)})
		}
		loc := res.Header.Get("Location")
		if !isRedirect(res.StatusCode) || loc == "" {
			rep.Steps = append(rep.Steps, s)
			rep.Verdict.allow(res.StatusCode, res.Header, credentials)
			if !cors {
				rep.Verdict.Readable = nil
			}
			return rep
		}

		// A redirect: the browser follows it itself, in CORS mode.
		s.Kind = "redirect"
		next, err := u.Parse(loc)
		switch {
		case err != nil:
			s.Checks = append(s.Checks, check{"redirect", false, fmt.Sprintf("Location %q is not a URL", loc)})
			rep.Steps = append(rep.Steps, s)
			rep.Verdict.Error = fmt.Sprintf("the redirect's Location %q is not a URL: fetch() rejects with a TypeError", loc)
			return rep
		case next.Scheme != "http" && next.Scheme != "https":
			s.Checks = append(s.Checks, check{"redirect", false, "the Location's scheme is " + next.Scheme + ": browsers follow redirects to http and https only"})
			rep.Steps = append(rep.Steps, s)
			rep.Verdict.Error = "redirected to " + next.Redacted() + ": fetch() rejects with a TypeError (the URL scheme must be http or https); check does not follow it"
			return rep
		case cors && next.User != nil:
			s.Checks = append(s.Checks, check{"redirect", false, "the Location carries a user name or password, which a CORS request never follows"})
			rep.Steps = append(rep.Steps, s)
			rep.Verdict.Error = "Redirect location '" + next.Redacted() + "' contains a username and password, which is disallowed for cross-origin requests."
			return rep
		}
		detail := "to " + next.Redacted()
		if originOf(next) != originOf(u) {
			// The Fetch standard removes Authorization on a redirect to
			// another origin.
			if h.Get("Authorization") != "" {
				h.Del("Authorization")
				detail += "; it leads to another origin, so the browser drops the Authorization header"
			}
			if c.cookie != "" && br.Credentials && !strings.EqualFold(next.Hostname(), cookieHost) {
				detail += "; --cookie was given for " + cookieHost + ", so check does not send it to " + next.Hostname() + " (the browser would send that host's own cookies)"
			}
		}
		if c.cookie != "" && br.Credentials && cookieSecure && next.Scheme != "https" && strings.EqualFold(next.Hostname(), cookieHost) {
			detail += "; it leads to http, so check does not send --cookie, given for an https URL, in clear text (a browser never sends a Secure cookie over http)"
		}
		if originOf(next) != originOf(u) && br.Origin != originOf(u) && br.Origin != "null" {
			br.Origin = "null"
			detail += "; it crosses origins after a cross-origin hop, so the browser now sends Origin: null, and the next answer must allow \"null\" (or \"*\")"
		}
		if (res.StatusCode == 301 || res.StatusCode == 302) && method == http.MethodPost || res.StatusCode == 303 && method != http.MethodHead {
			if method != http.MethodGet {
				detail += "; " + fmt.Sprint(res.StatusCode) + " turns " + method + " into GET, without the body"
			}
			method, body = http.MethodGet, ""
			br.Method = method
			for _, name := range []string{"Content-Encoding", "Content-Language", "Content-Location", "Content-Type"} {
				h.Del(name)
			}
		}
		s.Checks = append(s.Checks, check{"redirect", true, detail})
		rep.Steps = append(rep.Steps, s)
		if from == "" {
			from = u.Redacted()
		}
		u = next
	}
}

// preflight sends br's preflight and checks the answer; false means the
// browser stops there.
func (c *checker) preflight(ctx context.Context, rep *report, br *browsercheck.Request, from string) bool {
	p := br.Preflight()
	s := step{Kind: "preflight", Method: http.MethodOptions, URL: redactURL(br.URL)}
	sent, res, err := c.sendPreflight(ctx, p)
	s.Sent = sent
	if err != nil {
		rep.Steps = append(rep.Steps, s)
		rep.Verdict.Error = "preflight: " + err.Error()
		return false
	}
	s.Status, s.Headers = res.StatusCode, corsHeaders(res.Header)
	if err := p.Check(res.StatusCode, res.Header); err != nil {
		e := err.(*browsercheck.Error)
		s.Checks = append(s.Checks, check{"preflight check", false, e.Error()})
		rep.Verdict.refuse(redirectedFrom(e, from))
		if cause, fix := c.diagnose(ctx, &s, p, e, res); fix != "" {
			rep.Verdict.Cause, rep.Verdict.Fix = cause, fix
		} else if e.Reason == browsercheck.MissingAllowOrigin {
			rep.Verdict.Fix += "; this preflight asks for " + asked(p) + " (with corsheaders, `corsheaders explain` names the setting that refuses it)"
		}
		rep.Steps = append(rep.Steps, s)
		return false
	}
	s.Checks = append(s.Checks, check{"preflight check", true, preflightPassed(p, res)})
	rep.Steps = append(rep.Steps, s)
	return true
}

// sendPreflight sends the OPTIONS request that asks p, and returns what it
// sent and the answer, its body read.
func (c *checker) sendPreflight(ctx context.Context, p browsercheck.Preflight) (http.Header, *http.Response, error) {
	sent := http.Header{}
	sent.Set("Origin", p.Origin)
	sent.Set("Access-Control-Request-Method", p.Method)
	if acrh := p.RequestHeaders(); acrh != "" {
		sent.Set("Access-Control-Request-Headers", acrh)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodOptions, p.URL, nil)
	if err != nil {
		return sent, nil, err
	}
	for name, vs := range sent {
		req.Header[name] = vs
	}
	req.Header.Set("Accept", "*/*")
	setFetchMetadata(req, p.Origin)
	res, err := c.httpClient().Do(req)
	if err != nil {
		return sent, nil, err
	}
	drain(res)
	return sent, res, nil
}

// send sends the actual request (or its next hop).
func (c *checker) send(ctx context.Context, u *url.URL, br *browsercheck.Request, body string, cors bool, cookie string) (step, *http.Response, error) {
	s := step{Kind: "request", Method: br.Method, URL: u.Redacted(), Sent: http.Header{}}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, br.Method, u.String(), rd)
	if err != nil {
		return s, nil, err
	}
	for name, vs := range br.Header {
		req.Header[http.CanonicalHeaderKey(name)] = vs
		s.Sent[http.CanonicalHeaderKey(name)] = redact(name, vs)
	}
	if cors {
		req.Header.Set("Origin", br.Origin)
		s.Sent.Set("Origin", br.Origin)
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "*/*")
	}
	if br.Credentials && cookie != "" {
		req.Header.Set("Cookie", cookie)
		s.Sent["Cookie"] = redact("Cookie", []string{cookie})
	}
	setFetchMetadata(req, br.Origin)
	res, err := c.httpClient().Do(req)
	if err != nil {
		return s, nil, err
	}
	drain(res)
	s.Status, s.Headers = res.StatusCode, corsHeaders(res.Header)
	return s, res, nil
}

// redact hides the values of credentials in what a report shows, so that
// check's output can be pasted into an issue or kept in CI logs.
func redact(name string, vs []string) []string {
	switch strings.ToLower(name) {
	case "authorization", "cookie", "proxy-authorization":
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = fmt.Sprintf("(%d bytes, not shown)", len(v))
		}
		return out
	}
	return vs
}

// redactURL is s with any password hidden.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	return s
}

// setFetchMetadata adds the Sec-Fetch-* headers a browser sends with a
// fetch(), which servers guarding against CSRF read.
func setFetchMetadata(req *http.Request, origin string) {
	req.Header.Set("Sec-Fetch-Mode", "cors")
	req.Header.Set("Sec-Fetch-Dest", "empty")
	req.Header.Set("Sec-Fetch-Site", fetchSite(origin, req.URL))
	req.Header.Set("User-Agent", "corsheaders-check (like a browser's fetch())")
}

// fetchSite is Sec-Fetch-Site for a request from origin to u. Two hosts
// are taken as the same site when their last two labels agree, which is
// right for most names (not under multi-label public suffixes).
func fetchSite(origin string, u *url.URL) string {
	if origin == originOf(u) {
		return "same-origin"
	}
	o, err := url.Parse(origin)
	if err != nil || origin == "null" || o.Scheme != u.Scheme {
		return "cross-site"
	}
	if site(o.Hostname()) == site(u.Hostname()) {
		return "same-site"
	}
	return "cross-site"
}

func site(host string) string {
	if net.ParseIP(host) != nil {
		return host
	}
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	if len(labels) <= 2 {
		return strings.Join(labels, ".")
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

func drain(res *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, maxBody))
	_ = res.Body.Close()
}

func isRedirect(status int) bool {
	switch status {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// originOf is u's serialized origin.
func originOf(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	port := u.Port()
	if u.Scheme == "http" && port == "80" || u.Scheme == "https" && port == "443" {
		port = ""
	}
	if port != "" {
		host += ":" + port
	}
	return strings.ToLower(u.Scheme) + "://" + host
}

// validOrigin reports whether s is a serialized http(s) origin.
func validOrigin(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Path == "" && u.RawQuery == "" && u.Fragment == "" && u.User == nil && originOf(u) == s
}

// redirectedFrom notes, in the console message, the URL a redirect started
// from, as Chromium does.
func redirectedFrom(e *browsercheck.Error, from string) *browsercheck.Error {
	e.RedirectedFrom = from
	return e
}

// asked lists what preflight p asks the server to allow.
func asked(p browsercheck.Preflight) string {
	s := "the method " + p.Method
	if len(p.Headers) > 0 {
		s += " and the headers " + strings.Join(p.Headers, ", ")
	}
	return s
}

func corsPassed(br *browsercheck.Request, h http.Header) string {
	acao := h.Get("Access-Control-Allow-Origin")
	d := "Access-Control-Allow-Origin: " + acao
	if acao == "*" {
		d += " allows every origin, as the request is without credentials"
	} else {
		d += " is the origin"
	}
	if br.Credentials {
		d += ", and Access-Control-Allow-Credentials is true"
	}
	return d
}

func preflightPassed(p browsercheck.Preflight, res *http.Response) string {
	d := fmt.Sprintf("status %d is ok; %s is granted", res.StatusCode, p.Method)
	if len(p.Headers) > 0 {
		d += ", and so are " + strings.Join(p.Headers, ", ")
	}
	if ma := res.Header.Get("Access-Control-Max-Age"); ma != "" {
		d += "; the browser may reuse this answer for " + ma + " s (Chromium at most 7200)"
	} else {
		d += "; without Access-Control-Max-Age the browser reuses this answer for 5 s"
	}
	return d
}
