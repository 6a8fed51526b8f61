package core

// NewPolicy compiles cfg. It reports every problem in cfg at once, as
// [*ConfigError] values joined with [errors.Join], and then returns a nil
// Policy.
func NewPolicy(cfg Config) (*Policy, error) {
	if cfg.Paths != nil {
		return newPathPolicy(cfg)
	}
	return compile(cfg)
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
