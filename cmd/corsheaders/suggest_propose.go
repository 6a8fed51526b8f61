package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corsconf"
)

// seenOrigin is one origin as suggest prints it.
type seenOrigin struct {
	Origin string `json:"origin"`
	Count  uint64 `json:"count"`
	// Overcount is how much Count may exceed the truth, for an origin
	// that took the place of another in the sketch.
	Overcount  uint64 `json:"overcount,omitempty"`
	CrossSite  uint64 `json:"cross_site"`
	SameSite   uint64 `json:"same_site"`
	Preflights uint64 `json:"preflights"`
	// Clients counts the distinct clients (address and user agent) seen,
	// up to 8; ClientsMore says there were more.
	Clients     int  `json:"clients"`
	ClientsMore bool `json:"clients_more,omitempty"`
	// Granted: the current policy granted it.
	Granted bool `json:"granted_today"`
	// Why it is not proposed, for one seen with evidence.
	NotProposed string `json:"not_proposed,omitempty"`
}

func (s *originStats) seen() seenOrigin {
	return seenOrigin{Origin: s.origin, Count: s.count, Overcount: s.overcount, CrossSite: s.crossSite, SameSite: s.sameSite,
		Preflights: s.preflights, Clients: int(s.nClients), ClientsMore: s.moreClients, Granted: s.granted > 0}
}

// A group is a pattern proposed for several origins seen below a domain
// the operator owns.
type group struct {
	Pattern string   `json:"pattern"`
	Domain  string   `json:"domain"`
	Origins []string `json:"origins"`
}

// ruleProposal is suggest's answer for the paths one rule decides.
type ruleProposal struct {
	Rule        string       `json:"rule"`
	Credentials bool         `json:"credentials"`
	Listed      []seenOrigin `json:"listed_today"`
	Evidence    []seenOrigin `json:"seen_with_evidence"`
	NoEvidence  []seenOrigin `json:"seen_without_evidence"`
	NotKept     uint64       `json:"distinct_origins_not_kept"`
	Added       []string     `json:"added"`
	Groups      []group      `json:"groups"`
	Removed     []string     `json:"removed"`
	// Unused are current entries that allowed no origin kept.
	Unused []string `json:"unused_entries"`
	// Narrower says what the current policy grants that the proposal
	// refuses, each with why.
	Narrower []string `json:"narrower"`
	Notes    []string `json:"notes"`
	// Env and Settings are the proposal as CORS_* variables and as a
	// JSON file that corsheaders validate reads.
	Env      []string        `json:"env"`
	Settings json.RawMessage `json:"settings"`

	config core.Config
}

// proposeOptions are the choices the operator makes.
type proposeOptions struct {
	own             []string // registrable domains owned, for patterns
	groupMin        int      // origins below a domain before a pattern
	includeUnproven bool     // propose origins seen without evidence
}

