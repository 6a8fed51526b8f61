package origin

// A Matcher finds the pattern, among those it was built from, that allows
// a request's origin. Its cost does not grow with the number of patterns:
// exact origins and any-port patterns are one map look-up each, subdomain
// patterns one per label of the origin's host. It allocates nothing. The
// zero Matcher matches nothing; a Matcher is not changed after NewMatcher,
// and is safe for concurrent use.
//
// Each look-up returns the index of the pattern that matched, in the slice
// given to NewMatcher, or -1 when none did.
type Matcher struct {
	patterns []Pattern
	exact    map[string]int // normal-form origins, "null", "file://"
	anyPort  map[string]int // "scheme://host" of ":*" patterns
	// subdomains maps a domain to the "*." patterns under it.
	subdomains map[string][]subdomainEntry
	// nonVerbatim: a key of exact is not what a browser sends, so an
	// Origin equal to it is not known valid without being parsed.
	nonVerbatim bool
	// exactLens has bit n set when a key of exact is n bytes long, so that
	// most origins not listed are told without hashing them.
	exactLens [maxOriginLen/64 + 1]uint64
}

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
	m := Matcher{patterns: patterns}
	for i, p := range patterns {
		switch {
		case p.Subdomain:
			if m.subdomains == nil {
				m.subdomains = make(map[string][]subdomainEntry)
			}
			m.subdomains[p.Host] = append(m.subdomains[p.Host], subdomainEntry{scheme: p.Scheme, port: p.Port, anyPort: p.AnyPort, index: i})
		case p.AnyPort:
			if m.anyPort == nil {
				m.anyPort = make(map[string]int)
			}
			if k := p.key(); !hasKey(m.anyPort, k) {
				m.anyPort[k] = i
			}
		default:
			if m.exact == nil {
				m.exact = make(map[string]int, len(patterns))
			}
			if k := p.key(); !hasKey(m.exact, k) {
				m.exact[k] = i
			}
		}
	}
	for k := range m.exact {
		if o, ok := Parse(k); !ok || o.norm != k {
			m.nonVerbatim = true
			break
		}
		m.exactLens[len(k)/64] |= 1 << (len(k) % 64)
	}
	return m
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// Pattern returns the pattern at index i, as a look-up returned it.
func (m *Matcher) Pattern(i int) Pattern { return m.patterns[i] }

// MatchVerbatim returns the exact pattern whose origin is s, byte for
// byte, as browsers send it: the common case, decided by one look-up,
// without parsing s. -1 says only that s needs parsing and Match.
func (m *Matcher) MatchVerbatim(s string) int {
	n := len(s)
	if m.nonVerbatim || n > maxOriginLen || m.exactLens[n/64]&(1<<(n%64)) == 0 {
		return -1
	}
	if i, ok := m.exact[s]; ok {
		return i
	}
	return -1
}

// Match returns the pattern that allows o: an exact origin, an any-port
// pattern or a subdomain pattern, in that order. asSent says that o's
// normal form is the Origin as sent, which MatchVerbatim has already looked
// up.
func (m *Matcher) Match(o *Origin, asSent bool) int {
	if asSent && !m.nonVerbatim {
		// Looked up already.
	} else if i, ok := m.exact[o.norm]; ok {
		return i
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

// Exact returns the exact pattern whose normal form is key, e.g.
// "https://example.com:8443" or "null".
func (m *Matcher) Exact(key string) int {
	if i, ok := m.exact[key]; ok {
		return i
	}
	return -1
}

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

// ExactKeys returns the normal forms of the exact patterns, in no
// particular order.
func (m *Matcher) ExactKeys() []string {
	keys := make([]string, 0, len(m.exact))
	for k := range m.exact {
		keys = append(keys, k)
	}
	return keys
}
