package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/corsheaders/corsheaders/core"
)

// options is what the demo runs with: where the two servers listen and the
// CORS configuration of the API, with where each CORS_* value came from.
type options struct {
	APIAddr  string
	PageAddr string
	CORS     core.Config
	// Source maps each CORS_* name to "default", "environment" or the flag
	// that set it.
	Source map[string]string
}

// A setting is one CORS_* variable, named as django-cors-headers' setting,
// which a flag of the same meaning overrides.
type setting struct {
	env    string
	flag   string
	isBool bool
	usage  string
	// defaultText, if set, says the default in the usage instead of show.
	defaultText string
	set         func(c *core.Config, v string) error
	show        func(c *core.Config) string
}

// settings are the CORS_* variables in the order django-cors-headers
// documents them.
var settings = []setting{
	{
		env: "CORS_ALLOWED_ORIGINS", flag: "allowed-origins",
		usage:       "origins allowed to call the API, separated by commas or spaces",
		defaultText: "the page's own origin, http://localhost:8001",
		set:         func(c *core.Config, v string) error { c.AllowedOrigins = splitList(v); return nil },
		show:        func(c *core.Config) string { return showList(c.AllowedOrigins) },
	},
	{
		env: "CORS_ALLOWED_ORIGIN_REGEXES", flag: "allowed-origin-regexes",
		usage: "RE2 regexes an allowed origin may match in full, separated by spaces (a regex may contain commas)",
		set:   func(c *core.Config, v string) error { c.AllowedOriginRegexes = strings.Fields(v); return nil },
		show:  func(c *core.Config) string { return showList(c.AllowedOriginRegexes) },
	},
	{
		env: "CORS_ALLOW_ALL_ORIGINS", flag: "allow-all-origins", isBool: true,
		usage: "allow every origin; refused together with credentials",
		set:   setBool(func(c *core.Config) *bool { return &c.AllowAllOrigins }),
		show:  func(c *core.Config) string { return strconv.FormatBool(c.AllowAllOrigins) },
	},
	{
		env: "CORS_URLS_REGEX", flag: "urls-regex",
		usage: "regex a path must match, from its start, for CORS to apply; empty for every path",
		set:   func(c *core.Config, v string) error { c.URLsRegex = strings.TrimSpace(v); return nil },
		show: func(c *core.Config) string {
			if c.URLsRegex == "" {
				return "(every path)"
			}
			return c.URLsRegex
		},
	},
	{
		env: "CORS_ALLOW_METHODS", flag: "allow-methods",
		usage: "methods a preflight may ask for, separated by commas or spaces",
		set:   func(c *core.Config, v string) error { c.AllowMethods = splitList(v); return nil },
		show:  func(c *core.Config) string { return showList(orDefault(c.AllowMethods, core.DefaultMethods)) },
	},
	{
		env: "CORS_ALLOW_HEADERS", flag: "allow-headers",
		usage: "request headers a preflight may ask for, separated by commas or spaces",
		set:   func(c *core.Config, v string) error { c.AllowHeaders = splitList(v); return nil },
		show:  func(c *core.Config) string { return showList(orDefault(c.AllowHeaders, core.DefaultHeaders)) },
	},
	{
		env: "CORS_EXPOSE_HEADERS", flag: "expose-headers",
		usage: "response headers the page's scripts may read, separated by commas or spaces",
		set:   func(c *core.Config, v string) error { c.ExposeHeaders = splitList(v); return nil },
		show:  func(c *core.Config) string { return showList(c.ExposeHeaders) },
	},
	{
		env: "CORS_PREFLIGHT_MAX_AGE", flag: "preflight-max-age",
		usage: "seconds a browser may cache a preflight's answer; 0 sends no Access-Control-Max-Age, as in django-cors-headers",
		set:   setMaxAge,
		show: func(c *core.Config) string {
			switch c.PreflightMaxAge {
			case core.NoPreflightMaxAge:
				return "0 (no Access-Control-Max-Age header)"
			case 0:
				return strconv.Itoa(int(core.DefaultPreflightMaxAge / time.Second))
			}
			return strconv.FormatInt(int64(c.PreflightMaxAge/time.Second), 10)
		},
	},
	{
		env: "CORS_ALLOW_CREDENTIALS", flag: "allow-credentials", isBool: true,
		usage: "let the page send cookies with its calls and read the answers",
		set:   setBool(func(c *core.Config) *bool { return &c.AllowCredentials }),
		show:  func(c *core.Config) string { return strconv.FormatBool(c.AllowCredentials) },
	},
	{
		env: "CORS_ALLOW_PRIVATE_NETWORK", flag: "allow-private-network", isBool: true,
		usage: "answer Access-Control-Request-Private-Network: true",
		set:   setBool(func(c *core.Config) *bool { return &c.AllowPrivateNetwork }),
		show:  func(c *core.Config) string { return strconv.FormatBool(c.AllowPrivateNetwork) },
	},
}

// demoDefaults is the configuration the demo page is written for. It differs
// from django-cors-headers' defaults where the page needs it to; the
// allowed origin, the page's own, is only known once the page server
// listens (see options.resolve).
func demoDefaults() core.Config {
	return core.Config{
		URLsRegex: `^/api/`,
		// django-cors-headers' methods without DELETE, so that the page
		// can show a method being refused.
		AllowMethods:     []string{"GET", "OPTIONS", "PATCH", "POST", "PUT"},
		AllowHeaders:     append(slices.Clone(core.DefaultHeaders), "x-demo-token"),
		ExposeHeaders:    []string{"X-Request-Id"},
		PreflightMaxAge:  10 * time.Second,
		AllowCredentials: true,
	}
}

