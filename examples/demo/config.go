package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corsconf"
)

// options is what the demo runs with: where the two servers listen and the
// CORS configuration of the API, with where each CORS_* value came from.
type options struct {
	APIAddr  string
	PageAddr string
	// ConfigFile is the JSON file the CORS settings come from, or "" for
	// the environment.
	ConfigFile string
	CORS       core.Config
	// Source maps each CORS_* name to "default", "environment" or the file
	// that set it.
	Source map[string]string
	// Given maps each CORS_* name given to the variable or key that gave
	// it, for corsconf's messages.
	Given map[string]string
	// Notes are corsconf's advice, such as an old name to replace.
	Notes []string
}

// A setting is one CORS_* setting as the demo shows it, and how to take its
// value from a loaded configuration.
type setting struct {
	env  string
	take func(dst, src *core.Config)
	show func(c *core.Config) string
}

// settings are the CORS_* settings in the order django-cors-headers
// documents them (corsconf.Names).
var settings = []setting{
	{"CORS_ALLOWED_ORIGINS", func(d, s *core.Config) { d.AllowedOrigins = s.AllowedOrigins },
		func(c *core.Config) string { return showList(c.AllowedOrigins) }},
	{"CORS_ALLOWED_ORIGIN_REGEXES", func(d, s *core.Config) { d.AllowedOriginRegexes = s.AllowedOriginRegexes },
		func(c *core.Config) string { return showList(c.AllowedOriginRegexes) }},
	{"CORS_ALLOW_ALL_ORIGINS", func(d, s *core.Config) { d.AllowAllOrigins = s.AllowAllOrigins },
		func(c *core.Config) string { return strconv.FormatBool(c.AllowAllOrigins) }},
	{"CORS_URLS_REGEX", func(d, s *core.Config) { d.URLsRegex = s.URLsRegex },
		func(c *core.Config) string {
			if c.URLsRegex == "" {
				return "(every path)"
			}
			return c.URLsRegex
		}},
	{"CORS_ALLOW_METHODS", func(d, s *core.Config) { d.AllowMethods = s.AllowMethods },
		func(c *core.Config) string { return showList(orDefault(c.AllowMethods, core.DefaultMethods())) }},
	{"CORS_ALLOW_HEADERS", func(d, s *core.Config) { d.AllowHeaders = s.AllowHeaders },
		func(c *core.Config) string { return showList(orDefault(c.AllowHeaders, core.DefaultHeaders())) }},
	{"CORS_EXPOSE_HEADERS", func(d, s *core.Config) { d.ExposeHeaders = s.ExposeHeaders },
		func(c *core.Config) string { return showList(c.ExposeHeaders) }},
	{"CORS_PREFLIGHT_MAX_AGE", func(d, s *core.Config) { d.PreflightMaxAge = s.PreflightMaxAge },
		func(c *core.Config) string {
			switch c.PreflightMaxAge {
			case core.NoPreflightMaxAge:
				return "0 (no Access-Control-Max-Age header)"
			case 0:
				return strconv.Itoa(int(core.DefaultPreflightMaxAge / time.Second))
			}
			return strconv.FormatInt(int64(c.PreflightMaxAge/time.Second), 10)
		}},
	{"CORS_ALLOW_CREDENTIALS", func(d, s *core.Config) { d.AllowCredentials = s.AllowCredentials },
		func(c *core.Config) string { return strconv.FormatBool(c.AllowCredentials) }},
	{"CORS_ALLOW_PRIVATE_NETWORK", func(d, s *core.Config) { d.AllowPrivateNetwork = s.AllowPrivateNetwork },
		func(c *core.Config) string { return strconv.FormatBool(c.AllowPrivateNetwork) }},
	{"CORS_HOST_GUARD", func(d, s *core.Config) { d.HostGuard = s.HostGuard },
		func(c *core.Config) string { return strconv.FormatBool(c.HostGuard) }},
	{"CORS_ALLOWED_HOSTS", func(d, s *core.Config) { d.AllowedHosts = s.AllowedHosts },
		func(c *core.Config) string {
			if len(c.AllowedHosts) == 0 && c.HostGuard {
				return "(localhost, 127.0.0.1 and [::1])"
			}
			return showList(c.AllowedHosts)
		}},
	{"CORS_ENFORCE_ORIGIN", func(d, s *core.Config) { d.EnforceOrigin = s.EnforceOrigin },
		func(c *core.Config) string { return strconv.FormatBool(c.EnforceOrigin) }},
	{"CORS_PUBLIC_SCHEME", func(d, s *core.Config) { d.PublicScheme = s.PublicScheme },
		func(c *core.Config) string {
			if c.PublicScheme == "" {
				return "(the connection's)"
			}
			return c.PublicScheme
		}},
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
		AllowHeaders:     append(core.DefaultHeaders(), "x-demo-token"),
		ExposeHeaders:    []string{"X-Request-Id"},
		PreflightMaxAge:  10 * time.Second,
		AllowCredentials: true,
	}
}

const sourceDefault = "default"

// parseOptions reads the flags in args and the CORS settings, from the
// CORS_* variables of environ (as os.Environ gives them) or from the JSON
// file -config names, with package corsconf; a setting not given keeps the
// demo's default. Every problem is reported, each naming its flag,
// variable or key. Usage goes to out.
func parseOptions(args, environ []string, out io.Writer) (options, error) {
	o := options{CORS: demoDefaults(), Source: make(map[string]string, len(settings))}
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&o.APIAddr, "api", "127.0.0.1:8000", "address the API listens on")
	fs.StringVar(&o.PageAddr, "page", "127.0.0.1:8001", "address the demo page listens on; it is shown as http://localhost:PORT")
	fs.StringVar(&o.ConfigFile, "config", "", "read the CORS settings from this JSON file instead of the CORS_* environment variables")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: go run ./examples/demo [flags]\n\n"+
			"The API's CORS settings come from CORS_* environment variables named as\n"+
			"django-cors-headers' settings (docs/configuration-env.md), or from a JSON file.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected argument %q: CORS settings are CORS_* variables or a -config file", fs.Arg(0))
	}

	var errs []error
	for _, a := range []struct{ name, addr string }{{"-api", o.APIAddr}, {"-page", o.PageAddr}} {
		if _, _, err := net.SplitHostPort(a.addr); err != nil {
			errs = append(errs, fmt.Errorf("%s %q: want host:port, such as 127.0.0.1:8000", a.name, a.addr))
		}
	}
	var loaded *corsconf.Settings
	var err error
	source := "environment"
	if o.ConfigFile != "" {
		loaded, err = corsconf.FromFile(o.ConfigFile)
		source = "file " + o.ConfigFile
	} else {
		loaded, err = corsconf.FromEnv(corsconf.WithEnviron(environ))
	}
	if err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return options{}, err
	}
	o.Given, o.Notes = loaded.Given, loaded.Notes
	for _, s := range settings {
		o.Source[s.env] = sourceDefault
		if written, ok := loaded.Given[s.env]; ok {
			s.take(&o.CORS, &loaded.Config)
			o.Source[s.env] = source
			if !strings.HasSuffix(written, s.env) {
				o.Source[s.env] += " (" + written + ")"
			}
		}
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

// policy compiles the configuration; each problem names the CORS_* setting
// to change.
func (o *options) policy() (*core.Policy, error) {
	s := corsconf.Settings{Config: o.CORS, Given: o.Given}
	return s.Policy()
}

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

// configProblems lists the problems joined in err one by one.
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
		lines = append(lines, err.Error())
	}
	walk(err)
	return lines
}
