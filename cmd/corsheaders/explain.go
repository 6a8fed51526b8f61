package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strings"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/browsercheck"
)

func runExplain(args, environ []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("explain", "(--config cors.json | --env [--prefix P]) --origin O [--method M] [--header 'Name: value']... [--path P] [--credentials] [--json]", stderr)
	var r request
	r.register(fs)
	var src source
	src.register(fs)
	path := fs.String("path", "/", "path of the request, matched by CORS_URLS_REGEX")
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "corsheaders explain: unexpected argument %q; give the path with --path\n", pos[0])
		return exitUsage
	}
	if err := r.validate(); err != nil {
		fmt.Fprintln(stderr, "corsheaders explain:", err)
		return exitUsage
	}
	h, dropped, err := r.headers.parse()
	if err != nil {
		fmt.Fprintln(stderr, "corsheaders explain:", err)
		return exitUsage
	}
	set, problems, err := src.load(environ)
	if err != nil {
		fmt.Fprintln(stderr, "corsheaders explain:", err)
		return exitUsage
	}
	var policy *core.Policy
	if problems == nil {
		policy, problems = set.Policy()
	}
	if problems != nil {
		fmt.Fprintln(stderr, "corsheaders explain: the configuration is invalid (corsheaders validate lists the problems):")
		for _, p := range flatten(problems) {
			fmt.Fprintln(stderr, "  "+p.Error())
		}
		return exitUsage
	}

	rep := explain(policy, set.Translate, r.origin, r.method, *path, h, r.credentials)
	rep.Notes = append(rep.Notes, set.Notes...)
	for _, name := range dropped {
		rep.Notes = append(rep.Notes, "a script cannot set "+name+": the browser drops it, and so does explain")
	}
	if r.json {
		writeJSON(stdout, rep)
	} else {
		rep.print(stdout)
	}
	if rep.Verdict.Allowed {
		return exitOK
	}
	return exitRefused
}

// explain is check's question answered by policy, without a network: the
// requests a browser sends, the policy's decision on each (through
// Policy.Explain) and the browser's checks of the headers it would write.
// The application is taken to answer 200.
// policyRequest is the request the policy explains: method on path, with
// header h.
func policyRequest(method, path string, h http.Header) *http.Request {
	return &http.Request{Method: method, URL: &neturl.URL{Path: path}, Header: h}
}

// explain says what a browser makes of the policy's answers; words puts the
// policy's messages in the words of the settings' source (environment or
// JSON file).
func explain(policy *core.Policy, words func(string) string, origin, method, path string, h http.Header, credentials bool) *report {
	method = browsercheck.NormalizeMethod(method)
	url := "(policy)" + path
	br := browsercheck.Request{URL: url, Origin: origin, Method: method, Header: h, Credentials: credentials}
	rep := &report{Command: "explain", URL: url, Origin: origin, Method: method, Credentials: credentials}
	rep.Preflight, rep.Why = br.NeedsPreflight(), preflightWhy(method, h)

	if rep.Preflight {
		p := br.Preflight()
		s := step{Kind: "preflight", Method: http.MethodOptions, URL: url, Sent: http.Header{"Origin": {origin}, "Access-Control-Request-Method": {p.Method}}}
		if acrh := p.RequestHeaders(); acrh != "" {
			s.Sent.Set("Access-Control-Request-Headers", acrh)
		}
		e := policy.Explain(policyRequest(http.MethodOptions, path, s.Sent.Clone()))
		status := e.Status
		if e.Kind != core.PreflightAccepted && e.Kind != core.PreflightRejected {
			// Not a preflight for the policy: it goes to the
			// application, taken to answer 200.
			status = http.StatusOK
		}
		s.Status, s.Headers, s.Explain = status, e.Header, explanationLines(e, words)
		if err := p.Check(status, e.Header); err != nil {
			be := err.(*browsercheck.Error)
			s.Checks = append(s.Checks, check{"preflight check", false, be.Error()})
			rep.Steps = append(rep.Steps, s)
			rep.Verdict.refuse(be)
			rep.Verdict.Fix = policyFix(e, rep.Verdict.Fix, words)
			return rep
		}
		s.Checks = append(s.Checks, check{"preflight check", true, fmt.Sprintf("status %d is ok; %s is granted", status, p.Method)})
		rep.Steps = append(rep.Steps, s)
	}

	e := policy.Explain(policyRequest(method, path, http.Header{"Origin": {origin}}))
	s := step{Kind: "request", Method: method, URL: url, Sent: http.Header{"Origin": {origin}}, Status: http.StatusOK, Headers: e.Header, Explain: explanationLines(e, words)}
	for name, vs := range h {
		s.Sent[http.CanonicalHeaderKey(name)] = redact(name, vs)
	}
	if err := br.Check(e.Header); err != nil {
		be := err.(*browsercheck.Error)
		s.Checks = append(s.Checks, check{"CORS check", false, be.Error()})
		rep.Steps = append(rep.Steps, s)
		rep.Verdict.refuse(be)
		rep.Verdict.Fix = policyFix(e, rep.Verdict.Fix, words)
		return rep
	}
	s.Checks = append(s.Checks, check{"CORS check", true, corsPassed(&br, e.Header)})
	rep.Steps = append(rep.Steps, s)
	rep.Verdict.allow(http.StatusOK, e.Header, credentials)
	// The application's own headers are unknown: name those exposed.
	rep.Verdict.Readable, rep.Verdict.Unreadable = nil, nil
	if list, ok := browsercheck.ParseList(e.Header.Values("Access-Control-Expose-Headers")); ok {
		for _, name := range list {
			if name != "*" || !credentials {
				rep.Verdict.Readable = append(rep.Verdict.Readable, strings.ToLower(name))
			}
		}
	}
	return rep
}

// policyFix is the fix explain gives when the browser refuses what policy
// decided in e, in the settings' words: the policy's hint; without one,
// the policy's check that failed, as the browser's own advice (allow the
// origin) would be wrong for a path CORS_URLS_REGEX leaves out or a
// method refused; with no failed check, browser, the browser's advice
// (the policy allowed the origin, but not credentials, say).
func policyFix(e core.Explanation, browser string, words func(string) string) string {
	if e.Hint != "" {
		return words(e.Hint)
	}
	for _, s := range e.Steps {
		if !s.OK {
			return words("the policy's " + s.Check + " check refuses it: " + s.Detail + "; change the setting named there, unless the request is refused on purpose")
		}
	}
	return browser
}

// explanationLines is e as lines, the policy's steps and its hint.
func explanationLines(e core.Explanation, words func(string) string) []string {
	lines := strings.Split(e.String(), "\n")
	for i := range lines {
		lines[i] = words(strings.TrimSpace(lines[i]))
	}
	return lines
}
