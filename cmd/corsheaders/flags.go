package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/corsheaders/corsheaders/core/browsercheck"
	"github.com/corsheaders/corsheaders/core/corsconf"
)

// headerFlags collects repeated --header 'Name: value' flags.
type headerFlags []string

func (h *headerFlags) String() string     { return strings.Join(*h, "; ") }
func (h *headerFlags) Set(v string) error { *h = append(*h, v); return nil }

// parse turns the flags into a header, as a script sets them; names that a
// script cannot set are returned apart, as the browser drops them.
func (h headerFlags) parse() (http.Header, []string, error) {
	out := http.Header{}
	var dropped []string
	for _, kv := range h {
		name, value, ok := strings.Cut(kv, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, nil, fmt.Errorf("--header %q: write it as 'Name: value'", kv)
		}
		// Headers.append throws a TypeError for these, so no browser
		// sends them; refusing them here also keeps check from sending a
		// header split in two.
		if !isToken(name) {
			return nil, nil, fmt.Errorf("--header %q: %q is not a header name (letters, digits and !#$%%&'*+-.^_`|~ only)", kv, name)
		}
		value = strings.TrimSpace(value)
		if strings.ContainsAny(value, "\r\n\x00") {
			return nil, nil, fmt.Errorf("--header %q: a value cannot hold CR, LF or NUL (fetch() throws a TypeError)", kv)
		}
		if browsercheck.IsForbiddenRequestHeader(name, value) {
			dropped = append(dropped, name)
			continue
		}
		out.Add(name, value)
	}
	return out, dropped, nil
}

// isToken reports whether s has the syntax of a method or a header name, an
// RFC 9110 token, as fetch() requires. A token is exactly what
// browsercheck reads as a one-element list holding s as written (no comma,
// no white space, no other separator).
func isToken(s string) bool {
	list, ok := browsercheck.ParseList([]string{s})
	return ok && len(list) == 1 && list[0] == s
}

// request are the flags describing a fetch(), shared by check and explain.
type request struct {
	origin      string
	method      string
	headers     headerFlags
	credentials bool
	json        bool
}

func (r *request) register(fs *flag.FlagSet) {
	fs.StringVar(&r.origin, "origin", "", "origin of the page that calls fetch(), such as https://app.example.com (required)")
	fs.StringVar(&r.method, "method", "GET", "method passed to fetch(); browsers upper-case only DELETE GET HEAD OPTIONS POST PUT")
	fs.StringVar(&r.method, "X", "GET", "short for --method")
	fs.Var(&r.headers, "header", "a header the script sets, 'Name: value' (repeatable)")
	fs.Var(&r.headers, "H", "short for --header")
	fs.BoolVar(&r.credentials, "credentials", false, "fetch() with credentials: \"include\" (cookies; the answer must allow credentials)")
	fs.BoolVar(&r.json, "json", false, "print the result as JSON")
}

func (r *request) validate() error {
	if r.origin == "" {
		return errors.New("--origin is required: the origin of the page making the request, such as https://app.example.com")
	}
	if r.origin != "null" && !validOrigin(r.origin) {
		return fmt.Errorf("--origin %q: write an origin, scheme://host[:port], without path or trailing slash", r.origin)
	}
	if browsercheck.IsForbiddenMethod(r.method) {
		return fmt.Errorf("--method %q: browsers refuse to send it (fetch() throws a TypeError)", r.method)
	}
	if !isToken(r.method) {
		return fmt.Errorf("--method %q: not a method name", r.method)
	}
	return nil
}

// source are the flags choosing a configuration, shared by explain and
// validate.
type source struct {
	file   string
	env    bool
	prefix string
}

func (s *source) register(fs *flag.FlagSet) {
	fs.StringVar(&s.file, "config", "", "JSON file of django-cors-headers settings (CORS_ALLOWED_ORIGINS, …)")
	fs.BoolVar(&s.env, "env", false, "read the CORS_* environment variables instead")
	fs.StringVar(&s.prefix, "prefix", "", "with --env, the prefix of the variables' names, such as MYAPP_")
}

// load reads the configuration: a usage error, or the settings and the
// problems found reading them.
func (s *source) load(environ []string) (*corsconf.Settings, error, error) {
	switch {
	case s.file != "" && s.env:
		return nil, nil, errors.New("give --config or --env, not both")
	case s.file != "":
		set, err := corsconf.FromFile(s.file)
		if err != nil && !isSettingError(err) {
			return nil, nil, err
		}
		return set, err, nil
	case s.env:
		set, err := corsconf.FromEnv(corsconf.WithPrefix(s.prefix), corsconf.WithEnviron(environ))
		return set, err, nil
	}
	return nil, nil, errors.New("give --config cors.json or --env")
}

func isSettingError(err error) bool {
	var se *corsconf.Error
	return errors.As(err, &se)
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, which it returns.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: corsheaders %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func writeJSON(w io.Writer, v any) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	_, _ = io.WriteString(w, escapeJSON(b.String()))
}

const defaultTimeout = 10 * time.Second
