package core

import (
	"errors"
	"hash/maphash"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Tenants is a [Source] that decides each request with the policy of its
// tenant: a platform whose customers each have their own origins (widgets,
// checkout, an API per customer domain) serves them all from one
// middleware. The tenant is read from the request by a [TenantKey]: the
// host the connection carried ([TenantByHost]), a path segment
// ([TenantByPathSegment]) or a function of the request ([TenantFunc]).
//
// Each tenant has its own [*Policy], any Config, Paths included. Tenants are
// added, replaced and removed with Store and Delete while the server runs;
// a request is decided with the tenant's policy in force when it starts,
// as with a [Live]. A request whose tenant is not stored, or cannot be
// read, or is read two ways (see the keys), is decided by the policy given
// with [UnknownTenantPolicy], and without it is not a CORS request: its
// response gets no Access-Control-* header, only Vary: Origin, and a
// preflight goes to the application, as for a path outside URLsRegex. No
// stored tenant's policy ever decides a request that is not its own, and
// so a tenant policy's HostGuard and EnforceOrigin refuse only that
// tenant's requests: to refuse the others, give UnknownTenantPolicy a
// policy with them.
//
// Deciding a request costs what deciding it with the tenant's policy costs,
// plus reading the key and one hash-table look-up, however many tenants are
// stored, and allocates nothing (a [TenantFunc] costs what its function
// does). Reads take no lock. The tenants are kept in 4096 shards, each a
// small hash table replaced whole when one of its tenants is added,
// replaced or removed (copy on write), so a change copies about 1/4096 of
// the tenants, never all of them, and requests never wait for it. Names
// are hashed with a seed drawn by NewTenants, so names that customers
// choose cannot crowd one table.
//
// When a tenant's policy has a DebugLogger, Store gives the tenant a copy of
// it whose logger adds the attribute tenant=name to every record, so
// tenants may share one logger; Load returns the policy as given.
// [Tenants.Explain] names the tenant. An [Observation] does not: a tenant
// is not a bounded label for a metric.
//
// A Tenants is safe for concurrent use. Make one with [NewTenants]: the
// zero Tenants has no key and stores no tenant.
type Tenants struct {
	key     TenantKey
	unknown *Policy // UnknownTenantPolicy's, as it decides; nil: not CORS
	debug   *slog.Logger
	closed  *Policy
	seed    maphash.Seed
	count   atomic.Int64
	shards  [tenantShards]tenantShard
}

// tenantShards is how many tables hold the tenants: 100,000 tenants make
// about 25 a shard, so adding, replacing or removing one builds a table of
// about 25 entries (a few kilobytes); an empty Tenants costs 4096 small
// structs (64 KiB).
const tenantShards = 4096

type tenantShard struct {
	mu    sync.Mutex                  // held by writers only
	table atomic.Pointer[tenantTable] // never written once stored; nil: empty
}

// A tenantTable is one shard's tenants, an open-addressing hash table
// (linear probing, at most half full) built whole by each change. A
// look-up reads the table, one slot (its hash, then its name) and the
// policy: fewer memory accesses than a Go map of the same size, which
// matters when requests go to many tenants in turn and each access misses
// the processor's caches.
type tenantTable struct {
	slots []tenantSlot // a power of two of them
	n     int          // slots in use
}

// A tenantSlot holds one stored tenant, or none when name is "".
type tenantSlot struct {
	hash     uint64
	name     string
	deciding *Policy // given, or its copy logging tenant=name
	given    *Policy // as given to Store, for Load
}

// A TenantKey says how [Tenants] read a request's tenant, and which names
// Store accepts. Build one with [TenantByHost], [TenantByPathSegment] or
// [TenantFunc]; the zero TenantKey is refused by [NewTenants].
type TenantKey struct {
	by     keyKind
	prefix string
	f      func(*http.Request) string
}

type keyKind uint8

const (
	keyNone keyKind = iota
	keyHost
	keyPath
	keyFunc
)

// TenantByHost reads the tenant from the host the connection carried
// ([Request.Host]: net/http's Request.Host, Fiber's raw Host header), never
// from X-Forwarded-Host or Forwarded, which a page can set without a
// preflight. The host is read in its normal form: lower case, without a
// trailing dot, and without the port when it is 80 or 443, so
// "ACME.api.example.com.:443" is the tenant "acme.api.example.com"; a
// non-default port is kept ("acme.test:8443"). A Host that is not a host
// name and optional port (letters, digits and hyphens in labels of at most
// 63 bytes, at most 253 bytes, a port of 1 to 65535 without leading
// zeros), an IPv6 literal included, has no tenant. Store takes names in
// that normal form.
func TenantByHost() TenantKey { return TenantKey{by: keyHost} }

// TenantByPathSegment reads the tenant from the path segment that follows
// prefix: with prefix "/t/", "/t/acme/orders" is the tenant "acme"; with
// "/", the first segment. The prefix is compared byte for byte, case
// included; it must start with "/", and a missing trailing "/" is added.
//
// A path that routers may read as two different tenants has none: one
// with an empty, "." or ".." segment anywhere (a router that cleans paths
// serves "/t/acme/../../t/evil" as tenant evil's), one whose segment was
// sent escaped ("/t/acme%2Fx/": chi, Echo and Fiber route on the escaped
// path), and one whose segment is not a tenant name: lower-case letters,
// digits, ".", "-" and "_", not "." or "..", at most 253 bytes (Fiber
// routes "/t/ACME/" as "/t/acme/" by default, and the application might not
// read "ACME" as acme). Store takes such names. A path longer than
// [MaxPathLength] has no tenant.
func TenantByPathSegment(prefix string) TenantKey {
	return TenantKey{by: keyPath, prefix: prefix}
}

// TenantFunc reads the tenant with f, called once per request with the
// request as net/http holds it (a server not built on net/http converts
// it, through Request.ToHTTP, as for CheckRequest hooks). f returns the
// tenant's name, "" for none; it must be quick and safe for concurrent use,
// and read the host, if it does, from Request.Host, not from a header a
// page can set. Store takes any name but "".
func TenantFunc(f func(*http.Request) string) TenantKey {
	return TenantKey{by: keyFunc, f: f}
}

// A TenantsOption configures [NewTenants].
type TenantsOption func(*tenantsOptions)

type tenantsOptions struct {
	unknown      *Policy
	unknownGiven bool
	debug        *slog.Logger
}

// UnknownTenantPolicy makes p decide the requests whose tenant is not
// stored or cannot be read. Without it they are not CORS requests. Give it
// only a policy that is right for every host or path a client can name,
// such as one allowing the platform's own site. A tenant's origins never
// belong there: they would be granted on every host, path or name that no
// tenant has.
func UnknownTenantPolicy(p *Policy) TenantsOption {
	return func(o *tenantsOptions) { o.unknown, o.unknownGiven = p, true }
}

// TenantsDebugLogger logs, at level Info, every CORS request (one with an
// Origin) that no stored tenant decides: the Host, method, path and
// origin, and ("failed") how the key read the request and why it names no
// stored tenant, as [Tenants.Explain]'s first step says it. With
// [UnknownTenantPolicy], that policy's own DebugLogger says the rest. Like
// Config.DebugLogger, it is meant for development and troubleshooting:
// an attacker's probes are logged too, their values escaped and cut short.
func TenantsDebugLogger(l *slog.Logger) TenantsOption {
	return func(o *tenantsOptions) { o.debug = l }
}

// NewTenants returns a Tenants reading each request's tenant with key,
// holding no tenant yet. It returns every problem as a [*ConfigError],
// joined: key is the zero TenantKey, a TenantFunc with a nil function or a
// path prefix that is not a clean path, or UnknownTenantPolicy is given nil.
func NewTenants(key TenantKey, opts ...TenantsOption) (*Tenants, error) {
	var o tenantsOptions
	var ps problems
	for _, opt := range opts {
		if opt == nil {
			ps.add("TenantsOption", -1, "", "an option is nil", "remove it")
			continue
		}
		opt(&o)
	}
	if o.unknownGiven && o.unknown == nil {
		ps.add("UnknownTenantPolicy", -1, "", "the policy is nil", "pass the policy for unknown tenants, or leave the option out: unknown tenants are then not CORS requests")
	}
	switch key.by {
	case keyNone:
		ps.add("TenantKey", -1, "", "the zero TenantKey reads no tenant", "use core.TenantByHost(), core.TenantByPathSegment(prefix) or core.TenantFunc(f)")
	case keyFunc:
		if key.f == nil {
			ps.add("TenantFunc", -1, "", "the function is nil", "pass the function that returns a request's tenant")
		}
	case keyPath:
		given := key.prefix
		if len(key.prefix) == 0 || key.prefix[len(key.prefix)-1] != '/' {
			key.prefix += "/"
		}
		if problem, ok := checkTenantPrefix(key.prefix); !ok {
			ps.add("TenantByPathSegment", -1, given, problem, "write the path before the tenant's segment as routers serve it, e.g. \"/t/\"")
		}
	}
	if len(ps) > 0 {
		return nil, errors.Join(ps...)
	}
	t := &Tenants{key: key, seed: maphash.MakeSeed(), closed: closedPolicy(), debug: o.debug}
	if o.unknown != nil {
		t.unknown = withTenantAttr(o.unknown, "(unknown)")
	}
	return t, nil
}

// MustTenants is [NewTenants] for a key known to be valid: it panics with
// NewTenants' error.
func MustTenants(key TenantKey, opts ...TenantsOption) *Tenants {
	t, err := NewTenants(key, opts...)
	if err != nil {
		panic(err)
	}
	return t
}

// Policy returns a policy that allows no origin: a Tenants has no single
// policy, and code that reads one without a request, such as
// [NewCrossOriginProtection] and [CheckWebSocketOrigin] given a Tenants,
// then trusts no other origin. The adapters decide each request with its
// tenant's policy.
func (t *Tenants) Policy() *Policy { return t.closed }

// closedPolicy allows no origin: a Policy with Paths and neither rule nor
// fallback, which leaves every path out of CORS.
func closedPolicy() *Policy { return &Policy{policyBody: &policyBody{paths: &pathSet{}}} }

// Store puts p in force for the tenant name, adding the tenant or
// replacing its policy. name must be in the key's normal form (see
// [TenantByHost], [TenantByPathSegment], [TenantFunc]); otherwise Store
// changes nothing and returns a [*ConfigError] saying how to write it. It
// panics if p is nil.
func (t *Tenants) Store(name string, p *Policy) error {
	if p == nil {
		panic("corsheaders: Tenants.Store with a nil *Policy")
	}
	if t.closed == nil {
		panic("corsheaders: Tenants.Store on a Tenants not made by NewTenants")
	}
	if err := t.key.checkName(name); err != nil {
		return err
	}
	h := t.hash(name)
	slot := tenantSlot{hash: h, name: name, deciding: withTenantAttr(p, name), given: p}
	s := &t.shards[h%tenantShards]
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.table.Load()
	replacing := old.find(h, name) != nil
	n := old.len()
	if !replacing {
		n++
	}
	nt := newTenantTable(n)
	old.each(func(e *tenantSlot) {
		if e.name != name {
			nt.put(*e)
		}
	})
	nt.put(slot)
	s.table.Store(nt)
	if !replacing {
		t.count.Add(1)
	}
	return nil
}

// Delete removes the tenant name, if stored: its requests are then those
// of an unknown tenant.
func (t *Tenants) Delete(name string) {
	h := t.hash(name)
	s := &t.shards[h%tenantShards]
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.table.Load()
	if old.find(h, name) == nil {
		return
	}
	var nt *tenantTable
	if old.len() > 1 {
		nt = newTenantTable(old.len() - 1)
		old.each(func(e *tenantSlot) {
			if e.name != name {
				nt.put(*e)
			}
		})
	}
	s.table.Store(nt)
	t.count.Add(-1)
}

// Load returns the policy stored for the tenant name, as given to Store,
// or nil.
func (t *Tenants) Load(name string) *Policy {
	if e := t.lookup(name); e != nil {
		return e.given
	}
	return nil
}

// Len returns how many tenants are stored.
func (t *Tenants) Len() int { return int(t.count.Load()) }

func (t *Tenants) hash(name string) uint64 { return maphash.String(t.seed, name) }

// newTenantTable returns an empty table for n tenants.
func newTenantTable(n int) *tenantTable {
	size := 4
	for size < 2*n {
		size *= 2
	}
	return &tenantTable{slots: make([]tenantSlot, size)}
}

// put adds e, whose name the table does not hold.
func (tt *tenantTable) put(e tenantSlot) {
	mask := uint64(len(tt.slots) - 1)
	for i := (e.hash / tenantShards) & mask; ; i = (i + 1) & mask {
		if tt.slots[i].name == "" {
			tt.slots[i] = e
			tt.n++
			return
		}
	}
}

// find returns the slot of the tenant name, whose hash is h, or nil.
func (tt *tenantTable) find(h uint64, name string) *tenantSlot {
	if tt == nil {
		return nil
	}
	mask := uint64(len(tt.slots) - 1)
	for i := (h / tenantShards) & mask; ; i = (i + 1) & mask {
		e := &tt.slots[i]
		if e.name == "" {
			return nil
		}
		if e.hash == h && e.name == name {
			return e
		}
	}
}

func (tt *tenantTable) len() int {
	if tt == nil {
		return 0
	}
	return tt.n
}

func (tt *tenantTable) each(f func(*tenantSlot)) {
	if tt == nil {
		return
	}
	for i := range tt.slots {
		if tt.slots[i].name != "" {
			f(&tt.slots[i])
		}
	}
}

// policyFor returns the policy deciding r, its tenant's or the policy for
// unknown tenants (nil: not CORS), whether r has a stored tenant, and the
// name a TenantFunc returned, for the debug log, which must not call it
// again.
func (t *Tenants) policyFor(r *Request) (p *Policy, known bool, called string) {
	if t.key.by == keyHost {
		p, known = t.policyForHost(r.Host)
		return p, known, ""
	}
	name, state := t.key.read(r, nil)
	if t.key.by == keyFunc {
		called = name
	}
	if state == keyRead {
		if e := t.lookup(name); e != nil {
			return e.deciding, true, called
		}
	}
	return t.unknown, false, called
}

// policyForHost is policyFor by host. Only names in normal form are
// stored, so a host found as sent is one: most requests are decided after
// one look-up, without reading the host twice.
func (t *Tenants) policyForHost(host string) (*Policy, bool) {
	if len(host) <= maxHostKey {
		if e := t.lookup(host); e != nil {
			return e.deciding, true
		}
	}
	var buf [maxHostKey]byte
	if name, _ := normalHost(host, &buf); name != "" && name != host {
		if e := t.lookup(name); e != nil {
			return e.deciding, true
		}
	}
	return t.unknown, false
}

// lookup returns the slot of the tenant name, nil when it is not stored.
func (t *Tenants) lookup(name string) *tenantSlot {
	h := t.hash(name)
	return t.shards[h%tenantShards].table.Load().find(h, name)
}

// logsUnknown reports whether a request of no stored tenant is logged.
func (t *Tenants) logsUnknown(r *Request) bool {
	return t.debug != nil && len(r.Origin) > 0 && t.debug.Enabled(r.context(), slog.LevelInfo)
}

// logUnknown writes the debug line for r, a CORS request no stored tenant
// decides; called is the name a TenantFunc returned for it.
func (t *Tenants) logUnknown(r *Request, called string) {
	var buf [maxHostKey]byte
	var name string
	var state keyState
	if t.key.by == keyFunc {
		name, state = called, keyRead
		if called == "" {
			state = keyAbsent
		}
	} else {
		name, state = t.key.read(r, &buf)
	}
	t.debug.LogAttrs(r.context(), slog.LevelInfo, "corsheaders: no tenant for the request",
		// Copies, as the request's strings may share a buffer the server
		// reuses (see Request); escaped, as a log is read on terminals.
		slog.String("host", strings.Clone(escape(truncate(r.Host)))),
		slog.String("method", strings.Clone(escape(truncate(r.Method)))),
		slog.String("path", strings.Clone(escape(truncate(r.Path)))),
		slog.String("origin", strings.Clone(escape(joinTruncated(r.Origin)))),
		slog.String("failed", t.key.describe(r, name, state, false)),
	)
}

// unknownTenant makes d, the zero Decision, the answer for a request no
// policy decides: not CORS, varying on Origin, as its answer would for
// another Origin had the tenant been known.
func unknownTenant(d *Decision) {
	*d = Decision{Kind: NotCORS, Reason: ReasonTenantUnknown, grants: grantVaryOrigin}
}

// withTenantAttr returns p, or, when p or a rule of its Paths has a
// DebugLogger, a copy of p whose loggers add tenant=name to each record.
func withTenantAttr(p *Policy, name string) *Policy {
	if !logsDecisions(p) {
		return p
	}
	attr := slog.String("tenant", escape(truncate(name)))
	with := func(p *Policy) *Policy {
		if p == nil || p.debug == nil {
			return p
		}
		c := p.clone()
		c.debug = p.debug.With(attr)
		return c
	}
	c := with(p)
	if c == p {
		c = p.clone()
	}
	if p.paths != nil {
		ps := *p.paths
		ps.policies = slices.Clone(ps.policies)
		for i, rp := range ps.policies {
			ps.policies[i] = with(rp)
		}
		ps.fallback = with(ps.fallback)
		c.paths = &ps
	}
	return c
}

func logsDecisions(p *Policy) bool {
	if p.debug != nil {
		return true
	}
	if p.paths != nil {
		if p.paths.fallback != nil && p.paths.fallback.debug != nil {
			return true
		}
		for _, rp := range p.paths.policies {
			if rp != nil && rp.debug != nil {
				return true
			}
		}
	}
	return false
}

// keyState says how reading a tenant key went.
type keyState uint8

const (
	keyRead      keyState = iota // a name, stored or not
	keyAbsent                    // no Host, a path outside the prefix, a function returning ""
	keyMalformed                 // not a host name, not a tenant segment
	keyTwoWays                   // a path routers may read as two tenants
	// a host to write in normal form, into a buffer read was not given
	keyToNormalise
)

// maxHostKey bounds the host names read: 253 bytes, a trailing dot and a
// port.
const maxHostKey = 253 + 1 + 6

// read returns r's tenant name, "" when it has none, and why. A host name
// that must be written in normal form is written into buf, and the name is
// valid as long as buf is; with a nil buf, read returns keyToNormalise
// then, so that a request sent in normal form pays for no buffer.
func (k *TenantKey) read(r *Request, buf *[maxHostKey]byte) (string, keyState) {
	switch k.by {
	case keyHost:
		return normalHost(r.Host, buf)
	case keyPath:
		return pathTenant(k.prefix, r.Path, r.rawPath())
	case keyFunc:
		h := r.httpRequest()
		if h == nil {
			return "", keyAbsent
		}
		if name := k.f(h); name != "" {
			return name, keyRead
		}
	}
	return "", keyAbsent
}

// normalHost returns host in normal form: lower case, without a trailing
// dot or a port 80 or 443. It is host itself when already so, and
// otherwise is written into buf.
func normalHost(host string, buf *[maxHostKey]byte) (string, keyState) {
	if host == "" {
		return "", keyAbsent
	}
	if len(host) > maxHostKey {
		return "", keyMalformed
	}
	name, port := host, ""
	for i := 0; i < len(host); i++ {
		if host[i] == ':' {
			name, port = host[:i], host[i+1:]
			if !validPort(port) {
				return "", keyMalformed
			}
			break
		}
	}
	dropPort := port == "80" || port == "443"
	trimmed := len(name) > 0 && name[len(name)-1] == '.'
	if trimmed {
		name = name[:len(name)-1]
	}
	upper, ok := hostName(name)
	if !ok {
		return "", keyMalformed
	}
	if !upper && !trimmed && !dropPort {
		return host, keyRead
	}
	if buf == nil {
		return "", keyToNormalise
	}
	n := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	if port != "" && !dropPort {
		buf[n] = ':'
		n++
		n += copy(buf[n:], port)
	}
	return unsafe.String(&buf[0], n), keyRead
}

// hostName reports whether name is a DNS host name (labels of letters,
// digits and hyphens, 1 to 63 bytes each, neither starting nor ending with
// a hyphen, 253 bytes in all), and whether it has upper-case letters.
func hostName(name string) (upper, ok bool) {
	if name == "" || len(name) > 253 {
		return false, false
	}
	label := 0
	for i := 0; i <= len(name); i++ {
		if i == len(name) || name[i] == '.' {
			if label == 0 || label > 63 || name[i-1] == '-' || name[i-label] == '-' {
				return false, false
			}
			label = 0
			continue
		}
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-':
		case 'A' <= c && c <= 'Z':
			upper = true
		default:
			return false, false
		}
		label++
	}
	return upper, true
}