const sourceDefault = "default"

// parseOptions reads the flags in args and the CORS_* variables that lookup
// finds; a flag wins over its variable. A variable set to "" counts as
// unset; a flag given as "" sets an empty value. Every bad value is
// reported, each naming its flag or variable. Usage goes to out.
func parseOptions(args []string, lookup func(string) (string, bool), out io.Writer) (options, error) {
	o := options{CORS: demoDefaults(), Source: make(map[string]string, len(settings))}
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&o.APIAddr, "api", "127.0.0.1:8000", "address the API listens on")
	fs.StringVar(&o.PageAddr, "page", "127.0.0.1:8001", "address the demo page listens on; it is shown as http://localhost:PORT")
	given := map[string]string{}
	defaults := demoDefaults()
	for _, s := range settings {
		record := func(v string) error { given[s.env] = v; return nil }
		def := s.defaultText
		if def == "" {
			def = s.show(&defaults)
		}
		usage := s.env + ": " + s.usage + " (default " + def + ")"
		if s.isBool {
			fs.BoolFunc(s.flag, usage, record)
		} else {
			fs.Func(s.flag, usage, record)
		}
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: go run ./examples/demo [flags]\n\n"+
			"Each CORS flag may also be given as the environment variable it names;\n"+
			"a flag wins over its variable.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected argument %q: every setting is a flag or a CORS_* variable", fs.Arg(0))
	}

	var errs []error
	for _, a := range []struct{ name, addr string }{{"-api", o.APIAddr}, {"-page", o.PageAddr}} {
		if _, _, err := net.SplitHostPort(a.addr); err != nil {
			errs = append(errs, fmt.Errorf("%s %q: want host:port, such as 127.0.0.1:8000", a.name, a.addr))
		}
	}
	for _, s := range settings {
		o.Source[s.env] = sourceDefault
		name, v, ok := "-"+s.flag, "", false
		if v, ok = given[s.env]; ok {
			o.Source[s.env] = "flag -" + s.flag
		} else if v, ok = lookup(s.env); ok && strings.TrimSpace(v) != "" {
			name, o.Source[s.env] = s.env, "environment"
		} else {
			continue
		}
		if err := s.set(&o.CORS, v); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: %w", name, v, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return options{}, err
	}
	return o, nil
}

// resolve fills in what depends on where the servers listen: unless
// configured, the allowed origin is the page's own.
func (o *options) resolve(u urls) {
	if o.Source["CORS_ALLOWED_ORIGINS"] == sourceDefault {
		o.CORS.AllowedOrigins = []string{u.Page}
	}
}

// splitList splits a list of origins, methods or header names, none of
// which can hold a comma or a space, on both.
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}

func setBool(field func(*core.Config) *bool) func(*core.Config, string) error {
	return func(c *core.Config, v string) error {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "1", "yes", "on":
			*field(c) = true
		case "false", "0", "no", "off":
			*field(c) = false
		default:
			return errors.New("not a boolean; use true or false")
		}
		return nil
	}
}

// setMaxAge reads whole seconds. As in django-cors-headers, 0 sends no
// Access-Control-Max-Age; core reads a zero PreflightMaxAge as its default
// of 24 hours, so 0 becomes core.NoPreflightMaxAge.
func setMaxAge(c *core.Config, v string) error {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	switch {
	case err != nil:
		return errors.New("not a whole number of seconds, such as 600")
	case n < 0:
		return errors.New("negative; use a number of seconds, or 0 to send no Access-Control-Max-Age")
	case n == 0:
		c.PreflightMaxAge = core.NoPreflightMaxAge
	case n > int64(maxMaxAgeSeconds):
		// Beyond what a time.Duration holds; core refuses anything
		// above a week anyway.
		return fmt.Errorf("more than %d seconds (a week); browsers keep a preflight at most 24 hours (86400)", maxMaxAgeSeconds)
	default:
		c.PreflightMaxAge = time.Duration(n) * time.Second
	}
	return nil
}

const maxMaxAgeSeconds = 7 * 24 * 60 * 60

func orDefault(list, def []string) []string {
	if list == nil {
		return def
	}
	return list
}

func showList(list []string) string {
	if len(list) == 0 {
		return "(none)"
	}
	return strings.Join(list, ", ")
}

// envName maps a core.Config field to the variable that sets it, so that
// messages speak of what the user of the demo configures.
var envName = strings.NewReplacer(
	"AllowedOriginRegexes", "CORS_ALLOWED_ORIGIN_REGEXES",
	"AllowedOrigins", "CORS_ALLOWED_ORIGINS",
	"AllowAllOrigins", "CORS_ALLOW_ALL_ORIGINS",
	"URLsRegex", "CORS_URLS_REGEX",
	"AllowMethods", "CORS_ALLOW_METHODS",
	"AllowHeaders", "CORS_ALLOW_HEADERS",
	"ExposeHeaders", "CORS_EXPOSE_HEADERS",
	"PreflightMaxAge", "CORS_PREFLIGHT_MAX_AGE",
	"AllowCredentials", "CORS_ALLOW_CREDENTIALS",
	"AllowPrivateNetwork", "CORS_ALLOW_PRIVATE_NETWORK",
)

// configProblems lists the errors of core.NewPolicy one by one, each
// after the name of the variable at fault.
func configProblems(err error) []string {
	var lines []string
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var ce *core.ConfigError
		if errors.As(err, &ce) {
			lines = append(lines, envName.Replace(ce.Field)+": "+err.Error())
			return
		}
		lines = append(lines, err.Error())
	}
	walk(err)
	return lines
}
