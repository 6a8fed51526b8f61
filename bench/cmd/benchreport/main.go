// Command benchreport turns the output of BenchmarkCORS (go test -bench,
// any -count) into docs/benchmarks.md: one table per scenario with every
// implementation's median ns/op, B/op and allocs/op and its ratio to the
// best peer of its framework, a summary with the geometric mean, and the
// issue's targets, each checked. It also serves every scenario once with
// every peer, to say where a peer does less than the standard asks.
//
//	go run ./cmd/benchreport -raw results/raw.txt -out ../docs/benchmarks.md
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/corsheaders/corsheaders/bench"
)

func main() {
	raw := flag.String("raw", "results/raw.txt", "go test -bench output")
	out := flag.String("out", "../docs/benchmarks.md", "report to write")
	load := flag.String("load", "", "the machine's load while the benchmarks ran, as uptime says it")
	command := flag.String("command", "make bench", "the command that produced -raw")
	benchstat := flag.String("benchstat", "bench/results/benchstat.txt", "where benchstat's comparison is, for the report's link")
	macro := flag.String("macro", "", "go test -bench BenchmarkAPI output, for the macro benchmark's section")
	macroCommand := flag.String("macro-command", "", "the command that produced -macro")
	flag.Parse()

	f, err := os.Open(*raw)
	if err != nil {
		log.Fatal(err)
	}
	samples, cpu, err := parse(f, "BenchmarkCORS/")
	f.Close()
	if err != nil {
		log.Fatal(err)
	}
	r := newReport(samples)
	r.cpu, r.load, r.command, r.benchstat = cpuModel(cpu), *load, *command, *benchstat
	if *macro != "" {
		f, err := os.Open(*macro)
		if err != nil {
			log.Fatal(err)
		}
		r.macro, _, err = parse(f, "BenchmarkAPI/")
		f.Close()
		if err != nil {
			log.Fatal(err)
		}
		r.macroCommand = *macroCommand
	}
	var b strings.Builder
	r.write(&b)
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

// sample holds one benchmark's measurements, one per run.
type sample struct{ ns, bytes, allocs, rps []float64 }

type key struct{ scenario, impl string }

// parse reads benchmark lines named PREFIXscenario=S/impl=I-P.
func parse(r io.Reader, prefix string) (map[key]*sample, string, error) {
	samples := make(map[key]*sample)
	cpu := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if c, ok := strings.CutPrefix(line, "cpu: "); ok {
			cpu = c
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 || !strings.HasPrefix(fields[0], prefix) {
			continue
		}
		name := fields[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i]
		}
		var k key
		for part := range strings.SplitSeq(name, "/") {
			if v, ok := strings.CutPrefix(part, "scenario="); ok {
				k.scenario = v
			} else if v, ok := strings.CutPrefix(part, "impl="); ok {
				k.impl = v
			}
		}
		s := samples[k]
		if s == nil {
			s = new(sample)
			samples[k] = s
		}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, "", fmt.Errorf("%q: %v", line, err)
			}
			switch fields[i+1] {
			case "ns/op":
				s.ns = append(s.ns, v)
			case "B/op":
				s.bytes = append(s.bytes, v)
			case "allocs/op":
				s.allocs = append(s.allocs, v)
			case "req/s":
				s.rps = append(s.rps, v)
			}
		}
	}
	return samples, cpu, sc.Err()
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// figure is one implementation's medians in one scenario.
type figure struct {
	ns, bytes, allocs float64
	runs              int
	ok                bool
}

type report struct {
	figs                          map[key]figure
	shortcuts                     map[key][]string
	cpu, load, command, benchstat string
	macro                         map[key]*sample
	macroCommand                  string
}

func newReport(samples map[key]*sample) *report {
	r := &report{figs: make(map[key]figure), shortcuts: make(map[key][]string)}
	for k, s := range samples {
		r.figs[k] = figure{ns: median(s.ns), bytes: median(s.bytes), allocs: median(s.allocs), runs: len(s.ns), ok: len(s.ns) > 0}
	}
	for _, s := range bench.Scenarios {
		for _, im := range bench.Impls {
			r.shortcuts[key{s.Name, im.ID}] = bench.Shortcuts(s, im)
		}
	}
	return r
}