// validPort: 1 to 65535, in decimal, without leading zeros.
func validPort(p string) bool {
	if p == "" || len(p) > 5 || p[0] == '0' {
		return false
	}
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
		n = n*10 + int(p[i]-'0')
	}
	return n <= 65535
}

// pathTenant returns the segment after prefix in p, the decoded path; raw
// is the path as sent when escaped otherwise, or "".
func pathTenant(prefix, p, raw string) (string, keyState) {
	if len(p) > MaxPathLength || len(raw) > MaxPathLength {
		return "", keyMalformed
	}
	name, state := segmentAfter(prefix, p)
	if state != keyRead {
		return "", state
	}
	if hasDotOrEmptySegment(p) {
		return "", keyTwoWays
	}
	if raw != "" {
		if rawName, _ := segmentAfter(prefix, raw); rawName != name {
			return "", keyTwoWays
		}
	}
	return name, keyRead
}

// segmentAfter returns the segment of p after prefix.
func segmentAfter(prefix, p string) (string, keyState) {
	if len(p) < len(prefix) || p[:len(prefix)] != prefix {
		return "", keyAbsent
	}
	seg := p[len(prefix):]
	for i := 0; i < len(seg); i++ {
		if seg[i] == '/' {
			seg = seg[:i]
			break
		}
	}
	if seg == "" {
		return "", keyAbsent
	}
	if !tenantSegment(seg) {
		return "", keyMalformed
	}
	return seg, keyRead
}

