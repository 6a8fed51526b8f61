package origin

import (
	"iter"
	"slices"
)

// A Matcher finds the pattern, among those it was built from, that allows
// a request's origin. Its cost does not grow with the number of patterns:
// exact origins are one look-up in a Set, any-port patterns one map
// look-up, subdomain patterns one per label of the origin's host. It
// allocates nothing. The zero Matcher matches nothing; a Matcher is not
// changed once built (With returns another, sharing what it can), and is
// safe for concurrent use.
//
// A look-up returns Exact for an exact origin, whose entry is the origin's
// normal form; the index of the pattern in Patterns for an any-port or
// subdomain pattern; or -1 when none matched.
type Matcher struct {
	// patterns are the any-port and subdomain patterns, in the order
	// given; few, and rebuilt whole when one changes.
	patterns []Pattern
	exact    Set            // normal-form origins, "null", "file://"
	anyPort  map[string]int // "scheme://host" of ":*" patterns
	// subdomains maps a domain to the "*." patterns under it.
	subdomains map[string][]subdomainEntry
}

// Exact is what a look-up returns for an exact origin: its entry is the
// origin's normal form.
const Exact = 1<<31 - 1

// subdomainEntry is a "*." pattern under a domain.
type subdomainEntry struct {
	scheme  string
	port    string // "" for the default port
	anyPort bool
	index   int // in Matcher.patterns
}

// NewMatcher returns the Matcher for patterns. When two patterns match the
// same origins, look-ups return the first.
func NewMatcher(patterns []Pattern) Matcher {
	var m Matcher
	var exact []string
	for _, p := range patterns {
		if p.Subdomain || p.AnyPort {
			m.patterns = append(m.patterns, p)
		} else {
			exact = append(exact, p.key())
		}
	}
	m.exact = NewSet(exact)
	m.indexPatterns()
	return m
}

// NewMatcherOf returns the Matcher for exact, the normal forms of exact
// origins (Pattern.Key), and patterns, the any-port and subdomain patterns:
// NewMatcher for a long list, without a Pattern per exact origin.
func NewMatcherOf(exact []string, patterns []Pattern) Matcher {
	m := Matcher{patterns: slices.Clip(patterns), exact: NewSet(exact)}
	m.indexPatterns()
	return m
}

// indexPatterns builds anyPort and subdomains from patterns.
func (m *Matcher) indexPatterns() {
	m.anyPort, m.subdomains = nil, nil
	for i, p := range m.patterns {
		switch {
		case p.Subdomain:
			if m.subdomains == nil {
				m.subdomains = make(map[string][]subdomainEntry)
			}
			m.subdomains[p.Host] = append(m.subdomains[p.Host], subdomainEntry{scheme: p.Scheme, port: p.Port, anyPort: p.AnyPort, index: i})
		default:
			if m.anyPort == nil {
				m.anyPort = make(map[string]int)
			}
			if k := p.key(); !hasKey(m.anyPort, k) {
				m.anyPort[k] = i
			}
		}
	}
}

// With returns the Matcher with the patterns of add and without those of
// remove (remove first: a pattern in both is kept), sharing with m all
// the exact origins it does not change: an exact origin costs the same
// whatever their number. A change of any-port or subdomain patterns
// rebuilds those, at a cost that grows with their number only. A pattern
// of remove that m lacks is ignored; one of add that m has already keeps
// its place.
func (m *Matcher) With(add, remove []Pattern) Matcher {
	n := *m
	patternsChanged := false
	for _, p := range remove {
		if !p.Subdomain && !p.AnyPort {
			n.exact, _ = n.exact.Without(p.key())
			continue
		}
		for i, q := range n.patterns {
			if q == p {
				if !patternsChanged {
					n.patterns = slices.Clone(n.patterns)
					patternsChanged = true
				}
				n.patterns = slices.Delete(n.patterns, i, i+1)
				break
			}
		}
	}
	for _, p := range add {
		if !p.Subdomain && !p.AnyPort {
			n.exact, _ = n.exact.With(p.key())
			continue
		}
		if slices.Contains(n.patterns, p) {
			continue
		}
		if !patternsChanged {
			n.patterns = slices.Clone(n.patterns)
			patternsChanged = true
		}
		n.patterns = append(n.patterns, p)
	}
	if patternsChanged {
		n.patterns = slices.Clip(n.patterns)
		n.indexPatterns()
	}
	return n
}