// compared is the group whose peers an implementation is compared with:
// core against the net/http peers, which do the same work plus a handler.
func compared(group string) string {
	if group == bench.GroupCore {
		return bench.GroupNetHTTP
	}
	return group
}

// best returns the fastest peer of group in scenario s; with likeForLike,
// only among the peers that take no shortcut there.
func (r *report) best(s, group string, likeForLike bool) (bench.Impl, figure, bool) {
	var bi bench.Impl
	var bf figure
	found := false
	for _, im := range bench.Impls {
		if im.Group != group || im.Ours || im.Baseline {
			continue
		}
		f := r.figs[key{s, im.ID}]
		if !f.ok || likeForLike && len(r.shortcuts[key{s, im.ID}]) > 0 {
			continue
		}
		if !found || f.ns < bf.ns {
			bi, bf, found = im, f, true
		}
	}
	return bi, bf, found
}

func (r *report) ratio(s string, im bench.Impl, likeForLike bool) (float64, bool) {
	f := r.figs[key{s, im.ID}]
	_, b, ok := r.best(s, compared(im.Group), likeForLike)
	if !ok || !f.ok {
		return 0, false
	}
	return f.ns / b.ns, true
}

// ratioLimit is the most ours/best like-for-like peer may be:
// 1, save for a refused preflight when the best peer is gorilla/handlers,
// which refuses it after reading one header.
func ratioLimit(r *report, scenario string, im bench.Impl) float64 {
	s, _ := bench.ScenarioNamed(scenario)
	if best, _, ok := r.best(scenario, compared(im.Group), true); ok && best.ID == "gorilla" && s.Preflight && !s.Grant {
		return 1.5
	}
	return 1
}

// adapters are our middleware, the figures the targets are about.
func adapters() []bench.Impl {
	var out []bench.Impl
	for _, im := range bench.Impls {
		if im.Ours && im.Group != bench.GroupCore {
			out = append(out, im)
		}
	}
	return out
}

func geomean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for _, x := range xs {
		sum += math.Log(x)
	}
	return math.Exp(sum / float64(len(xs)))
}

func (r *report) write(w *strings.Builder) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("# Benchmarks\n\n")
	p("corsheaders side by side with the CORS middleware Go applications use, serving the same\n")
	p("requests under equivalent configurations. Generated by `bench/run.sh` (`make bench`) from\n")
	p("`BenchmarkCORS` in [bench/](../bench); do not edit by hand.\n\n")
	p("- Machine: %s, %d cores (%s/%s)\n", r.cpu, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	p("- Go: %s\n", runtime.Version())
	p("- Date: %s\n", time.Now().UTC().Format("2006-01-02"))
	if r.load != "" {
		p("- Load while running: %s\n", r.load)
	}
	p("- Command: `%s`; every figure is the median of %d runs\n", r.command, r.runs())
	p("- benchstat's comparison, with confidence intervals: [%s](../%s)\n\n", r.benchstat, r.benchstat)
	r.writeHow(p)
	r.writeSummary(p)
	r.writeTargets(p)
	r.writeMacro(p)
	r.writeScenarios(p)
}