// tenantSegment reports whether s is a tenant name a path can carry.
func tenantSegment(s string) bool {
	if s == "" || s == "." || s == ".." || len(s) > 253 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// hasDotOrEmptySegment reports whether p, from its second byte on, has an
// empty, "." or ".." segment (a trailing slash aside).
func hasDotOrEmptySegment(p string) bool {
	start := 1
	for i := 1; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' {
			continue
		}
		seg := p[start:i]
		last := i == len(p)
		if seg == "." || seg == ".." || seg == "" && !last {
			return true
		}
		start = i + 1
	}
	return false
}

// checkTenantPrefix says what is wrong with a path prefix, which ends
// with "/".
func checkTenantPrefix(prefix string) (string, bool) {
	if prefix == "" || prefix[0] != '/' {
		return "the prefix is a path and starts with \"/\"", false
	}
	for i := 0; i < len(prefix); i++ {
		switch c := prefix[i]; {
		case c == '%' || c == '?' || c == '#':
			return "the prefix is a decoded path, without escapes, query or fragment", false
		case c < 0x21 || c == 0x7f:
			return "the prefix holds a control character or a space", false
		}
	}
	if prefix != "/" && hasDotOrEmptySegment(prefix[:len(prefix)-1]) {
		return "the prefix holds an empty, \".\" or \"..\" segment", false
	}
	return "", true
}

