package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corsconf"
)

const suggestSynopsis = "[--current cors.json|cors.env | --current-env [--prefix P]] [--format F] [--own DOMAIN]... [--top K] [--json] [LOG...]"

const suggestFormats = `Formats (--format; auto, the default, recognises each line's own):
  report  report-only records: slog JSON lines with the message
          "corsheaders: report-only candidate answers otherwise"
  caddy   Caddy's JSON access log (request.headers.Origin, Sec-Fetch-Site,
          User-Agent, request.method, request.uri, request.client_ip)
  jsonl   JSON lines with an "origin" field (and method, path or uri,
          sec_fetch_site, user_agent, client_ip or remote_addr)
  nginx   the combined format followed by "$http_origin" and optionally
          "$http_sec_fetch_site", nginx's default escaping (\xHH)
  apache  the combined format followed by "%{Origin}i" and optionally
          "%{Sec-Fetch-Site}i", Apache's escaping (\" \\ \xhh)
DebugLogger lines are skipped: they log refusals only, and cut origins short.
`

// suggestResult is what suggest --json prints.
type suggestResult struct {
	Current   string          `json:"current"`
	Counts    lineCounts      `json:"counts"`
	Malformed []string        `json:"malformed_samples"`
	Rules     []*ruleProposal `json:"rules"`
}

type ownFlags []string

func (o *ownFlags) String() string { return strings.Join(*o, ",") }
func (o *ownFlags) Set(v string) error {
	*o = append(*o, strings.ToLower(strings.TrimSpace(v)))
	return nil
}

func runSuggest(args, environ []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("suggest", suggestSynopsis, stderr)
	usage := fs.Usage
	fs.Usage = func() { usage(); fmt.Fprint(stderr, "\n"+suggestFormats) }
	current := fs.String("current", "", "the configuration in force: a JSON file of CORS_* settings, or a file of CORS_*=value lines")
	currentEnv := fs.Bool("current-env", false, "the configuration in force is in this process's CORS_* variables")
	prefix := fs.String("prefix", "", "with --current-env or a variables file, the prefix of the variables' names, such as MYAPP_")
	format := fs.String("format", formatAuto, "the logs' format: "+strings.Join(formats, ", "))
	var own ownFlags
	fs.Var(&own, "own", "a registrable domain you own, such as example.com: origins below it may be grouped into https://*.example.com (repeatable)")
	top := fs.Int("top", 1000, "how many origins to keep per kind beyond those the current configuration lists (memory grows with it)")
	groupMin := fs.Int("group-min", 2, "how many origins below an owned domain make a pattern")
	unproven := fs.Bool("include-unproven", false, "also propose origins seen without a browser's evidence (Sec-Fetch-Site cross-site or same-site, or a preflight)")
	show := fs.Int("show", 20, "how many origins of each list to print (--json prints all kept)")
	writeConfig := fs.String("write-config", "", "write the proposal to this file as JSON settings (corsheaders validate --config reads it)")
	writeEnv := fs.String("write-env", "", "write the proposal to this file as CORS_*=value lines")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	logs, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "corsheaders suggest: "+format+"\n", a...)
		return exitUsage
	}
	if !slices.Contains(formats, *format) {
		return fail("--format %q: use one of %s", *format, strings.Join(formats, ", "))
	}
	if *top < 1 || *top > 1_000_000 {
		return fail("--top %d: use 1 to 1000000", *top)
	}
	for _, d := range own {
		if why := checkOwn(d); why != "" {
			return fail("--own %q: %s; name a domain you own, such as example.com, never a public suffix or a hosting service's domain where anyone can serve pages", d, why)
		}
	}
	if *current != "" && *currentEnv {
		return fail("give --current or --current-env, not both")
	}

	var cfg *core.Config
	var policy *core.Policy
	source := "none"
	if *current != "" || *currentEnv {
		set, err := loadCurrent(*current, *currentEnv, *prefix, environ)
		if err == nil {
			policy, err = set.Policy()
		}
		if err != nil {
			fmt.Fprintln(stderr, "corsheaders suggest: the current configuration is invalid (corsheaders validate lists the problems):")
			for _, p := range flatten(err) {
				fmt.Fprintln(stderr, "  "+p.Error())
			}
			return exitUsage
		}
		cfg, source = &set.Config, *current
		if *currentEnv {
			source = "environment"
		}
	}
	t, err := newTally(*top, cfg, policy)
	if err != nil {
		return fail("%v", err)
	}
	if len(logs) == 0 {
		logs = []string{"-"}
	}
	for _, name := range logs {
		if err := t.read(name, *format, stdin); err != nil {
			return fail("%v", err)
		}
	}

	res := suggestResult{Current: source, Malformed: t.malformedSamples}
	if res.Malformed == nil {
		res.Malformed = []string{}
	}
	opt := proposeOptions{own: own, groupMin: *groupMin, includeUnproven: *unproven}
	names := make([]string, 0, len(t.rules))
	for name := range t.rules {
		names = append(names, name)
	}
	slices.Sort(names)
	if len(names) == 0 {
		t.rule("")
		names = []string{""}
	}
	for _, name := range names {
		rp, err := propose(t.rules[name], cfg != nil, opt)
		if err != nil {
			return fail("%v", err)
		}
		res.Rules = append(res.Rules, rp)
		t.counts.NotKept += rp.NotKept
		rt := t.rules[name]
		t.counts.Origins += rt.seen.estimate()
		t.counts.EvictedRows += rt.listed.evicted + rt.evidence.evicted + rt.noEvidence.evicted
	}
	t.counts.SketchSize = *top
	res.Counts = t.counts

	if *writeConfig != "" || *writeEnv != "" {
		if len(res.Rules) != 1 || res.Rules[0].Rule != "" {
			return fail("--write-config and --write-env write one configuration; the current one has Paths rules: take each rule's settings from the output")
		}
		rp := res.Rules[0]
		if *writeConfig != "" {
			if err := os.WriteFile(*writeConfig, append(rp.Settings, '\n'), 0o644); err != nil {
				return fail("%v", err)
			}
		}
		if *writeEnv != "" {
			if err := os.WriteFile(*writeEnv, []byte(strings.Join(rp.Env, "\n")+"\n"), 0o644); err != nil {
				return fail("%v", err)
			}
		}
	}
	if *asJSON {
		writeJSON(stdout, res)
	} else {
		printSuggestion(stdout, &res, *show)
	}
	return exitOK
}

