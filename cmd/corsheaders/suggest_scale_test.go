package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corsconf"
)

// scaleLog is a generated log of known traffic, in every format suggest
// reads, mixed line by line.
type scaleLog struct {
	lines int
	// counts are the lines carrying each origin that matters.
	counts    map[string]int
	partners  []string // seen with a browser's evidence, not listed
	corp      []string // below the listed pattern, with evidence
	scrapers  []string // many lines each, never with evidence
	junk      int      // distinct origins seen once, without evidence
	forged    int      // distinct origins seen once, with forged evidence
	malformed int
}

const (
	scaleLines     = 1_000_000
	scaleJunk      = 200_000
	scaleForged    = 500
	scaleMalformed = 1000
	// scaleHeapBound is the most the heap may hold once both tallies have
	// read the log (HeapInuse after a GC): the test binary, two tallies
	// of three sketches of 1,000 origins each, and their maps.
	scaleHeapBound = 16 << 20
)

// write writes the log to w.
func (g *scaleLog) write(w io.Writer) error {
	rng := rand.New(rand.NewPCG(1, 2))
	bw := bufio.NewWriterSize(w, 1<<16)
	var events []func(int) string
	add := func(origin string, n int, sfs string, preflight bool) {
		g.counts[origin] += n
		for range n {
			events = append(events, func(i int) string { return scaleLine(rng, i, origin, sfs, preflight) })
		}
	}
	for i := range 30 {
		o := fmt.Sprintf("https://partner-%d.example.net", i)
		g.partners = append(g.partners, o)
		add(o, 20+5*i, "cross-site", false)
		add(o, 20+5*i, "", true)
	}
	for i := range 50 {
		o := fmt.Sprintf("https://team-%d.corp.example.com", i)
		g.corp = append(g.corp, o)
		add(o, 30, "same-site", false)
	}
	for i := range 5 {
		o := fmt.Sprintf("https://scraper-%d.example", i)
		g.scrapers = append(g.scrapers, o)
		add(o, 100, "", false)
	}
	add("https://admin.example.com", 2000, "cross-site", false)
	// The events above, the junk, the malformed and the rest, shuffled
	// into the log by position.
	special := len(events) + scaleJunk + scaleForged + scaleMalformed
	positions := rng.Perm(scaleLines)[:special]
	slices.Sort(positions)
	kinds := make([]int, 0, special)
	for i := range events {
		kinds = append(kinds, i)
	}
	for range scaleJunk {
		kinds = append(kinds, -1)
	}
	for range scaleForged {
		kinds = append(kinds, -2)
	}
	for range scaleMalformed {
		kinds = append(kinds, -3)
	}
	rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	next, junk, forged := 0, 0, 0
	for i := range scaleLines {
		var line string
		if next < len(positions) && positions[next] == i {
			switch k := kinds[next]; k {
			case -1:
				line = scaleLine(rng, i, fmt.Sprintf("https://%x.junk-%d.example", rng.Uint64(), junk), "", false)
				junk++
			case -2:
				line = scaleLine(rng, i, fmt.Sprintf("https://forged-%d.example", forged), "cross-site", false)
				forged++
			case -3:
				line = scaleLine(rng, i, fmt.Sprintf("https://bad_%d..example/x", i), "cross-site", false)
			default:
				line = events[k](i)
			}
			next++
		} else if i%3 == 0 {
			line = scaleLine(rng, i, "", "", false)
		} else {
			g.counts["https://app.example.com"]++
			line = scaleLine(rng, i, "https://app.example.com", "cross-site", false)
		}
		if _, err := bw.WriteString(line + "\n"); err != nil {
			return err
		}
	}
	g.lines, g.junk, g.forged, g.malformed = scaleLines, junk, forged, scaleMalformed
	return bw.Flush()
}