// checkName returns a ConfigError when name is not a tenant name for k.
func (k *TenantKey) checkName(name string) error {
	const field = "tenant"
	switch k.by {
	case keyHost:
		var buf [maxHostKey]byte
		norm, state := normalHost(name, &buf)
		switch {
		case state != keyRead:
			return &ConfigError{Field: field, Index: -1, Value: name, Problem: "not a host name with an optional port, as TenantByHost reads the Host", Fix: "write the host clients send, e.g. \"acme.api.example.com\""}
		case norm != name:
			return &ConfigError{Field: field, Index: -1, Value: name, Problem: "not in the normal form TenantByHost reads hosts in (lower case, no trailing dot, no port 80 or 443)", Fix: "write " + quote(norm)}
		}
	case keyPath:
		if !tenantSegment(name) {
			return &ConfigError{Field: field, Index: -1, Value: name, Problem: "not a tenant segment: lower-case letters, digits, \".\", \"-\" and \"_\", not \".\" or \"..\", at most 253 bytes", Fix: "name the tenant as its path writes it, e.g. \"acme\""}
		}
	default:
		if name == "" {
			return &ConfigError{Field: field, Index: -1, Value: name, Problem: "the name is empty, which TenantFunc returns for no tenant", Fix: "name the tenant as the function returns it"}
		}
	}
	return nil
}