// writeMacro reports BenchmarkAPI: requests per second of a small API over
// loopback, and what share of a request's time CORS takes.
func (r *report) writeMacro(p func(string, ...any)) {
	if len(r.macro) == 0 {
		return
	}
	p("## A whole request (macro benchmark)\n\n")
	p("`BenchmarkAPI` in [bench/](../bench): a small JSON API (GET encodes an item, PUT reads a body)\n")
	p("served on 127.0.0.1 with each middleware in front of it, and one keep-alive HTTP/1.1 client\n")
	p("connection sending one request after the other. Client and server share the machine, so a\n")
	p("request's time is both sides' work. *CORS share* is (time − the framework's baseline time) /\n")
	p("time, for the GET; for the preflight the baseline answers no OPTIONS, so there is none. A share\n")
	p("near zero or below it is within the run-to-run noise of a loopback exchange. allocs/request counts\n")
	p("both sides too: a response with more headers costs the client more strings to parse.\n")
	if r.macroCommand != "" {
		p("Command: `%s`; medians of the runs.\n", r.macroCommand)
	}
	p("\n")
	baseline := map[string]string{bench.GroupNetHTTP: "nethttp-bare", bench.GroupGin: "gin-bare", bench.GroupEcho: "echo-noop", bench.GroupEchoV5: "echo-v5-noop", bench.GroupFiber: "fiber-bare"}
	for _, name := range bench.APIScenarios {
		s, _ := bench.ScenarioNamed(name)
		p("### %s over loopback\n\n", s.Name)
		p("| framework | implementation | req/s | µs/request | CORS share | allocs/request |\n|---|---|---:|---:|---:|---:|\n")
		for _, im := range bench.Impls {
			m := r.macro[key{s.Name, im.ID}]
			if m == nil || len(m.ns) == 0 {
				continue
			}
			ns := median(m.ns)
			share := "—"
			if b := r.macro[key{s.Name, baseline[im.Group]}]; b != nil && len(b.ns) > 0 && !im.Baseline {
				share = fmt.Sprintf("%.1f %%", 100*(ns-median(b.ns))/ns)
			}
			name := im.Name
			if im.Ours {
				name = "**" + name + "**"
			}
			p("| %s | %s | %.0f | %.1f | %s | %.0f |\n", im.Group, name, median(m.rps), ns/1000, share, median(m.allocs))
		}
		p("\n")
	}
}

func (r *report) runs() int {
	n := 0
	for _, f := range r.figs {
		n = max(n, f.runs)
	}
	return n
}

func (r *report) writeHow(p func(string, ...any)) {
	p("## How to read it\n\n")
	p("Each adapter is compared with the peers of its framework: chiadapter with rs/cors, go-chi/cors\n")
	p("and gorilla/handlers' CORS as plain net/http middleware; ginadapter with gin-contrib/cors inside\n")
	p("a gin.Engine; echoadapter with Echo's middleware.CORSWithConfig inside an echo.Echo;\n")
	p("echov5adapter with Echo v5's middleware.CORSWithConfig inside an Echo v5 echo.Echo; fiberadapter\n")
	p("with Fiber's middleware/cors inside a fiber.App, served through its fasthttp handler with a reused\n")
	p("fasthttp.RequestCtx, as Fiber's server serves (fasthttp's parsing of the request is not counted).\n")
	p("The Gin, Echo and Fiber servers route GET and PUT on the path, and no OPTIONS. core deciding alone\n")
	p("(core.HandleRequest into a header store that keeps nothing), and deciding and writing\n")
	p("(core.HandleRequest into an http.Header, written as core.Handle writes it), are shown against the\n")
	p("net/http peers for scale; they are not middleware. Baselines (no CORS; for Echo a middleware that only calls next, since Echo v4\n")
	p("allocates a closure per middleware per request) show what the framework itself costs.\n\n")
	p("*ratio* is ns/op divided by the best peer's ns/op in the same framework (below 1 is faster).\n")
	p("Every response goes to a writer that reuses its header map, so the figures count the middleware\n")
	p("and the framework, not a recorder.\n\n")
	p("A peer *takes a shortcut* in a scenario when it does less than the Fetch standard and\n")
	p("corsheaders do (no Vary: Origin, a preflight granted whatever headers it asks for, a refusal\n")
	p("answered with 403 before the application, or header values shared between responses: a value a\n")
	p("handler writes in place, `h[k][0] = v`, then reaches every later response, and races with\n")
	p("concurrent ones; corsheaders copies them into an array of each response's own, one allocation);\n")
	p("its figure is then not like for like, and it is left out of the *like-for-like* ratio.\n")
	p("Shortcuts are found by serving each scenario once with each peer, twice for shared values\n")
	p("(bench.Shortcuts); TestEquivalence checks that every peer grants and refuses what each ordinary\n")
	p("scenario says, so no figure compares a grant with a refusal unawares.\n\n")
	p("Configuration, the same for all: the scenario's origins, credentials, the methods\n")
	p("%s, the request headers %s, the exposed header X-Request-Id and a\n", strings.Join(bench.Methods, " "), strings.Join(bench.Headers, " "))
	p("max age of %d s (gorilla/handlers caps it at 600 s). Where a peer cannot express a scenario, it\n", int(bench.MaxAge/time.Second))
	p("gets its closest equivalent:\n\n")
	seen := map[string]bool{}
	for _, im := range bench.Impls {
		if im.Approximation == nil {
			continue
		}
		for _, s := range bench.Scenarios {
			if a := im.Approximation(s); a != "" && !seen[im.ID+a] {
				seen[im.ID+a] = true
				p("- %s, %s: %s\n", im.Name, s.Name, a)
			}
		}
	}
	p("\nNot counted as a shortcut, but worth knowing: the peers do not check that Origin is a\n")
	p("serialized origin (they grant `Origin: x` where they grant every origin), which corsheaders\n")
	p("does, and which costs it a parse in the allow-all and pattern scenarios.\n")
	p("\nPeers' own settings otherwise: rs/cors, go-chi/cors and Echo match `https://*.x` patterns\n")
	p("natively (prefix and suffix, or a regex Echo compiles from the pattern); gin-contrib/cors with\n")
	p("AllowWildcard.\n\n")
}

