package core

import (
	"errors"
	"fmt"
	"reflect"
)

// compileGuarded is NewPolicy's compilation: the settings of the Host
// guard and of Origin enforcement, which belong to the outer Config and
// apply to every path, then the policy, with Paths or without.
func compileGuarded(cfg Config) (*Policy, error) {
	var ps problems
	g := compileGuard(&ps, &cfg)
	var notes []string
	if cfg.EnforceOrigin {
		checkEnforcedOrigins(&ps, "AllowedOrigins", cfg.AllowedOrigins, &notes)
		if cfg.AllowAllOrigins && cfg.Paths == nil && cfg.URLsRegex == "" {
			notes = append(notes, "EnforceOrigin refuses no Origin, as AllowAllOrigins allows every origin on every path: it only refuses requests without Origin that another site sent (Sec-Fetch-Site); list the origins to allow instead")
		}
	}
	for i, rule := range cfg.Paths {
		rc := rule.Config
		if rc.HostGuard || rc.AllowedHosts != nil || rc.UnsafeAllowAnyHost || rc.EnforceOrigin || rc.PublicScheme != "" {
			ps.add("Paths", i, rule.pattern(), "a rule's Config cannot set HostGuard, AllowedHosts, UnsafeAllowAnyHost, EnforceOrigin or PublicScheme: they guard every path",
				"set them on the outer Config")
		}
		if cfg.EnforceOrigin {
			checkEnforcedOrigins(&ps, "Paths["+itoa(i)+"].Config.AllowedOrigins", rc.AllowedOrigins, &notes)
		}
	}
	cfg.HostGuard, cfg.AllowedHosts, cfg.UnsafeAllowAnyHost, cfg.EnforceOrigin, cfg.PublicScheme = false, nil, false, false, ""
	var p *Policy
	var err error
	switch {
	case cfg.Paths != nil:
		p, err = newPathPolicy(cfg)
	case g != nil && !allowsSomeOrigin(cfg):
		// The guard alone: no origin is allowed, CORS is on for no path.
		checkCORSUnused(&ps, cfg)
		p, g.corsOff = &Policy{policyBody: &policyBody{debug: cfg.DebugLogger}}, true
	default:
		p, err = compile(cfg)
	}
	if err != nil {
		ps = append(renameProblems(err, -1), ps...)
	}
	if len(ps) > 0 {
		return nil, errors.Join(ps...)
	}
	p.guard = g
	if len(notes) > 0 {
		p.notes = append(p.notes[:len(p.notes):len(p.notes)], notes...)
	}
	return p, nil
}

// checkCORSUnused reports every CORS setting of cfg, a Config with the
// guard that allows no origin: CORS is enabled on no path, so they would
// apply to nothing.
func checkCORSUnused(ps *problems, cfg Config) {
	v := reflect.ValueOf(cfg)
	for i := 0; i < v.NumField(); i++ {
		name := v.Type().Field(i).Name
		if name == "DebugLogger" || v.Field(i).IsZero() {
			continue
		}
		ps.add(name, -1, fmt.Sprint(v.Field(i).Interface()),
			"no origin is allowed (AllowedOrigins, AllowedOriginRegexes and CheckRequest are empty), so CORS is enabled on no path and this applies to nothing",
			"remove it, or list the origins whose pages may call this server")
	}
}