// propose turns what rt saw into a proposal for its rule.
func propose(rt *ruleTally, hasCurrent bool, opt proposeOptions) (*ruleProposal, error) {
	cur := rt.cfg
	p := &ruleProposal{Rule: rt.name, Credentials: cur.AllowCredentials, Listed: []seenOrigin{}, Evidence: []seenOrigin{},
		NoEvidence: []seenOrigin{}, Added: []string{}, Groups: []group{}, Removed: []string{}, Unused: []string{}, Narrower: []string{}, Notes: []string{}}

	kept := 0
	for _, st := range rt.exact {
		p.Listed = append(p.Listed, st.seen())
		kept++
	}
	for _, st := range rt.listed.heap {
		p.Listed = append(p.Listed, st.seen())
		kept++
	}
	withEvidence := map[string]*originStats{}
	for _, st := range rt.evidence.heap {
		c := *st
		withEvidence[st.origin] = &c
		kept++
	}
	var without []*originStats
	for _, st := range rt.noEvidence.heap {
		if e, ok := withEvidence[st.origin]; ok {
			e.merge(st)
			continue
		}
		without = append(without, st)
		kept++
	}
	if rt.listed.evicted+rt.evidence.evicted+rt.noEvidence.evicted > 0 {
		if est := rt.seen.estimate(); est > uint64(kept) {
			p.NotKept = est - uint64(kept)
		}
	}

	// What to add: origins seen with evidence (and, when asked, the
	// others), each one NewPolicy accepts on its own with the current
	// credentials, grouped below domains the operator owns.
	var candidates []string
	for _, st := range withEvidence {
		so := st.seen()
		if why := notProposable(st.origin, cur.AllowCredentials); why != "" {
			so.NotProposed = why
		} else {
			candidates = append(candidates, st.origin)
		}
		p.Evidence = append(p.Evidence, so)
	}
	for _, st := range without {
		so := st.seen()
		switch why := notProposable(st.origin, cur.AllowCredentials); {
		case why != "":
			so.NotProposed = why
		case opt.includeUnproven:
			candidates = append(candidates, st.origin)
		default:
			so.NotProposed = "no browser evidence (--include-unproven proposes it)"
		}
		p.NoEvidence = append(p.NoEvidence, so)
	}
	byCount := func(a, b seenOrigin) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Origin, b.Origin))
	}
	slices.SortFunc(p.Listed, byCount)
	slices.SortFunc(p.Evidence, byCount)
	slices.SortFunc(p.NoEvidence, byCount)
	slices.Sort(candidates)

	domains := slices.Clone(opt.own)
	for _, e := range cur.AllowedOrigins {
		if _, rest, ok := strings.Cut(e, "://*."); ok {
			host, _, _ := strings.Cut(rest, ":")
			domains = append(domains, strings.ToLower(host))
		}
	}
	added, groups := groupOrigins(candidates, domains, opt.groupMin, cur.AllowCredentials)
	p.Added, p.Groups = added, groups

	next := cur
	next.Paths = nil
	next.AllowAllOrigins = false
	next.AllowedOrigins = slices.Concat(cur.AllowedOrigins, added)
	next.AllowedOriginRegexes = slices.Clone(cur.AllowedOriginRegexes)
	if cur.AllowAllOrigins {
		p.Removed = append(p.Removed, "AllowAllOrigins (CORS_ALLOW_ALL_ORIGINS)")
		p.Narrower = append(p.Narrower, "the current policy allows every origin; the proposal allows only the origins listed, so every other origin, seen here or not, is refused: this is the tightening asked for")
	}
	if !hasCurrent {
		p.Notes = append(p.Notes, "no current policy given (--current): credentials are off, and every origin is new")
	}
	if len(next.AllowedOrigins) == 0 && len(next.AllowedOriginRegexes) == 0 {
		p.Notes = append(p.Notes, "nothing to propose: no origin was seen with a browser's evidence")
		p.Env = []string{}
		p.Settings = json.RawMessage("{}")
		p.config = next
		return p, nil
	}
	policy, err := core.NewPolicy(next)
	if err != nil {
		return nil, fmt.Errorf("the proposal is refused by NewPolicy, which is a bug of suggest: %w", err)
	}
	p.config = next

	// What the current policy grants that the proposal refuses.
	for _, list := range [][]seenOrigin{p.Listed, p.Evidence} {
		for _, so := range list {
			if so.Granted && !grants(policy, so.Origin) {
				why := so.NotProposed
				if why == "" {
					why = "refused by the proposal"
				}
				p.Narrower = append(p.Narrower, so.Origin+": "+why)
			}
		}
	}
	var refusedUnproven int
	for _, so := range p.NoEvidence {
		if so.Granted && !grants(policy, so.Origin) {
			refusedUnproven++
		}
	}
	if refusedUnproven > 0 {
		p.Narrower = append(p.Narrower, strconv.Itoa(refusedUnproven)+" origin(s) seen without a browser's evidence, which the current policy grants, are refused: a client that is not a browser (curl, a server) needs no CORS grant, and one that forges an Origin gains nothing from it")
	}

	// Current entries no origin kept matched: kept, but said.
	for _, e := range cur.AllowedOrigins {
		if !entryUsed(core.Config{AllowedOrigins: []string{e}, AllowCredentials: cur.AllowCredentials}, p.Listed) {
			p.Unused = append(p.Unused, e)
		}
	}
	for _, e := range cur.AllowedOriginRegexes {
		if !entryUsed(core.Config{AllowedOriginRegexes: []string{e}, AllowCredentials: cur.AllowCredentials}, p.Listed) {
			p.Unused = append(p.Unused, e)
		}
	}
	if len(p.Unused) > 0 {
		p.Notes = append(p.Notes, "entries that allowed no origin seen are kept: remove them only after observing longer than the preflight max age, and longer than the traffic's weekly cycle")
	}
	p.Env, err = envLines(next)
	if err != nil {
		return nil, err
	}
	p.Settings, err = settingsJSON(next)
	if err != nil {
		return nil, err
	}
	if next.AllowHeaders != nil && len(next.AllowHeaders) == 0 || next.AllowMethods != nil && len(next.AllowMethods) == 0 {
		p.Notes = append(p.Notes, "an empty CORS_ALLOW_METHODS or CORS_ALLOW_HEADERS list cannot be written as a variable (empty means unset): use the JSON settings")
	}
	return p, nil
}

// grants reports whether policy, which may be nil, grants origin's
// requests.
func grants(policy *core.Policy, origin string) bool {
	if policy == nil {
		return false
	}
	req := core.Request{Method: methodGET, Path: "/", Origin: []string{origin}}
	return core.HandleRequest(policy, discard{}, &req).Allowed()
}