func (r *report) writeSummary(p func(string, ...any)) {
	p("## Summary\n\n")
	p("Ratio of each adapter to the best peer of its framework; in brackets, to the best peer that takes\n")
	p("no shortcut in that scenario (— when none does).\n\n")
	p("| scenario | core deciding ns/op |")
	for _, im := range adapters() {
		p(" %s |", im.Name)
	}
	p("\n|---|---:|%s\n", strings.Repeat("---:|", len(adapters())))
	all, lfl := map[string][]float64{}, map[string][]float64{}
	for _, s := range bench.Scenarios {
		d := r.figs[key{s.Name, "core-decide"}]
		p("| %s | %s |", s.Name, fmtNs(d.ns))
		for _, im := range adapters() {
			a, okA := r.ratio(s.Name, im, false)
			l, okL := r.ratio(s.Name, im, true)
			cell := "n/a"
			if okA {
				cell = fmtRatio(a)
				all[im.ID] = append(all[im.ID], a)
				all[""] = append(all[""], a)
			}
			if okL {
				cell += " (" + fmtRatio(l) + ")"
				lfl[im.ID] = append(lfl[im.ID], l)
				lfl[""] = append(lfl[""], l)
			} else {
				cell += " (—)"
			}
			p(" %s |", cell)
		}
		p("\n")
	}
	p("| **geomean** | |")
	for _, im := range adapters() {
		p(" **%.2f** (%.2f) |", geomean(all[im.ID]), geomean(lfl[im.ID]))
	}
	p("\n\nGeometric mean over every adapter and scenario: **%.2f** against the best peer, **%.2f** against\n", geomean(all[""]), geomean(lfl[""]))
	p("the best like-for-like peer.\n\n")
}