// loadCurrent reads the configuration in force: a JSON file, a file of
// NAME=value lines, or the environment.
func loadCurrent(file string, env bool, prefix string, environ []string) (*corsconf.Settings, error) {
	if env {
		return corsconf.FromEnv(corsconf.WithPrefix(prefix), corsconf.WithEnviron(environ))
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(strings.TrimSpace(string(data)), "{") {
		return corsconf.FromFile(file)
	}
	var vars []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "export "))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !strings.Contains(line, "=") {
			return nil, fmt.Errorf("%s: %q is not NAME=value", file, clip(line, 60))
		}
		vars = append(vars, line)
	}
	return corsconf.FromEnv(corsconf.WithPrefix(prefix), corsconf.WithEnviron(vars))
}

// read counts the lines of the file name ("-": stdin).
func (t *tally) read(name, format string, stdin io.Reader) error {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	long, err := readLines(r, func(line []byte) { t.add(parseLine(line, format)) })
	t.counts.TooLong += long
	t.counts.Lines += long
	return err
}

func printSuggestion(w io.Writer, res *suggestResult, show int) {
	c := res.Counts
	fmt.Fprintf(w, "read %d lines: %d requests with one Origin, %d without, %d with several\n", c.Lines, c.Requests, c.NoOrigin, c.Several)
	skipped := []string{}
	for _, s := range []struct {
		n    uint64
		what string
	}{
		{c.Malformed, "malformed origins (core's parser refuses them; never proposed)"},
		{c.Truncated, "origins cut short by the writer (never proposed)"},
		{c.OffPath, "requests on paths where the current policy does not enable CORS"},
		{c.Unreadable, "unreadable lines"},
		{c.TooLong, "lines over 64 KiB"},
		{c.Debug, "DebugLogger lines (refusals only, origins cut at 80 bytes: not read)"},
		{c.Other, "lines of another kind"},
		{c.Suppressed, "report-only records the rate limit suppressed (counted, not seen)"},
	} {
		if s.n > 0 {
			skipped = append(skipped, fmt.Sprintf("  %d %s", s.n, s.what))
		}
	}
	for _, s := range skipped {
		fmt.Fprintln(w, s)
	}
	for _, m := range res.Malformed {
		fmt.Fprintf(w, "  malformed, e.g. %q\n", m)
	}
	fmt.Fprintf(w, "current policy: %s\n", res.Current)
	if c.NotKept > 0 {
		fmt.Fprintf(w, "about %d distinct origins (of about %d) were not kept: each was seen less often than the %d kept per list (--top raises it)\n", c.NotKept, c.Origins, c.SketchSize)
	}
	for _, rp := range res.Rules {
		fmt.Fprintln(w)
		if rp.Rule != "" {
			fmt.Fprintf(w, "== rule %s\n", rp.Rule)
		}
		printOrigins(w, "Allowed by the current policy (listed today)", rp.Listed, show)
		printOrigins(w, "Seen with browser evidence, not listed", rp.Evidence, show)
		printOrigins(w, "Seen without browser evidence (not proposed without --include-unproven)", rp.NoEvidence, show)
		fmt.Fprintln(w)
		fmt.Fprintf(w, "Proposal (credentials %s, from the current policy):\n", onOff(rp.Credentials))
		fmt.Fprintf(w, "  adds: %s\n", listOrNone(rp.Added))
		for _, g := range rp.Groups {
			fmt.Fprintf(w, "  %s stands for %s (below %s, which you own)\n", g.Pattern, strings.Join(g.Origins, ", "), g.Domain)
		}
		fmt.Fprintf(w, "  removes: %s\n", listOrNone(rp.Removed))
		if len(rp.Narrower) == 0 {
			fmt.Fprintln(w, "  refuses nothing the current policy grants to the origins seen")
		}
		for _, n := range rp.Narrower {
			fmt.Fprintf(w, "  refuses what the current policy grants: %s\n", n)
		}
		if len(rp.Unused) > 0 {
			fmt.Fprintf(w, "  entries no origin seen matched (kept): %s\n", strings.Join(rp.Unused, ", "))
		}
		for _, n := range rp.Notes {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
		if len(rp.Env) > 0 {
			fmt.Fprintln(w, "\nAs environment variables:")
			for _, l := range rp.Env {
				fmt.Fprintln(w, "  "+l)
			}
			fmt.Fprintln(w, "\nAs JSON settings (corsheaders validate --config reads them):")
			for _, l := range strings.Split(string(rp.Settings), "\n") {
				fmt.Fprintln(w, "  "+l)
			}
		}
	}
}

func printOrigins(w io.Writer, title string, list []seenOrigin, show int) {
	fmt.Fprintf(w, "%s: %d\n", title, len(list))
	width := 0
	for i, so := range list {
		if i < show {
			width = max(width, min(len(so.Origin), 48))
		}
	}
	for i, so := range list {
		if i == show {
			fmt.Fprintf(w, "  … and %d more (--show, --json)\n", len(list)-show)
			break
		}
		count := fmt.Sprint(so.Count)
		if so.Overcount > 0 {
			count = fmt.Sprintf("≤%d", so.Count)
		}
		clients := fmt.Sprint(so.Clients)
		if so.ClientsMore {
			clients += "+"
		}
		fmt.Fprintf(w, "  %8s  %-*s  cross-site %d, same-site %d, preflights %d, clients %s", count, width, so.Origin, so.CrossSite, so.SameSite, so.Preflights, clients)
		if !so.Granted {
			fmt.Fprint(w, ", refused today")
		}
		fmt.Fprintln(w)
		if so.NotProposed != "" && !strings.HasPrefix(so.NotProposed, "no browser evidence") {
			fmt.Fprintf(w, "            not proposed: %s\n", so.NotProposed)
		}
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ", ")
}