// scaleLine is a request from origin ("" for none) in one of the formats,
// chosen at random.
func scaleLine(rng *rand.Rand, i int, origin, sfs string, preflight bool) string {
	method := "GET"
	if preflight {
		method = "OPTIONS"
	}
	ua := fmt.Sprintf("Mozilla/5.0 (client %d)", i%97)
	switch rng.IntN(4) {
	case 0:
		o, s := origin, sfs
		if o == "" {
			o = "-"
		}
		if s == "" {
			s = "-"
		}
		return combined(method, "/api/items?page=2", ua, o, s)
	case 1:
		h := ""
		if origin != "" {
			h = fmt.Sprintf(`"Origin":[%q],`, origin)
		}
		if sfs != "" {
			h += fmt.Sprintf(`"Sec-Fetch-Site":[%q],`, sfs)
		}
		return fmt.Sprintf(`{"level":"info","logger":"http.log.access","msg":"handled request","request":{"client_ip":"10.0.%d.%d","method":%q,"uri":"/api/items","headers":{%s"User-Agent":[%q]}},"status":200}`, i%200, i%7, method, h, ua)
	case 2:
		return fmt.Sprintf(`{"origin":%q,"method":%q,"uri":"/api/items","sec_fetch_site":%q,"user_agent":%q}`, origin, method, sfs, ua)
	}
	if origin == "" || !preflight && sfs == "" {
		return fmt.Sprintf(`{"origin":%q,"method":%q,"path":"/api/items"}`, origin, method)
	}
	kind := "actual"
	if preflight {
		kind = "preflight_accepted"
	}
	if sfs != "" && !preflight {
		// A report-only record says nothing of Sec-Fetch-Site: write
		// this one as a JSON line.
		return fmt.Sprintf(`{"origin":%q,"method":%q,"path":"/api/items","sec_fetch_site":%q}`, origin, method, sfs)
	}
	return fmt.Sprintf(`{"time":"2026-12-06T01:00:00Z","level":"WARN","msg":%q,"origin":%q,"method":%q,"path":"/api/items","request_headers":"content-type","rule":"","enforced":{"kind":%q,"reason":"allowed","allowed":true},"candidate":{"kind":"preflight_rejected","reason":"origin_not_allowed","allowed":false}}`, reportMessage, origin, method, kind)
}

func TestSuggestMillionLines(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a generated log of a million lines")
	}
	g := &scaleLog{counts: map[string]int{}}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(g.write(pw)) }()

	listCfg := core.Config{AllowedOrigins: []string{"https://app.example.com", "https://admin.example.com", "https://*.corp.example.com"}, AllowCredentials: true}
	allCfg := core.Config{AllowAllOrigins: true}
	var tallies []*tally
	for _, cfg := range []core.Config{listCfg, allCfg} {
		policy, err := core.NewPolicy(cfg)
		if err != nil {
			t.Fatal(err)
		}
		tl, err := newTally(1000, &cfg, policy)
		if err != nil {
			t.Fatal(err)
		}
		tallies = append(tallies, tl)
	}
	long, err := readLines(pr, func(line []byte) {
		r := parseLine(line, formatAuto)
		for _, tl := range tallies {
			tl.add(r)
		}
	})
	if err != nil || long != 0 {
		t.Fatal(err, long)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("%d lines read; heap in use after GC, both tallies live: %.1f MiB (bound %d MiB)", g.lines, float64(ms.HeapInuse)/(1<<20), scaleHeapBound>>20)
	if ms.HeapInuse > scaleHeapBound {
		t.Errorf("heap in use %d bytes, over %d", ms.HeapInuse, scaleHeapBound)
	}
	runtime.KeepAlive(tallies)

	for i, tl := range tallies {
		c := tl.counts
		if c.Lines != uint64(g.lines) || c.Malformed != uint64(g.malformed) || c.Unreadable != 0 {
			t.Errorf("tally %d: counts %+v", i, c)
		}
	}

	// The list in force: its exact origins are counted exactly; every
	// partner seen from a page is proposed, with its count; no origin
	// seen without evidence is.
	rp, err := propose(tallies[0].rules[""], true, proposeOptions{groupMin: 2})
	if err != nil {
		t.Fatal(err)
	}
	checkProposal(t, "list", rp, g)
	for _, so := range rp.Listed {
		if want, ok := g.counts[so.Origin]; ok && (so.Origin == "https://app.example.com" || so.Origin == "https://admin.example.com") && (so.Count != uint64(want) || so.Overcount != 0) {
			t.Errorf("list: %s counted %d (over by at most %d), sent %d", so.Origin, so.Count, so.Overcount, want)
		}
	}
	if len(rp.Narrower) != 0 || len(rp.Removed) != 0 {
		t.Errorf("list: narrower %v, removed %v", rp.Narrower, rp.Removed)
	}
	for _, e := range listCfg.AllowedOrigins {
		if !slices.Contains(rp.config.AllowedOrigins, e) {
			t.Errorf("list: current entry %s dropped", e)
		}
	}

	// Allow-all in force: every origin it granted that a page used is
	// granted by the proposal; the 200,000 junk origins are not, and the
	// sketch says it did not keep them.
	rp, err = propose(tallies[1].rules[""], true, proposeOptions{groupMin: 2})
	if err != nil {
		t.Fatal(err)
	}
	checkProposal(t, "allow-all", rp, g)
	policy := proposalPolicy(t, rp)
	for _, o := range slices.Concat(g.partners, g.corp, []string{"https://app.example.com", "https://admin.example.com"}) {
		if !grants(policy, o) {
			t.Errorf("allow-all: the proposal refuses %s, seen from a page and granted today", o)
		}
	}
	if n := rp.NotKept; n < scaleJunk*92/100 || n > scaleJunk*108/100 {
		t.Errorf("allow-all: %d distinct origins said not kept, about %d expected", n, scaleJunk)
	}
	t.Logf("allow-all: %d origins added, %d listed, %d kept without evidence, about %d not kept", len(rp.Added), len(rp.Listed), len(rp.NoEvidence), rp.NotKept)
}

