package caddyadapter

import (
	"strconv"
	"strings"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

// The cors directive runs before redir, so that:
//   - a preflight is answered before authentication (basic_auth,
//     forward_auth), which would refuse it for want of the credentials
//     browsers never send with one, and before reverse_proxy, file_server
//     and respond, which would answer it as an ordinary OPTIONS request;
//   - every response of the site carries the decision's headers,
//     redirects included, which browsers check on a CORS request;
//   - path blocks and urls_regex see the path the client sent, before
//     rewrite, uri and try_files change it.
func init() {
	httpcaddyfile.RegisterHandlerDirective("cors", parseCaddyfile)
	httpcaddyfile.RegisterDirectiveOrder("cors", httpcaddyfile.Before, "redir")
}

func parseCaddyfile(h httpcaddyfile.Helper) (caddyhttp.MiddlewareHandler, error) {
	c := new(Handler)
	err := c.UnmarshalCaddyfile(h.Dispenser)
	return c, err
}

// UnmarshalCaddyfile sets up the handler from Caddyfile tokens:
//
//	cors [<matcher>] [<allowed origins...>] {
//		allowed_origins <origins...>
//		allowed_origin_regexes <regexes...>
//		allow_all_origins
//		urls_regex <regex>
//		allow_methods [<methods...>]
//		allow_headers [<headers...>]
//		expose_headers <headers...>
//		preflight_max_age <seconds>|<duration>|none
//		allow_credentials
//		allow_private_network
//		preflight_status <status>
//		unsafe_allow_all_origins_with_credentials
//		unsafe_allow_insecure_origins_with_credentials
//		debug
//		host_guard
//		allowed_hosts <hosts...>
//		unsafe_allow_any_host
//		enforce_origin
//		public_scheme http|https
//		path <prefix>|regex <regex> {
//			<any of the settings from allowed_origins to unsafe_allow_insecure_origins_with_credentials>
//		}
//	}
//
// A list subdirective given twice adds to its list; a flag takes an
// optional true or false. The settings are checked here, as at
// provisioning, so that `caddy adapt` reports every problem, each with its
// fix in the Caddyfile's words.
func (h *Handler) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	d.Next() // the directive's name
	block := d.Val()
	line := d.Line()
	h.AllowedOrigins = append(h.AllowedOrigins, d.RemainingArgs()...)
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		name := d.Val()
		switch name {
		case "urls_regex":
			if !d.NextArg() {
				return d.ArgErr()
			}
			h.URLsRegex = d.Val()
			if d.NextArg() {
				return d.ArgErr()
			}
		case "debug", "host_guard", "unsafe_allow_any_host", "enforce_origin":
			on, err := flag(d)
			if err != nil {
				return err
			}
			*map[string]*bool{"debug": &h.Debug, "host_guard": &h.HostGuard, "unsafe_allow_any_host": &h.UnsafeAllowAnyHost, "enforce_origin": &h.EnforceOrigin}[name] = on
		case "allowed_hosts":
			args := d.RemainingArgs()
			if len(args) == 0 {
				return d.ArgErr()
			}
			h.AllowedHosts = append(h.AllowedHosts, args...)
		case "public_scheme":
			if !d.NextArg() {
				return d.ArgErr()
			}
			h.PublicScheme = d.Val()
			if d.NextArg() {
				return d.ArgErr()
			}
		case "path":
			var r PathRule
			args := d.RemainingArgs()
			switch {
			case len(args) == 1:
				r.Prefix = args[0]
			case len(args) == 2 && args[0] == "regex":
				r.Regex = args[1]
			default:
				return d.Errf("path: want path <prefix> { ... } or path regex <regex> { ... }, got %d arguments", len(args))
			}
			for inner := d.Nesting(); d.NextBlock(inner); {
				if err := r.Settings.unmarshal(d, d.Val()); err != nil {
					return err
				}
			}
			h.Paths = append(h.Paths, r)
		default:
			if err := h.Settings.unmarshal(d, name); err != nil {
				return err
			}
		}
	}
	if _, err := h.compile(nil); err != nil {
		return listed(d.File()+":"+strconv.Itoa(line)+": the "+block+" block", err)
	}
	return nil
}

// listed is err, the problems of what names, listed one a line after a
// line saying how many there are.
func listed(what string, err error) error {
	errs := flatten(err)
	var b strings.Builder
	b.WriteString(what + " has ")
	if len(errs) == 1 {
		b.WriteString("a problem:")
	} else {
		b.WriteString(strconv.Itoa(len(errs)) + " problems:")
	}
	for _, e := range errs {
		b.WriteString("\n\t" + e.Error())
	}
	return &listedErr{msg: b.String(), err: err}
}

