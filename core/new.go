package core

import (
	"context"
	"log/slog"
)

// NewPolicy compiles cfg. It reports every problem in cfg at once, as
// [*ConfigError] values joined with [errors.Join], and then returns a nil
// Policy.
//
// With a DebugLogger, each of the policy's [Policy.Notes] is logged once,
// at level Info, when the policy is built.
func NewPolicy(cfg Config) (*Policy, error) {
	var p *Policy
	var err error
	if cfg.Paths != nil {
		p, err = newPathPolicy(cfg)
	} else {
		p, err = compile(cfg)
	}
	if err == nil && cfg.DebugLogger != nil {
		for _, n := range p.notes {
			cfg.DebugLogger.LogAttrs(context.Background(), slog.LevelInfo, "corsheaders: configuration note", slog.String("note", n))
		}
	}
	return p, err
}

// MustPolicy is [NewPolicy] for a Config known to be valid, such as one
// written in the program: it panics with every problem NewPolicy reports.
// The adapters' New functions use it.
func MustPolicy(cfg Config) *Policy {
	p, err := NewPolicy(cfg)
	if err != nil {
		panic(err)
	}
	return p
}