// checkProposal checks what every proposal from the generated log must
// show, and that validate and NewPolicy accept it.
func checkProposal(t *testing.T, name string, rp *ruleProposal, g *scaleLog) {
	t.Helper()
	policy := proposalPolicy(t, rp)
	for _, o := range g.partners {
		if !grants(policy, o) {
			t.Errorf("%s: partner %s not granted", name, o)
		}
	}
	// Every origin the current policy granted that was seen from a page,
	// listed or not, is granted by the proposal.
	for _, so := range slices.Concat(rp.Listed, rp.Evidence) {
		if so.Granted && so.CrossSite+so.SameSite+so.Preflights > 0 && !grants(policy, so.Origin) {
			t.Errorf("%s: %s granted today, seen from a page, refused by the proposal", name, so.Origin)
		}
	}
	found := 0
	for _, so := range rp.Evidence {
		if want, ok := g.counts[so.Origin]; ok && slices.Contains(g.partners, so.Origin) {
			found++
			if so.Count != uint64(want) || so.Overcount != 0 || so.Preflights == 0 || so.CrossSite == 0 {
				t.Errorf("%s: %+v, sent %d", name, so, want)
			}
		}
	}
	if found != len(g.partners) {
		t.Errorf("%s: %d partners shown, %d sent", name, found, len(g.partners))
	}
	for _, o := range g.scrapers {
		if grants(policy, o) {
			t.Errorf("%s: scraper %s granted", name, o)
		}
	}
	for _, a := range rp.Added {
		if slices.Contains(g.scrapers, a) || containsJunk(a) {
			t.Errorf("%s: %s proposed", name, a)
		}
	}
	// The JSON settings, through validate.
	file := filepath.Join(t.TempDir(), "proposal.json")
	if err := os.WriteFile(file, rp.Settings, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runText([]string{"validate", "--config", file}, nil); code != exitOK {
		t.Errorf("%s: validate: exit %d\n%s", name, code, out)
	}
}

func containsJunk(origin string) bool { return strings.Contains(origin, ".junk-") }

// proposalPolicy is the policy the proposal's JSON settings and its
// variables build, which must be one.
func proposalPolicy(t *testing.T, rp *ruleProposal) *core.Policy {
	t.Helper()
	set, err := corsconf.FromJSON(rp.Settings)
	if err != nil {
		t.Fatal(err)
	}
	policy, err := set.Policy()
	if err != nil {
		t.Fatal(err)
	}
	env, err := corsconf.FromEnv(corsconf.WithEnviron(rp.Env))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Policy(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(env.Config.AllowedOrigins, set.Config.AllowedOrigins) || env.Config.AllowCredentials != set.Config.AllowCredentials {
		t.Errorf("variables and JSON differ: %v / %v", rp.Env, string(rp.Settings))
	}
	return policy
}