// Len returns the number of distinct exact origins and of patterns.
func (m *Matcher) Len() (exact, patterns int) { return m.exact.Len(), len(m.patterns) }

// Exacts yields the normal form of every exact origin, in no particular
// order.
func (m *Matcher) Exacts() iter.Seq[string] { return m.exact.All() }

// Patterns returns the any-port and subdomain patterns, in order. The
// slice is shared: the caller must not change it.
func (m *Matcher) Patterns() []Pattern { return m.patterns }

// ExactWithHost returns the exact origins on host, at a cost that does
// not grow with the number of origins on other hosts.
func (m *Matcher) ExactWithHost(host string) []string { return m.exact.WithHost(host) }

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// Pattern returns the any-port or subdomain pattern at index i, as a
// look-up returned it; not for Exact.
func (m *Matcher) Pattern(i int) Pattern { return m.patterns[i] }

// MatchVerbatim returns the exact pattern whose origin is s, byte for
// byte, as browsers send it: the common case, decided by one look-up,
// without parsing s. -1 says only that s needs parsing and Match.
func (m *Matcher) MatchVerbatim(s string) int {
	if !m.exact.Verbatim() || !m.exact.MayHaveLength(len(s)) || !m.exact.Has(s) {
		return -1
	}
	return Exact
}

// Unmatchable reports, without parsing s, that no pattern can allow the
// Origin s, whatever it turns out to be once parsed: the Matcher holds
// exact origins only, as browsers send them, and none of the lengths s's
// normal form can have. Parsing only lower-cases a request's origin and
// drops a default port (":80", ":443"), so that form is as long as s, or
// 3 or 4 bytes shorter. False says only that s needs MatchVerbatim or
// parsing and Match.
func (m *Matcher) Unmatchable(s string) bool {
	n := len(s)
	if !m.exact.Verbatim() || m.anyPort != nil || m.subdomains != nil || n > maxOriginLen {
		return false
	}
	return !m.exact.MayHaveLength(n) && !m.exact.MayHaveLength(n-3) && !m.exact.MayHaveLength(n-4)
}

// Match returns the pattern that allows o: an exact origin, an any-port
// pattern or a subdomain pattern, in that order. asSent says that o's
// normal form is the Origin as sent, which MatchVerbatim has already looked
// up.
func (m *Matcher) Match(o *Origin, asSent bool) int {
	if asSent && m.exact.Verbatim() {
		// Looked up already.
	} else if m.exact.Has(o.norm) {
		return Exact
	}
	if o.special {
		return -1
	}
	if m.anyPort != nil {
		if i, ok := m.anyPort[o.norm[:o.hostEnd]]; ok {
			return i
		}
	}
	if m.subdomains != nil {
		return m.MatchSubdomain(o, o.Scheme())
	}
	return -1
}

// MatchSubdomain returns the subdomain pattern of scheme that allows o's
// host and port: o's own scheme for Match, another for a hint. It looks up
// each parent domain of o's host, so its cost grows with the host's
// labels, not with the number of patterns.
func (m *Matcher) MatchSubdomain(o *Origin, scheme string) int {
	if o.ipLiteral || numericTLD(o.Host()) {
		return -1
	}
	host := o.Host()
	for i := 0; i < len(host); i++ {
		if host[i] != '.' {
			continue
		}
		entries := m.subdomains[host[i+1:]]
		for j := range entries {
			if e := &entries[j]; e.scheme == scheme && (e.anyPort || e.port == o.Port()) {
				return e.index
			}
		}
	}
	return -1
}

// HasExact reports whether the exact origin whose normal form is key, e.g.
// "https://example.com:8443" or "null", is listed.
func (m *Matcher) HasExact(key string) bool { return m.exact.Has(key) }

// AnyPort returns the any-port pattern of schemeHost, "scheme://host".
func (m *Matcher) AnyPort(schemeHost string) int {
	if i, ok := m.anyPort[schemeHost]; ok {
		return i
	}
	return -1
}

// SubdomainOf returns the first subdomain pattern under domain, whatever
// its scheme and port: "https://*.example.com" for "example.com".
func (m *Matcher) SubdomainOf(domain string) int {
	if entries := m.subdomains[domain]; len(entries) > 0 {
		return entries[0].index
	}
	return -1
}
