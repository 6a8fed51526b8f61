package core

import (
	"sync"
	"sync/atomic"
)

// A Source supplies the policy in force for each request. Adapters read
// their policy through a Source, so a [*Policy] serves as one (it is its
// own source) and so does a [*Live], whose policy can be replaced while
// the server runs.
type Source interface {
	Policy() *Policy
}

// Policy returns p itself, making a *Policy a [Source].
func (p *Policy) Policy() *Policy { return p }

// Live holds a policy that can be replaced at run time, e.g. to allow new
// origins without a restart. Requests already being decided finish with the
// policy they started with; later ones see the new one. A Live is safe for
// concurrent use; its zero value holds no policy and must be given one with
// Store before use.
type Live struct {
	p  atomic.Pointer[Policy]
	mu sync.Mutex // serialises writers: Store and Update
}

// NewLive returns a Live holding p.
func NewLive(p *Policy) *Live {
	l := new(Live)
	l.Store(p)
	return l
}

// Policy returns the policy in force.
func (l *Live) Policy() *Policy { return l.p.Load() }

// Store puts p in force. It panics if p is nil.
func (l *Live) Store(p *Policy) {
	if p == nil {
		panic("corsheaders: Live.Store with a nil *Policy")
	}
	l.mu.Lock()
	l.p.Store(p)
	l.mu.Unlock()
}

// Reload compiles cfg and, if it is valid, puts it in force. On error the
// policy in force is kept.
func (l *Live) Reload(cfg Config) error {
	p, err := NewPolicy(cfg)
	if err != nil {
		return err
	}
	l.Store(p)
	return nil
}