func entryUsed(cfg core.Config, listed []seenOrigin) bool {
	policy, err := core.NewPolicy(cfg)
	if err != nil {
		return true // cannot tell: say nothing
	}
	for _, so := range listed {
		if grants(policy, so.Origin) {
			return true
		}
	}
	return false
}

// notProposable says why origin cannot be proposed, or "".
func notProposable(origin string, credentials bool) string {
	switch origin {
	case "null":
		return `"null" is sent by every sandboxed iframe, data: URL and cross-origin redirect: list it by hand only if you mean all of them`
	case "file://":
		return `"file://" is any file opened from disk: list it by hand only if you mean it`
	}
	if _, err := core.NewPolicy(core.Config{AllowedOrigins: []string{origin}, AllowCredentials: credentials}); err != nil {
		msg := err.Error()
		var ce *core.ConfigError
		if errors.As(err, &ce) {
			msg = ce.Problem
			if ce.Fix != "" {
				msg += "; " + ce.Fix
			}
		}
		return "NewPolicy refuses it with the current credentials: " + corsconf.SettingNames(msg)
	}
	return ""
}

// groupOrigins writes origins as entries: one pattern scheme://*.D[:port]
// for at least min origins below a domain D of domains with the same
// scheme and port, when NewPolicy accepts that pattern with credentials;
// each origin as itself otherwise. The domains are those the operator
// named as owned, checked when read, or covered by a pattern of the
// current policy.
func groupOrigins(origins, domains []string, min int, credentials bool) ([]string, []group) {
	slices.SortFunc(domains, func(a, b string) int { return cmp.Compare(len(b), len(a)) }) // deepest first
	type key struct{ scheme, domain, port string }
	members := map[key][]string{}
	var keys []key
	var single []string
	for _, o := range origins {
		scheme, rest, _ := strings.Cut(o, "://")
		host, port := rest, ""
		if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.HasSuffix(rest, "]") {
			host, port = rest[:i], rest[i+1:]
		}
		d := ""
		for _, dom := range domains {
			if strings.HasSuffix(host, "."+dom) {
				d = dom
				break
			}
		}
		if d == "" || min < 1 {
			single = append(single, o)
			continue
		}
		k := key{scheme, d, port}
		if _, ok := members[k]; !ok {
			keys = append(keys, k)
		}
		members[k] = append(members[k], o)
	}
	var groups []group
	out := single
	for _, k := range keys {
		m := members[k]
		pattern := k.scheme + "://*." + k.domain
		if k.port != "" {
			pattern += ":" + k.port
		}
		if len(m) < min {
			out = append(out, m...)
			continue
		}
		if _, err := core.NewPolicy(core.Config{AllowedOrigins: []string{pattern}, AllowCredentials: credentials}); err != nil {
			out = append(out, m...)
			continue
		}
		out = append(out, pattern)
		groups = append(groups, group{Pattern: pattern, Domain: k.domain, Origins: m})
	}
	slices.Sort(out)
	if groups == nil {
		groups = []group{}
	}
	if out == nil {
		out = []string{}
	}
	return out, groups
}

// checkOwn says why --own domain cannot be used for patterns, or "": it
// must be a domain name below which NewPolicy accepts a credentialed
// pattern, so neither a public suffix (com, co.uk) nor a hosting service's
// domain (github.io), where anyone can serve pages.
func checkOwn(domain string) string {
	if domain == "" || strings.ContainsAny(domain, "/:*@ ") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "write a domain name, such as example.com"
	}
	_, err := core.NewPolicy(core.Config{AllowedOrigins: []string{"https://*." + domain}, AllowCredentials: true})
	if err != nil {
		var ce *core.ConfigError
		msg := err.Error()
		if errors.As(err, &ce) {
			msg = ce.Problem
		}
		msg, _, _ = strings.Cut(msg, ", and AllowCredentials is set")
		return msg
	}
	return ""
}

// settingsFile is a configuration as corsconf reads it from JSON.
type settingsFile struct {
	AllowedOrigins       []string  `json:"CORS_ALLOWED_ORIGINS,omitempty"`
	AllowedOriginRegexes []string  `json:"CORS_ALLOWED_ORIGIN_REGEXES,omitempty"`
	URLsRegex            string    `json:"CORS_URLS_REGEX,omitempty"`
	AllowMethods         *[]string `json:"CORS_ALLOW_METHODS,omitempty"`
	AllowHeaders         *[]string `json:"CORS_ALLOW_HEADERS,omitempty"`
	ExposeHeaders        []string  `json:"CORS_EXPOSE_HEADERS,omitempty"`
	PreflightMaxAge      *int64    `json:"CORS_PREFLIGHT_MAX_AGE,omitempty"`
	AllowCredentials     bool      `json:"CORS_ALLOW_CREDENTIALS,omitempty"`
	AllowPrivateNetwork  bool      `json:"CORS_ALLOW_PRIVATE_NETWORK,omitempty"`
}

