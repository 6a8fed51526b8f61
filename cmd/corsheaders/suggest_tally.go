package main

import (
	"slices"
	"strconv"
	"strings"

	"github.com/corsheaders/corsheaders/core"
)

// tally counts what the lines read say, in memory bounded by the current
// configuration and the sketch size k, whatever the input holds.
type tally struct {
	k int
	// cfg is the current configuration; current its policy, observed so
	// that each decision names the Paths rule that made it; nil without
	// one. entries allows what the current configuration's entries
	// (AllowedOrigins, AllowedOriginRegexes) allow, AllowAllOrigins
	// aside; nil without any.
	cfg      core.Config
	current  core.Source
	entries  *core.Policy
	lastRule string
	// probe allows every origin core's parser reads: what it calls
	// malformed is never proposed.
	probe *core.Policy
	rules map[string]*ruleTally

	counts           lineCounts
	malformedSamples []string
}

// lineCounts are the lines read, by what they held.
type lineCounts struct {
	Lines       uint64 `json:"lines"`
	Requests    uint64 `json:"requests_with_origin"`
	NoOrigin    uint64 `json:"requests_without_origin"`
	Malformed   uint64 `json:"malformed_origins"`
	Several     uint64 `json:"several_origins"`
	Truncated   uint64 `json:"truncated_origins"`
	OffPath     uint64 `json:"cors_off_path"`
	Unreadable  uint64 `json:"unreadable_lines"`
	TooLong     uint64 `json:"too_long_lines"`
	Debug       uint64 `json:"debug_log_lines"`
	Other       uint64 `json:"other_lines"`
	Suppressed  uint64 `json:"report_records_suppressed"`
	Origins     uint64 `json:"distinct_origins_estimate"`
	NotKept     uint64 `json:"distinct_origins_not_kept"`
	SketchSize  int    `json:"sketch_size"`
	EvictedRows uint64 `json:"sketch_evictions"`
}

// ruleTally is what was seen on the paths one rule of the current
// configuration decides ("" for the configuration's own, without Paths
// or on a path no rule matches).
type ruleTally struct {
	name string
	cfg  core.Config
	// exactSet holds the current configuration's exact origins, in
	// normal form; exact counts exactly the origins among them that
	// were seen (bounded by the configuration).
	exactSet map[string]bool
	exact    map[string]*originStats
	// The rest is sketched: origins another entry (a pattern, a regex)
	// allows, origins seen with a browser's evidence, and origins seen
	// without. A flood of forged origins without evidence evicts none of
	// the others.
	listed, evidence, noEvidence *sketch
	seen                         hll
	// anyPath and anyPathEntries are the rule's policy and its entries'
	// without URLsRegex (nil without a current configuration).
	anyPath, anyPathEntries *core.Policy
}

func newTally(k int, cfg *core.Config, current *core.Policy) (*tally, error) {
	probe, err := core.NewPolicy(core.Config{AllowAllOrigins: true})
	if err != nil {
		return nil, err
	}
	t := &tally{k: k, probe: probe, rules: map[string]*ruleTally{}}
	if cfg != nil {
		t.cfg = *cfg
		t.current = core.Observe(current, func(o core.Observation) { t.lastRule = o.Rule })
		t.entries = entriesPolicy(*cfg)
	}
	return t, nil
}

// entriesPolicy is cfg with AllowAllOrigins off everywhere: what its
// entries allow; nil when they allow nothing.
func entriesPolicy(cfg core.Config) *core.Policy {
	cfg.AllowAllOrigins = false
	cfg.Paths = slices.Clone(cfg.Paths)
	for i := range cfg.Paths {
		cfg.Paths[i].Config.AllowAllOrigins = false
	}
	p, err := core.NewPolicy(cfg)
	if err != nil {
		return nil
	}
	return p
}

// ruleConfig is the Config of the rule named name in cfg, as Observation
// names it.
func ruleConfig(cfg core.Config, name string) core.Config {
	for _, r := range cfg.Paths {
		if ruleName(r) == name {
			return r.Config
		}
	}
	cfg.Paths = nil
	return cfg
}

