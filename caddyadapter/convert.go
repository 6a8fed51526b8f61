package caddyadapter

import (
	"errors"
	"strconv"
	"strings"

	"github.com/corsheaders/corsheaders/core"
)

// FromConfig returns the handler whose settings say cfg, for a program
// that writes Caddy's JSON (marshal the Handler with its "handler": "cors"
// key) or a Caddyfile ([Handler.Caddyfile]) from a configuration written
// in Go for another adapter. CheckRequest hooks, which are Go functions,
// cannot be said in either: a cfg with any is refused. A DebugLogger
// becomes debug, logging through Caddy's logger. cfg is not checked:
// Caddy does that when it loads the configuration.
func FromConfig(cfg core.Config) (*Handler, error) {
	var errs []error
	if len(cfg.CheckRequest) > 0 {
		errs = append(errs, errors.New("cors: CheckRequest hooks are Go functions, which a Caddy configuration cannot hold; list the origins they allow in allowed_origins or allowed_origin_regexes"))
	}
	h := &Handler{Settings: settingsOf(cfg), URLsRegex: cfg.URLsRegex, Debug: cfg.DebugLogger != nil,
		HostGuard: cfg.HostGuard, AllowedHosts: cfg.AllowedHosts, UnsafeAllowAnyHost: cfg.UnsafeAllowAnyHost,
		EnforceOrigin: cfg.EnforceOrigin, PublicScheme: cfg.PublicScheme}
	for i, r := range cfg.Paths {
		if len(r.Config.CheckRequest) > 0 {
			errs = append(errs, errors.New("cors: Paths["+strconv.Itoa(i)+"]: CheckRequest hooks are Go functions, which a Caddy configuration cannot hold"))
		}
		if r.Config.URLsRegex != "" || r.Config.Paths != nil {
			errs = append(errs, errors.New("cors: Paths["+strconv.Itoa(i)+"]: a rule's Config cannot set URLsRegex or Paths"))
		}
		h.Paths = append(h.Paths, PathRule{Prefix: r.Prefix, Regex: r.Regex, Settings: settingsOf(r.Config)})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return h, nil
}

func settingsOf(cfg core.Config) Settings {
	return Settings{
		AllowedOrigins:       cfg.AllowedOrigins,
		AllowedOriginRegexes: cfg.AllowedOriginRegexes,
		AllowAllOrigins:      cfg.AllowAllOrigins,
		AllowMethods:         cfg.AllowMethods,
		AllowHeaders:         cfg.AllowHeaders,
		ExposeHeaders:        cfg.ExposeHeaders,
		PreflightMaxAge:      MaxAge{cfg.PreflightMaxAge},
		AllowCredentials:     cfg.AllowCredentials,
		AllowPrivateNetwork:  cfg.AllowPrivateNetwork,
		PreflightStatus:      cfg.PreflightStatus,

		UnsafeAllowAllOriginsWithCredentials:      cfg.UnsafeAllowAllOriginsWithCredentials,
		UnsafeAllowInsecureOriginsWithCredentials: cfg.UnsafeAllowInsecureOriginsWithCredentials,
	}
}

// Caddyfile writes the handler as a cors directive of a Caddyfile, the
// block's lines indented by one tab more than indent, which starts the
// first line.
func (h *Handler) Caddyfile(indent string) string {
	var b strings.Builder
	b.WriteString(indent + "cors {\n")
	in := indent + "\t"
	h.Settings.caddyfile(&b, in)
	if h.URLsRegex != "" {
		b.WriteString(in + "urls_regex " + token(h.URLsRegex) + "\n")
	}
	if h.Debug {
		b.WriteString(in + "debug\n")
	}
	if h.HostGuard {
		b.WriteString(in + "host_guard\n")
	}
	if h.AllowedHosts != nil {
		b.WriteString(in + "allowed_hosts")
		for _, v := range h.AllowedHosts {
			b.WriteString(" " + token(v))
		}
		b.WriteString("\n")
	}
	if h.UnsafeAllowAnyHost {
		b.WriteString(in + "unsafe_allow_any_host\n")
	}
	if h.EnforceOrigin {
		b.WriteString(in + "enforce_origin\n")
	}
	if h.PublicScheme != "" {
		b.WriteString(in + "public_scheme " + token(h.PublicScheme) + "\n")
	}
	for _, r := range h.Paths {
		b.WriteString(in + "path ")
		switch {
		case r.Regex != "" && r.Prefix == "":
			b.WriteString("regex " + token(r.Regex))
		default:
			b.WriteString(token(r.Prefix))
		}
		b.WriteString(" {\n")
		r.Settings.caddyfile(&b, in+"\t")
		b.WriteString(in + "}\n")
	}
	b.WriteString(indent + "}\n")
	return b.String()
}

func (s *Settings) caddyfile(b *strings.Builder, in string) {
	lists := []struct {
		name string
		l    []string
	}{
		{"allowed_origins", s.AllowedOrigins},
		{"allowed_origin_regexes", s.AllowedOriginRegexes},
		{"allow_methods", s.AllowMethods},
		{"allow_headers", s.AllowHeaders},
		{"expose_headers", s.ExposeHeaders},
	}
	for _, l := range lists {
		if l.l == nil {
			continue
		}
		b.WriteString(in + l.name)
		for _, v := range l.l {
			b.WriteString(" " + token(v))
		}
		b.WriteString("\n")
	}
	flags := []struct {
		name string
		on   bool
	}{
		{"allow_all_origins", s.AllowAllOrigins},
		{"allow_credentials", s.AllowCredentials},
		{"allow_private_network", s.AllowPrivateNetwork},
		{"unsafe_allow_all_origins_with_credentials", s.UnsafeAllowAllOriginsWithCredentials},
		{"unsafe_allow_insecure_origins_with_credentials", s.UnsafeAllowInsecureOriginsWithCredentials},
	}
	for _, f := range flags {
		if f.on {
			b.WriteString(in + f.name + "\n")
		}
	}
	if !s.PreflightMaxAge.IsZero() {
		v, _ := s.PreflightMaxAge.MarshalJSON()
		age := strings.Trim(string(v), `"`)
		if age == "0" {
			age = "none"
		}
		b.WriteString(in + "preflight_max_age " + age + "\n")
	}
	if s.PreflightStatus != 0 {
		b.WriteString(in + "preflight_status " + strconv.Itoa(s.PreflightStatus) + "\n")
	}
}

// token writes v as one Caddyfile argument: bare when the lexer reads it
// back whole, else quoted.
func token(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t\r\n\"`'{}#\\") {
		return v
	}
	if !strings.Contains(v, "`") {
		return "`" + v + "`"
	}
	return strconv.Quote(v)
}