func (r *report) writeTargets(p func(string, ...any)) {
	p("## Targets\n\n")
	check := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**not met**"
	}
	// core deciding alone allocates nothing.
	var bad []string
	for _, s := range bench.Scenarios {
		if f := r.figs[key{s.Name, "core-decide"}]; f.ok && f.allocs > 0 {
			bad = append(bad, s.Name)
		}
	}
	p("- core deciding (HandleRequest into a store that keeps nothing) 0 allocs/op in every scenario: %s%s\n", check(len(bad) == 0), list(bad))
	// Adapters allocate no more than their framework, save the array of the
	// response's own header values.
	bad = nil
	baseline := map[string]string{bench.GroupNetHTTP: "nethttp-bare", bench.GroupGin: "gin-bare", bench.GroupEcho: "echo-noop", bench.GroupEchoV5: "echo-v5-noop", bench.GroupFiber: "fiber-bare"}
	for _, s := range bench.Scenarios {
		for _, im := range adapters() {
			f, b := r.figs[key{s.Name, im.ID}], r.figs[key{s.Name, baseline[im.Group]}]
			if f.ok && b.ok && f.allocs > b.allocs+1 {
				bad = append(bad, fmt.Sprintf("%s %s %.0f > %.0f+1", im.ID, s.Name, f.allocs, b.allocs))
			}
		}
	}
	p("- each adapter at most one allocs/op beyond its framework's own (the baseline's): the array of the\n")
	p("  CORS header values each response owns, so that none is shared between responses: %s%s\n", check(len(bad) == 0), list(bad))
	// Ratios.
	bad = nil
	var ratios []float64
	for _, s := range bench.Scenarios {
		for _, im := range adapters() {
			if x, ok := r.ratio(s.Name, im, true); ok {
				ratios = append(ratios, x)
				if x > ratioLimit(r, s.Name, im) {
					bad = append(bad, fmt.Sprintf("%s %s %.2f", im.ID, s.Name, x))
				}
			}
		}
	}
	p("- ours / best like-for-like peer at most 1.0 in every scenario (at most 1.5 where that\n")
	p("  peer is gorilla/handlers on a refused preflight, which it refuses after reading one header\n")
	p("  where the standard makes us read two): %s%s\n", check(len(bad) == 0), list(bad))
	g := geomean(ratios)
	p("- geomean of those ratios at most 0.7: %s (%.2f)\n", check(g <= 0.7), g)
	// Scaling and hostile inputs.
	ours := append([]bench.Impl{mustImpl("core-decide")}, adapters()...)
	var scale []string
	bad = nil
	for _, im := range ours {
		one, many := r.figs[key{"actual-allowed", im.ID}], r.figs[key{"origins-100000", im.ID}]
		x := many.ns / one.ns
		scale = append(scale, fmt.Sprintf("%s %.2f", im.ID, x))
		if x > 1.3 {
			bad = append(bad, im.ID)
		}
	}
	p("- 100,000 listed origins at most 1.3× one origin: %s (%s)\n", check(len(bad) == 0), strings.Join(scale, ", "))
	bad = nil
	worst := ""
	worstX := 0.0
	for _, im := range ours {
		normal := r.figs[key{"preflight-allowed", im.ID}]
		for _, s := range bench.Scenarios {
			if !s.Hostile {
				continue
			}
			x := r.figs[key{s.Name, im.ID}].ns / normal.ns
			if x > worstX {
				worst, worstX = im.ID+" "+s.Name, x
			}
			if x > 2 {
				bad = append(bad, fmt.Sprintf("%s %s %.2f", im.ID, s.Name, x))
			}
		}
	}
	p("- hostile preflights at most 2× a normal preflight: %s (worst: %s, %.2f×)%s\n\n", check(len(bad) == 0), worst, worstX, list(bad))
}

func list(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return ": " + strings.Join(items, "; ")
}

func mustImpl(id string) bench.Impl {
	im, ok := bench.ImplNamed(id)
	if !ok {
		panic(id)
	}
	return im
}

func (r *report) writeScenarios(p func(string, ...any)) {
	p("## Scenarios\n\n")
	for _, s := range bench.Scenarios {
		p("### %s\n\n%s.\n\n", s.Name, upperFirst(s.Title))
		p("| implementation | ns/op | B/op | allocs/op | ratio | notes |\n")
		p("|---|---:|---:|---:|---:|---|\n")
		for _, im := range bench.Impls {
			f := r.figs[key{s.Name, im.ID}]
			if !f.ok {
				continue
			}
			ratio := ""
			if x, ok := r.ratio(s.Name, im, false); ok {
				ratio = fmtRatio(x)
			}
			var notes []string
			if im.Baseline {
				notes = append(notes, "baseline")
			}
			if im.Approximation != nil {
				if a := im.Approximation(s); a != "" {
					notes = append(notes, a)
				}
			}
			notes = append(notes, r.shortcuts[key{s.Name, im.ID}]...)
			name := im.Name
			if im.Ours {
				name = "**" + name + "**"
			}
			p("| %s | %s | %.0f | %.0f | %s | %s |\n", name, fmtNs(f.ns), f.bytes, f.allocs, ratio, strings.Join(notes, "; "))
		}
		p("\n")
	}
}

func fmtNs(ns float64) string {
	switch {
	case math.IsNaN(ns):
		return "—"
	case ns >= 100:
		return fmt.Sprintf("%.0f", ns)
	default:
		return fmt.Sprintf("%.1f", ns)
	}
}

// fmtRatio prints a ratio with two decimals, or two significant digits
// below 0.1.
func fmtRatio(x float64) string {
	if x < 0.1 {
		return fmt.Sprintf("%.2g", x)
	}
	return fmt.Sprintf("%.2f", x)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// cpuModel prefers /proc/cpuinfo's model name to go test's cpu line.
func cpuModel(fallback string) string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return fallback
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return fallback
}