// ruleName is the rule's name as core's Observation and Explain give it.
func ruleName(r core.PathRule) string {
	kind, pat := "Prefix ", r.Prefix
	if r.Regex != "" {
		kind, pat = "Regex ", r.Regex
	}
	if printableASCII(pat) {
		return kind + `"` + pat + `"`
	}
	return kind + strconv.Quote(pat)
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func (t *tally) rule(name string) *ruleTally {
	if rt, ok := t.rules[name]; ok {
		return rt
	}
	cfg := ruleConfig(t.cfg, name)
	rt := &ruleTally{name: name, cfg: cfg, exactSet: map[string]bool{}, exact: map[string]*originStats{},
		listed: newSketch(t.k), evidence: newSketch(t.k), noEvidence: newSketch(t.k)}
	for _, e := range cfg.AllowedOrigins {
		if !strings.Contains(e, "*") {
			rt.exactSet[normalizeOrigin(e)] = true
		}
	}
	if t.current != nil {
		// The rule's policy on every path, for records without one.
		everywhere := cfg
		everywhere.URLsRegex = ""
		rt.anyPath, _ = core.NewPolicy(everywhere)
		rt.anyPathEntries = entriesPolicy(everywhere)
	}
	t.rules[name] = rt
	return rt
}

// discard is a HeaderStore that keeps nothing: suggest decides, it
// answers no one.
type discard struct{}

func (discard) Get(string) string  { return "" }
func (discard) Set(string, string) {}
func (discard) Add(string, string) {}

// add counts one line.
func (t *tally) add(r record) {
	t.counts.Lines++
	switch r.kind {
	case lineOther:
		t.counts.Other++
		return
	case lineUnreadable:
		t.counts.Unreadable++
		return
	case lineDebug:
		t.counts.Debug++
		return
	}
	t.counts.Suppressed += r.suppressed
	switch {
	case r.origins == 0:
		t.counts.NoOrigin++
		return
	case r.origins > 1:
		t.counts.Several++
		return
	case r.truncated:
		t.counts.Truncated++
		return
	}
	t.counts.Requests++
	path := r.path
	if path != "" && !strings.HasPrefix(path, "/") {
		path = "/"
	}
	req := core.Request{Method: methodGET, Path: "/", Origin: []string{r.origin}}
	if d := core.HandleRequest(t.probe, discard{}, &req); d.Reason == core.ReasonOriginMalformed {
		t.counts.Malformed++
		if len(t.malformedSamples) < 3 {
			t.malformedSamples = append(t.malformedSamples, clip(r.origin, 120))
		}
		return
	}
	norm := normalizeOrigin(r.origin)
	granted, listed, rule := false, false, ""
	var rt *ruleTally
	switch {
	case t.current == nil:
		rt = t.rule("")
	case path == "":
		// A report-only record whose path was redacted: the rule it
		// names decides, on any path.
		name := ""
		for _, pr := range t.cfg.Paths {
			if ruleName(pr) == r.rule {
				name = r.rule
			}
		}
		rt = t.rule(name)
		granted, listed = grants(rt.anyPath, r.origin), grants(rt.anyPathEntries, r.origin)
	default:
		req = core.Request{Method: methodGET, RawPath: path, Origin: []string{r.origin}}
		t.lastRule = ""
		d := core.HandleRequest(t.current, discard{}, &req)
		if d.Kind == core.NotCORS && d.Reason == core.ReasonPathNotEnabled {
			t.counts.OffPath++
			return
		}
		granted, rule = d.Allowed(), t.lastRule
		if t.entries != nil {
			req = core.Request{Method: methodGET, RawPath: path, Origin: []string{r.origin}}
			listed = core.HandleRequest(t.entries, discard{}, &req).Allowed()
		}
		rt = t.rule(rule)
	}
	h := hashString(norm)
	rt.seen.add(h)
	evidence := r.preflight || r.secFetchSite == "cross-site" || r.secFetchSite == "same-site"
	var st *originStats
	switch {
	case listed && rt.exactSet[norm]:
		st = rt.exact[norm]
		if st == nil {
			st = &originStats{origin: norm}
			rt.exact[norm] = st
		}
		st.count++
	case listed:
		st = rt.listed.add(norm)
	case evidence:
		st = rt.evidence.add(norm)
	default:
		st = rt.noEvidence.add(norm)
	}
	switch {
	case r.preflight:
		st.preflights++
	case r.secFetchSite == "cross-site":
		st.crossSite++
	case r.secFetchSite == "same-site":
		st.sameSite++
	}
	if granted {
		st.granted++
	}
	if r.client != "" {
		st.addClient(hashString(r.client))
	}
}

const methodGET = "GET"

// normalizeOrigin is an origin core's parser accepts, in normal form:
// scheme and host in lower case, without the scheme's default port.
func normalizeOrigin(s string) string {
	s = strings.ToLower(s)
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	host, port := rest, ""
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && i > strings.LastIndexByte(rest, ']') {
		host, port = rest[:i], rest[i+1:]
	}
	switch {
	case port == "80" && (scheme == "http" || scheme == "ws"),
		port == "443" && (scheme == "https" || scheme == "wss"):
		return scheme + "://" + host
	}
	return s
}

// clip is s cut to at most n bytes on a rune boundary, marked when cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
