package core

import (
	"context"
	"log/slog"
	"slices"
	"sync"
)

// NewPolicy compiles cfg. It reports every problem in cfg at once, as
// [*ConfigError] values joined with [errors.Join], and then returns a nil
// Policy.
//
// With a DebugLogger, each of the policy's [Policy.Notes] is logged once,
// at level Info, when the policy is built; a policy built again for the
// same logger, as a [Live] source does when its origins change, does not
// log the same note again.
func NewPolicy(cfg Config) (*Policy, error) {
	p, err := compileGuarded(cfg)
	if err == nil && cfg.DebugLogger != nil {
		for _, n := range p.notes {
			if notesLogged.first(cfg.DebugLogger, n) {
				cfg.DebugLogger.LogAttrs(context.Background(), slog.LevelInfo, "corsheaders: configuration note", slog.String("note", n))
			}
		}
	}
	return p, err
}

// notesLogged remembers the notes logged lately, with their logger: a
// source that rebuilds its policy on every reload would otherwise repeat
// them in the log at each one. It forgets the oldest first, so that it
// holds at most a few loggers alive.
var notesLogged noteLog

type noteLog struct {
	mu   sync.Mutex
	seen []loggedNote // the latest last
}

type loggedNote struct {
	logger *slog.Logger
	note   string
}

const maxNotesRemembered = 32

// first reports whether note is new for logger, and remembers it.
func (l *noteLog) first(logger *slog.Logger, note string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := loggedNote{logger, note}
	if slices.Contains(l.seen, n) {
		return false
	}
	if len(l.seen) == maxNotesRemembered {
		l.seen = slices.Delete(l.seen, 0, 1)
	}
	l.seen = append(l.seen, n)
	return true
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
