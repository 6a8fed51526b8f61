package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/corsheaders/corsheaders/core/browsercheck"
)

// A report is what check and explain print: the steps a browser takes for
// one fetch(), and what the script gets.
type report struct {
	Command     string   `json:"command"`
	URL         string   `json:"url"`
	Origin      string   `json:"origin"`
	Method      string   `json:"method"`
	Credentials bool     `json:"credentials"`
	Notes       []string `json:"notes,omitempty"`
	// Preflight says whether the request needed a preflight, and why.
	Preflight bool    `json:"preflight"`
	Why       string  `json:"preflight_reason"`
	Steps     []step  `json:"steps"`
	Verdict   verdict `json:"verdict"`
}

// A step is one request the browser sends, or one check it makes.
type step struct {
	// Kind is "preflight", "request" or "redirect".
	Kind    string      `json:"kind"`
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Sent    http.Header `json:"sent"`
	Status  int         `json:"status"`
	Headers http.Header `json:"headers"`
	Checks  []check     `json:"checks"`
	// Explain is the policy's account, for explain.
	Explain []string `json:"explain,omitempty"`
	// Probes are the preflights check sent after this one was refused,
	// each changing one thing, to find what the server refuses.
	Probes []probe `json:"probes,omitempty"`
}

// A check is one test the browser makes of an answer.
type check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// A verdict is what fetch() gives the script.
type verdict struct {
	// Allowed: fetch() resolves and the script can read the response.
	Allowed bool `json:"allowed"`
	// Status is the status the script reads, when Allowed.
	Status int `json:"status,omitempty"`
	// Readable lists, lower case and sorted, the response headers the
	// script can read, when Allowed.
	Readable []string `json:"readable,omitempty"`
	// Unreadable lists the response headers present that the script
	// cannot read, when Allowed.
	Unreadable []string `json:"unreadable,omitempty"`
	// Reason, Console and Fix say why not, when not Allowed.
	Reason  string `json:"reason,omitempty"`
	Console string `json:"console,omitempty"`
	Fix     string `json:"fix,omitempty"`
	// Cause is what check found the server refuses, when it found it:
	// "router" (the router answered the preflight, the CORS middleware
	// never saw it), "headers", "method", "origin", "credentials", or
	// "path" (an answer without CORS headers that does not vary by
	// Origin: no CORS middleware handled the request).
	Cause string `json:"cause,omitempty"`
	// Error is a network error, with which fetch() also rejects.
	Error string `json:"error,omitempty"`
}

// allow records a response the script can read.
func (v *verdict) allow(status int, h http.Header, credentials bool) {
	v.Allowed, v.Status = true, status
	for name := range h {
		n := strings.ToLower(name)
		if browsercheck.Exposed(name, credentials, h) {
			v.Readable = append(v.Readable, n)
		} else if !strings.HasPrefix(n, "access-control-") && n != "vary" {
			v.Unreadable = append(v.Unreadable, n)
		}
	}
	slices.Sort(v.Readable)
	slices.Sort(v.Unreadable)
}

// refuse records the browser's refusal.
func (v *verdict) refuse(e *browsercheck.Error) {
	v.Allowed = false
	v.Reason = e.Reason.String()
	v.Console = e.Console()
	v.Fix = e.Fix()
}

// corsHeaders are the headers a report shows of an answer.
func corsHeaders(h http.Header) http.Header {
	out := http.Header{}
	for name, vs := range h {
		switch {
		case strings.HasPrefix(name, "Access-Control-") || name == "Vary":
			out[name] = vs
		case name == "Location":
			// A Location may carry a password: show it redacted.
			shown := make([]string, len(vs))
			for i, v := range vs {
				shown[i] = v
				if l, err := url.Parse(v); err == nil && l.User != nil {
					shown[i] = l.Redacted()
				}
			}
			out[name] = shown
		}
	}
	return out
}

func (r *report) print(w io.Writer) {
	cred := "omit"
	if r.Credentials {
		cred = "include"
	}
	fmt.Fprintf(w, "%s: fetch(%q, {method: %q, credentials: %q}) from %s\n", r.Command, r.URL, r.Method, cred, r.Origin)
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if r.Preflight {
		fmt.Fprintf(w, "\npreflight needed: %s\n", r.Why)
	} else {
		fmt.Fprintf(w, "\nno preflight: %s\n", r.Why)
	}
	for i, s := range r.Steps {
		fmt.Fprintf(w, "\n%d. %s: %s %s\n", i+1, s.Kind, s.Method, s.URL)
		printHeader(w, "   > ", s.Sent)
		if s.Status != 0 {
			fmt.Fprintf(w, "   < %d %s\n", s.Status, http.StatusText(s.Status))
			printHeader(w, "   < ", s.Headers)
		}
		for _, line := range s.Explain {
			fmt.Fprintf(w, "   policy: %s\n", line)
		}
		for _, c := range s.Checks {
			mark := "ok  "
			if !c.OK {
				mark = "FAIL"
			}
			fmt.Fprintf(w, "   %s %s: %s\n", mark, c.Name, c.Detail)
		}
		for _, p := range s.Probes {
			fmt.Fprintf(w, "   probe: OPTIONS asking for %s: %s\n", p.Asked, p.Outcome)
		}
	}
	v := r.Verdict
	fmt.Fprintln(w)
	switch {
	case v.Allowed:
		fmt.Fprintf(w, "verdict: ALLOWED: fetch() resolves; the script reads status %d", v.Status)
		switch {
		case r.Command == "explain" && len(v.Readable) > 0:
			fmt.Fprintf(w, ", the safelisted headers and %s", strings.Join(v.Readable, ", "))
		case r.Command == "explain":
			fmt.Fprint(w, " and the safelisted headers (Content-Type, Cache-Control, …)")
		case len(v.Readable) > 0:
			fmt.Fprintf(w, " and the headers %s", strings.Join(v.Readable, ", "))
		}
		fmt.Fprintln(w)
		if len(v.Unreadable) > 0 {
			fmt.Fprintf(w, "         not readable (add to Access-Control-Expose-Headers to expose): %s\n", strings.Join(v.Unreadable, ", "))
		}
	case v.Error != "":
		fmt.Fprintf(w, "verdict: NETWORK ERROR: %s\n", v.Error)
	default:
		fmt.Fprintf(w, "verdict: BLOCKED: fetch() rejects with \"TypeError: Failed to fetch\" (%s)\n", v.Reason)
		fmt.Fprintf(w, "console: %s\n", v.Console)
		fmt.Fprintf(w, "fix:     %s\n", v.Fix)
	}
}

func printHeader(w io.Writer, prefix string, h http.Header) {
	for _, name := range slices.Sorted(mapKeys(h)) {
		for _, v := range h[name] {
			fmt.Fprintf(w, "%s%s: %s\n", prefix, name, v)
		}
	}
}

func mapKeys(h http.Header) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range h {
			if !yield(k) {
				return
			}
		}
	}
}

// preflightWhy says why a request needs a preflight, or why not.
func preflightWhy(method string, h http.Header) string {
	var why []string
	if !browsercheck.IsSafelistedMethod(method) {
		why = append(why, method+" is not a CORS-safelisted method (GET, HEAD, POST)")
	}
	if names := browsercheck.UnsafeHeaderNames(h); len(names) > 0 {
		why = append(why, "the request sets headers that are not CORS-safelisted: "+strings.Join(names, ", "))
	}
	if len(why) == 0 {
		return method + " and every header set are CORS-safelisted"
	}
	return strings.Join(why, "; ")
}
