#!/usr/bin/env bash
# Runs the side-by-side benchmarks (BenchmarkCORS), compares the
# implementations of each framework with benchstat, and regenerates
# docs/benchmarks.md. `make bench` calls it.
#
# Settings (environment): COUNT runs of the whole matrix (default 6),
# BENCHTIME per benchmark and run (default 300ms), BENCH a regexp of
# sub-benchmarks such as 'scenario=actual-allowed/' (default all), GO;
# MACRO_COUNT (default 5) and MACRO_BENCHTIME (default 3000x, a count of
# requests, so the run is bounded) for BenchmarkAPI, the macro benchmark
# (MACRO_COUNT=0 skips it).
# BASELINE, a git revision (BASELINE=v0.1.0 make bench): its BenchmarkCORS
# runs too, in the same passes, right after this tree's, and benchstat
# compares each implementation's figures before and after
# (results/baseline.txt, results/compare.txt): a change is judged against
# the same peers measured under the same load.
# The runs are interleaved: go test runs COUNT times with -count 1 (with
# -count N it would run each benchmark N times in a row), so each pass
# measures every scenario with every implementation and a change of load
# hits all alike. The machine should be otherwise idle; the report records
# the load average.
set -euo pipefail
cd "$(dirname "$0")"

GO=${GO:-go}
COUNT=${COUNT:-6}
BENCHTIME=${BENCHTIME:-300ms}
BENCH=${BENCH:-}
MACRO_COUNT=${MACRO_COUNT:-5}
MACRO_BENCHTIME=${MACRO_BENCHTIME:-3000x}
# The last golang.org/x/perf whose go.mod asks for no newer Go than 1.24.
BENCHSTAT=golang.org/x/perf/cmd/benchstat@v0.0.0-20250813145418-2f7363a06fe1

BASELINE=${BASELINE:-}

mkdir -p results
load() { cut -d' ' -f1-3 /proc/loadavg; }

baseline_bin=
if [ -n "$BASELINE" ]; then
	work=$(mktemp -d)
	trap 'git -C .. worktree remove --force "$work/tree" >/dev/null 2>&1; rm -rf "$work"' EXIT
	git -C .. worktree add --detach "$work/tree" "$BASELINE" >/dev/null
	echo "== building the benchmarks of $BASELINE ($(git -C "$work/tree" rev-parse --short HEAD))"
	(cd "$work/tree/bench" && "$GO" test -c -o "$work/baseline.test" .)
	baseline_bin=$work/baseline.test
	: >results/baseline.txt
fi

before=$(load)
echo "== BenchmarkCORS, count $COUNT, benchtime $BENCHTIME; load average $before"
: >results/raw.txt
for pass in $(seq "$COUNT"); do
	echo "== pass $pass of $COUNT"
	"$GO" test -run '^$' -bench "^BenchmarkCORS/$BENCH" -count 1 -benchtime "$BENCHTIME" -timeout 2h . | tee -a results/raw.txt
	if [ -n "$baseline_bin" ]; then
		echo "== pass $pass of $COUNT, $BASELINE"
		"$baseline_bin" -test.run '^$' -test.bench "^BenchmarkCORS/$BENCH" -test.count 1 -test.benchtime "$BENCHTIME" -test.timeout 2h | tee -a results/baseline.txt
	fi
done
after=$(load)
if [ -n "$baseline_bin" ]; then
	echo "== $BASELINE against this tree (benchstat)"
	"$GO" run "$BENCHSTAT" before=results/baseline.txt after=results/raw.txt >results/compare.txt || true
	echo "wrote bench/results/compare.txt"
fi

macro=()
if [ "$MACRO_COUNT" != 0 ]; then
	echo "== BenchmarkAPI (macro), count $MACRO_COUNT, benchtime $MACRO_BENCHTIME"
	: >results/macro.txt
	for pass in $(seq "$MACRO_COUNT"); do
		"$GO" test -run '^$' -bench '^BenchmarkAPI/' -count 1 -benchtime "$MACRO_BENCHTIME" -timeout 1h . | tee -a results/macro.txt
	done
	macro=(-macro results/macro.txt -macro-command "$MACRO_COUNT passes of go test -bench BenchmarkAPI -count 1 -benchtime $MACRO_BENCHTIME")
fi

echo "== benchstat"
: >results/benchstat.txt
for group in \
	"net/http:chiadapter rs-cors go-chi-cors gorilla nethttp-bare" \
	"gin:ginadapter gin-contrib gin-bare" \
	"echo:echoadapter echo-cors echo-noop" \
	"echo-v5:echov5adapter echo-v5-cors echo-v5-noop" \
	"fiber:fiberadapter fiber-cors fiber-bare" \
	"core:core-decide core-apply"; do
	name=${group%%:*}
	impls=${group#*:}
	filter="/impl:(${impls// / OR })"
	{
		echo "## $name (deltas against the first column)"
		echo
		"$GO" run "$BENCHSTAT" -filter "$filter" -row /scenario -col /impl results/raw.txt
		echo
	} >>results/benchstat.txt
done

echo "== docs/benchmarks.md"
"$GO" run ./cmd/benchreport -raw results/raw.txt -out ../docs/benchmarks.md \
	-benchstat bench/results/benchstat.txt \
	-command "make bench (bench/run.sh: $COUNT passes of go test -bench BenchmarkCORS/$BENCH -count 1 -benchtime $BENCHTIME)" \
	-load "1, 5 and 15-minute load averages $before before, $after after, on $(nproc) cores" \
	"${macro[@]}"
echo "wrote docs/benchmarks.md, bench/results/raw.txt, bench/results/benchstat.txt${macro:+, bench/results/macro.txt}"