type listedErr struct {
	msg string
	err error
}

func (e *listedErr) Error() string { return e.msg }
func (e *listedErr) Unwrap() error { return e.err }

// unmarshal reads the subdirective name, a setting a path block can have
// too.
func (s *Settings) unmarshal(d *caddyfile.Dispenser, name string) error {
	var err error
	switch name {
	case "allowed_origins":
		s.AllowedOrigins, err = list(d, s.AllowedOrigins, true)
	case "allowed_origin_regexes":
		s.AllowedOriginRegexes, err = list(d, s.AllowedOriginRegexes, true)
	case "allow_methods":
		s.AllowMethods, err = list(d, s.AllowMethods, false)
	case "allow_headers":
		s.AllowHeaders, err = list(d, s.AllowHeaders, false)
	case "expose_headers":
		s.ExposeHeaders, err = list(d, s.ExposeHeaders, true)
	case "allow_all_origins":
		s.AllowAllOrigins, err = flag(d)
	case "allow_credentials":
		s.AllowCredentials, err = flag(d)
	case "allow_private_network":
		s.AllowPrivateNetwork, err = flag(d)
	case "unsafe_allow_all_origins_with_credentials":
		s.UnsafeAllowAllOriginsWithCredentials, err = flag(d)
	case "unsafe_allow_insecure_origins_with_credentials":
		s.UnsafeAllowInsecureOriginsWithCredentials, err = flag(d)
	case "preflight_max_age":
		if !d.NextArg() {
			return d.ArgErr()
		}
		v := d.Val()
		if d.NextArg() {
			return d.ArgErr()
		}
		s.PreflightMaxAge, err = ParseMaxAge(v)
		if err != nil {
			return d.Err(err.Error())
		}
	case "preflight_status":
		if !d.NextArg() {
			return d.ArgErr()
		}
		s.PreflightStatus, err = strconv.Atoi(d.Val())
		if err != nil {
			return d.Errf("preflight_status %q: not a status code; write 204 or 200", d.Val())
		}
		if d.NextArg() {
			return d.ArgErr()
		}
	case "urls_regex", "debug", "host_guard", "allowed_hosts", "unsafe_allow_any_host", "enforce_origin", "public_scheme":
		return d.Errf("%s: a path block cannot set it; set it in the cors block", name)
	default:
		return d.Errf("unknown subdirective %q of cors%s", name, suggestion(name))
	}
	return err
}

// list appends the arguments of the current subdirective to l. Without
// arguments, a list that may be empty (allow_methods, allow_headers)
// becomes empty, not absent.
func list(d *caddyfile.Dispenser, l []string, needsArgs bool) ([]string, error) {
	args := d.RemainingArgs()
	if len(args) == 0 && needsArgs {
		return l, d.ArgErr()
	}
	if l == nil {
		l = []string{}
	}
	return append(l, args...), nil
}

// flag reads a subdirective that is a switch: alone or with true, on;
// with false, off.
func flag(d *caddyfile.Dispenser) (bool, error) {
	name := d.Val()
	if !d.NextArg() {
		return true, nil
	}
	v, err := strconv.ParseBool(d.Val())
	if err != nil {
		return false, d.Errf("%s %q: write %s alone, or %s true or %s false", name, d.Val(), name, name, name)
	}
	if d.NextArg() {
		return false, d.ArgErr()
	}
	return v, nil
}

// suggestion names the subdirective name was probably meant to be: the
// django-cors-headers setting it spells, or the subdirective other Caddy
// CORS plugins name so.
func suggestion(name string) string {
	n := strings.ToLower(strings.TrimPrefix(strings.ToUpper(name), "CORS_"))
	known := map[string]string{
		"origins": "allowed_origins", "allowed_origin": "allowed_origins", "origin": "allowed_origins",
		"allow_origins": "allowed_origins", "allow_origin": "allowed_origins",
		"origin_regexp": "allowed_origin_regexes", "allowed_origin_regex": "allowed_origin_regexes",
		"methods": "allow_methods", "allowed_methods": "allow_methods",
		"headers": "allow_headers", "allowed_headers": "allow_headers",
		"exposed_headers": "expose_headers", "max_age": "preflight_max_age",
		"credentials": "allow_credentials",
	}
	for _, s := range settings {
		known[s.name] = s.name
	}
	if s, ok := known[n]; ok {
		return "; did you mean " + s + "?"
	}
	return ""
}

// Interface guard
var _ caddyfile.Unmarshaler = (*Handler)(nil)