// Explain decides r as the middleware does and says how, as
// [Policy.Explain] does, with a first step naming the tenant and how it was
// read, or why the request has none.
func (t *Tenants) Explain(r *http.Request) Explanation {
	var req Request
	req.read(r)
	var buf [maxHostKey]byte
	name, state := t.key.read(&req, &buf)
	var slot *tenantSlot
	if name != "" {
		slot = t.lookup(name)
	}
	stored := slot != nil
	step := Step{Check: "tenant", OK: stored, Detail: t.key.describe(&req, name, state, stored)}
	var p *Policy
	switch {
	case stored:
		p = slot.given
	case t.unknown != nil:
		p = t.unknown
		step.Detail += ": the policy for unknown tenants decides"
	default:
		step.Detail += ": no policy is given for unknown tenants, so CORS is not enabled for it"
		var d Decision
		unknownTenant(&d)
		e := Explanation{Kind: d.Kind, Reason: d.Reason, Header: http.Header{}, Steps: []Step{step}}
		d.writeHeader(e.Header)
		if len(req.Origin) == 1 {
			e.Origin = req.Origin[0]
		}
		return e
	}
	e := p.explainRequest(req)
	e.Steps = append([]Step{step}, e.Steps...)
	return e
}

// describe says how the key read r's tenant, for Explain.
func (k *TenantKey) describe(r *Request, name string, state keyState, stored bool) string {
	var from string
	switch k.by {
	case keyHost:
		from = "the Host " + quote(truncate(r.Host))
	case keyPath:
		from = "the path " + quote(truncate(r.Path))
		if raw := r.rawPath(); raw != "" {
			from += " (sent as " + quote(truncate(raw)) + ")"
		}
	default:
		from = "TenantFunc"
	}
	switch state {
	case keyRead:
		if stored {
			return "tenant " + quote(truncate(name)) + ", read from " + from
		}
		return "tenant " + quote(truncate(name)) + ", read from " + from + ", is not stored"
	case keyMalformed:
		if k.by == keyHost {
			return from + " is not a host name with an optional port: no tenant"
		}
		return from + " has no tenant segment after " + quote(k.prefix) + " (lower-case letters, digits, \".\", \"-\", \"_\") or is longer than core.MaxPathLength: no tenant"
	case keyTwoWays:
		return from + " may be read as another tenant by routers that clean paths or route on the escaped path (an empty, \".\" or \"..\" segment, or an escaped tenant segment): no tenant"
	}
	switch k.by {
	case keyHost:
		return "the request has no Host: no tenant"
	case keyPath:
		return from + " does not start with " + quote(k.prefix) + " and a tenant segment: no tenant"
	}
	return "TenantFunc returned \"\": no tenant"
}
