package core

import "errors"

// compileGuarded is NewPolicy's compilation: the settings of the Host
// guard and of Origin enforcement, which belong to the outer Config and
// apply to every path, then the policy, with Paths or without.
func compileGuarded(cfg Config) (*Policy, error) {
	var ps problems
	g := compileGuard(&ps, &cfg)
	var notes []string
	if cfg.EnforceOrigin {
		checkEnforcedOrigins(&ps, "AllowedOrigins", cfg.AllowedOrigins, &notes)
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
	if cfg.Paths != nil {
		p, err = newPathPolicy(cfg)
	} else {
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
