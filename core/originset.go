package core

import (
	"errors"
	"iter"
	"slices"

	"github.com/corsheaders/corsheaders/core/internal/origin"
)

// WithOrigins returns a policy like p whose AllowedOrigins have the entries
// of add and lack those of remove, without compiling the others again: a
// change of exact origins costs the same with a million origins as with
// ten, and the new policy shares all it does not change with p, which is
// left as it was. Put it in force with [Live.Store], or call [Live.Update],
// which does both.
//
// Each entry of add is checked by NewPolicy's rules for AllowedOrigins
// under p's settings (a subdomain pattern on public-suffix space, or an
// http:// origin, is refused when p allows credentials); every problem is
// reported at once, as [*ConfigError] values joined with [errors.Join],
// each naming the field "AllowedOrigins" and the entry's index in add, and
// then nothing changes and the policy returned is nil. An entry of remove
// is read as an entry is (so "https://EXAMPLE.com:443" removes
// "https://example.com"); one the policy does not hold, or that is no
// valid entry, is ignored. An entry in both lists is kept: remove applies
// first.
//
// The result may allow no origin at all, which NewPolicy refuses as a
// likely mistake: a list kept elsewhere (a table) may be empty for a
// while. Any-port and subdomain patterns ("http://localhost:*",
// "https://*.example.com") are rebuilt together when one of them changes,
// at a cost that grows with their number. A policy with Paths, or with
// AllowAllOrigins and entries to add, is refused: build it with NewPolicy.
func (p *Policy) WithOrigins(add, remove []string) (*Policy, error) {
	if p.paths != nil {
		return nil, errors.New("corsheaders: WithOrigins: a policy with Paths has an origin list per rule: build it again with NewPolicy")
	}
	var ps problems
	if p.allowAll && len(add) > 0 {
		ps.add("AllowAllOrigins", -1, "true",
			"AllowAllOrigins allows every origin, so AllowedOrigins and AllowedOriginRegexes are ignored",
			"to allow only the listed origins, remove AllowAllOrigins; to allow every origin, remove the lists")
	}
	// Most changes are an entry or two: the lists then stay on the stack.
	var addBuf, removeBuf [2]origin.Pattern
	adds := addBuf[:0]
	for i, s := range add {
		if o, ok := p.compileOrigin(&ps, "AllowedOrigins", i, s); ok {
			adds = append(adds, o)
		}
	}
	if len(ps) > 0 {
		return nil, errors.Join(ps...)
	}
	removes := removeBuf[:0]
	for _, s := range remove {
		if o, _, _, ok := origin.ParsePattern(s, false); ok {
			removes = append(removes, o)
		}
	}
	// The body is shared: only the origins change.
	return &Policy{origins: p.origins.With(adds, removes), policyBody: p.policyBody}, nil
}

// Update puts in force the policy in force with the AllowedOrigins entries
// of add and without those of remove, as [Policy.WithOrigins] makes it; on
// error the policy in force is kept. Updates are atomic (a request sees all
// of one or none of it) and serialised with each other and with Store and
// Reload, so that none is lost; requests never wait for them.
func (l *Live) Update(add, remove []string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := l.p.Load()
	if cur == nil {
		return errors.New("corsheaders: Live.Update before a policy was stored")
	}
	np, err := cur.WithOrigins(add, remove)
	if err != nil {
		return err
	}
	l.p.Store(np)
	return nil
}

// Origins yields the policy's AllowedOrigins entries in normal form:
// each exact origin once ("https://example.com", "null"), in no
// particular order, then each any-port or subdomain pattern as written in
// normal form ("https://*.example.com"). It is how a program compares the
// origins in force with a list kept elsewhere. With Paths, it yields the
// entries of the Config outside the rules.
func (p *Policy) Origins() iter.Seq[string] {
	return func(yield func(string) bool) {
		for o := range p.origins.Exacts() {
			if !yield(o) {
				return
			}
		}
		for _, pt := range p.origins.Patterns() {
			if !yield(pt.String()) {
				return
			}
		}
	}
}

// ListsOrigin reports whether AllowedOrigins holds entry, in whatever
// spelling: "https://EXAMPLE.com:443" is listed when "https://example.com"
// is. An entry that is not valid is never listed.
func (p *Policy) ListsOrigin(entry string) bool {
	o, _, _, ok := origin.ParsePattern(entry, false)
	if !ok {
		return false
	}
	if !o.AnyPort && !o.Subdomain {
		return p.origins.HasExact(o.Key(entry))
	}
	return slices.Contains(p.origins.Patterns(), o)
}

// OriginKey returns the normal form of an AllowedOrigins entry, the form
// Origins yields and two spellings of one entry share
// ("https://example.com" for "HTTPS://Example.com:443"), and false for a
// string that is no entry.
func OriginKey(entry string) (string, bool) {
	o, _, _, ok := origin.ParsePattern(entry, false)
	if !ok {
		return "", false
	}
	if o.AnyPort || o.Subdomain {
		return o.String(), true
	}
	return o.Key(entry), true
}