// maxAgeSeconds is cfg's PreflightMaxAge as CORS_PREFLIGHT_MAX_AGE
// writes it; ok is false for the default, which needs no setting.
func maxAgeSeconds(d time.Duration) (int64, bool) {
	switch d {
	case 0:
		return 0, false
	case core.NoPreflightMaxAge:
		return 0, true
	}
	return int64(d / time.Second), true
}

func settingsJSON(c core.Config) (json.RawMessage, error) {
	f := settingsFile{AllowedOrigins: c.AllowedOrigins, AllowedOriginRegexes: c.AllowedOriginRegexes, URLsRegex: c.URLsRegex,
		ExposeHeaders: c.ExposeHeaders, AllowCredentials: c.AllowCredentials, AllowPrivateNetwork: c.AllowPrivateNetwork}
	if c.AllowMethods != nil {
		f.AllowMethods = &c.AllowMethods
	}
	if c.AllowHeaders != nil {
		f.AllowHeaders = &c.AllowHeaders
	}
	if s, ok := maxAgeSeconds(c.PreflightMaxAge); ok {
		f.PreflightMaxAge = &s
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return json.RawMessage(strings.TrimSpace(b.String())), nil
}

// envLines are c's settings as CORS_* variables, NAME=value, as
// corsconf.FromEnv reads them: lists joined by commas, regexes by spaces,
// with the white space a regex holds written as \x20 (\x{a0}…), which RE2
// reads as the same character, so that splitting on white space gives the
// regexes back.
func envLines(c core.Config) ([]string, error) {
	var lines []string
	add := func(name, value string) { lines = append(lines, name+"="+value) }
	if len(c.AllowedOrigins) > 0 {
		add("CORS_ALLOWED_ORIGINS", strings.Join(c.AllowedOrigins, ","))
	}
	if len(c.AllowedOriginRegexes) > 0 {
		res := make([]string, len(c.AllowedOriginRegexes))
		for i, re := range c.AllowedOriginRegexes {
			res[i] = escapeRegexSpace(re)
		}
		add("CORS_ALLOWED_ORIGIN_REGEXES", strings.Join(res, " "))
	}
	if c.URLsRegex != "" {
		add("CORS_URLS_REGEX", escapeRegexSpace(c.URLsRegex))
	}
	for _, l := range []struct {
		name string
		list []string
	}{{"CORS_ALLOW_METHODS", c.AllowMethods}, {"CORS_ALLOW_HEADERS", c.AllowHeaders}, {"CORS_EXPOSE_HEADERS", c.ExposeHeaders}} {
		if len(l.list) > 0 {
			for _, v := range l.list {
				if strings.ContainsFunc(v, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
					return nil, fmt.Errorf("%s entry %q cannot be written as a variable", l.name, v)
				}
			}
			add(l.name, strings.Join(l.list, ","))
		}
	}
	if s, ok := maxAgeSeconds(c.PreflightMaxAge); ok {
		add("CORS_PREFLIGHT_MAX_AGE", strconv.FormatInt(s, 10))
	}
	if c.AllowCredentials {
		add("CORS_ALLOW_CREDENTIALS", "true")
	}
	if c.AllowPrivateNetwork {
		add("CORS_ALLOW_PRIVATE_NETWORK", "true")
	}
	return lines, nil
}

// escapeRegexSpace writes every white-space rune of the regex re, escaped
// or not, as a hexadecimal escape RE2 reads as the same rune, inside a
// character class too.
func escapeRegexSpace(re string) string {
	var b strings.Builder
	for i := 0; i < len(re); {
		r, size := utf8.DecodeRuneInString(re[i:])
		if r == '\\' && i+1 < len(re) {
			r2, size2 := utf8.DecodeRuneInString(re[i+1:])
			if unicode.IsSpace(r2) {
				writeRegexHex(&b, r2)
			} else {
				b.WriteString(re[i : i+1+size2])
			}
			i += 1 + size2
			continue
		}
		if unicode.IsSpace(r) {
			writeRegexHex(&b, r)
		} else {
			b.WriteString(re[i : i+size])
		}
		i += size
	}
	return b.String()
}

func writeRegexHex(b *strings.Builder, r rune) {
	if r < 0x100 {
		fmt.Fprintf(b, `\x%02x`, r)
		return
	}
	fmt.Fprintf(b, `\x{%x}`, r)
}
