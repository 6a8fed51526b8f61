# corsheaders — see README.md.
SHELL := /bin/bash
GO ?= go
# Every module of the workspace, from go.work.
MODULES := $(shell sed -n 's|^[[:space:]]*\./\([A-Za-z0-9_/-]*\)$$|\1|p' go.work)
STATICCHECK_VERSION ?= v0.8.2
FUZZTIME ?= 30s

.PHONY: demo lint e2e bench fuzz release release-check tidy pg-fleet pg-fleet-scale

## demo: the API server on 127.0.0.1:8000 and its demo page on http://localhost:8001
demo:
	$(GO) run ./examples/demo

# make test, before every commit: every module users import (core and its
# packages, the five adapters, each running the conformance kit, pgorigins
# without its PostgreSQL fleet, otelmetrics), the command, the examples, and internal
# (its browser scenarios and layering; the release tooling's slow tests
# skip under -short and are make test-release's). The race detector runs
# in RACE_MODULES, where it is cheap and every user's requests run; the
# other modules' -race runs are make test-race's. One go command for all
# the modules (the workspace allows it) builds and runs their packages in
# parallel.
TEST_MODULES := core chiadapter ginadapter echoadapter echov5adapter fiberadapter pgorigins otelmetrics cmd/corsheaders examples internal
RACE_MODULES := core chiadapter
# Modules make test leaves whole to CI targets: test-bench, test-caddy
# (Caddy's graph alone takes over 6 minutes to build from empty caches),
# and e2e (make e2e; its replay tests in test-race).
CI_MODULES := bench caddyadapter e2e
pkgs = $(foreach m,$(1),./$(m)/...)

.PHONY: test test-race test-bench test-caddy test-release test-slow try

## test: before every commit (about 30 s warm on two cores, about 5.5 minutes
## from an empty build cache; make test-slow runs the rest): go vet in every module of TEST_MODULES, go test
## -race in RACE_MODULES and go test -short in the others, then core's
## and otelmetrics' allocation checks, which the race detector would distort
test:
	@missing=$$(for m in $(MODULES); do case " $(TEST_MODULES) $(CI_MODULES) " in *" $$m "*) ;; *) echo $$m;; esac; done); \
	if [ -n "$$missing" ]; then echo "Makefile: add" $$missing "to TEST_MODULES or CI_MODULES"; exit 1; fi
	@echo "== go vet: $(TEST_MODULES)"
	@$(GO) vet $(call pkgs,$(TEST_MODULES))
	@echo "== go test -race: $(RACE_MODULES)"
	@$(GO) test -race -count=1 $(call pkgs,$(RACE_MODULES))
	@echo "== go test -short: $(filter-out $(RACE_MODULES),$(TEST_MODULES))"
	@$(GO) test -short -count=1 $(call pkgs,$(filter-out $(RACE_MODULES),$(TEST_MODULES)))
	@echo "== core and otelmetrics allocations (without -race)"
	@$(GO) test -count=1 -run 'Allocat|^Fuzz' ./core ./core/internal/pathrule ./otelmetrics

## test-slow: what make test leaves to CI (.ci/run runs it): test-race,
## test-bench, test-caddy and test-release
test-slow: test-race test-bench test-caddy test-release

## test-race: go test -race -short in the modules make test runs without
## it (the Fiber and fasthttp, SQLite and pgx graphs are the heaviest to
## build with -race), and go vet and go test -race of e2e's replay tests
## (make e2e runs the browser)
test-race:
	$(GO) vet ./e2e/...
	$(GO) test -race -short -count=1 $(call pkgs,$(filter-out $(RACE_MODULES),$(TEST_MODULES)) e2e)

## test-bench: go vet and go test -race of the bench module: every
## implementation gives the answers ours gives in every scenario
test-bench:
	$(GO) vet ./bench/...
	$(GO) test -race -count=1 ./bench/...

## test-caddy: go vet and go test -race of the Caddy module, which runs
## the conformance kits through a real Caddy server in process
test-caddy:
	$(GO) vet ./caddyadapter/...
	$(GO) test -race -count=1 ./caddyadapter/...

## test-release: the release tooling's tests, which copy the tree, build
## applications and make releases in a scratch repository (minutes)
test-release:
	$(GO) test -count=1 ./internal/release/... ./internal/cmd/...

## lint: gofmt and staticcheck in every module
lint:
	@out=$$(gofmt -l $(MODULES)); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@command -v staticcheck >/dev/null || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	@set -e; sc=$$(command -v staticcheck || echo $$($(GO) env GOPATH)/bin/staticcheck); \
	for m in $(MODULES); do echo "== staticcheck $$m"; (cd $$m && $$sc ./...); done

## fuzz: every fuzz target of core for FUZZTIME each (make fuzz FUZZTIME=10m);
## a target is package:name, the package relative to core
FUZZ_TARGETS := .:FuzzDecide .:FuzzHostileRequest .:FuzzOriginPattern .:FuzzRequestHeaders \
	./internal/origin:FuzzBrowserOrigin ./internal/origin:FuzzIPv6Literal .:FuzzRoutedReadings ./internal/pathrule:FuzzAppendClean \
	./internal/rx:FuzzLiteralEdges ./internal/origin:FuzzUnmatchable \
	./browsercheck:FuzzRequestHeader ./corsconf:FuzzFromJSON ./corsconf:FuzzFromEnv \
	.:FuzzTenantHost .:FuzzTenantPath
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; f=$${t#*:}; \
		echo "== $$f in core/$$pkg for $(FUZZTIME)"; \
		(cd core && $(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) $$pkg); \
	done

## e2e: the real-browser suite in headless Chromium (installs Debian's chromium
## when missing; E2E_REQUIRE_BROWSER=1 makes a missing browser a failure)
e2e:
	bash e2e/run.sh

## bench: side-by-side benchmarks against the peer libraries; rewrites
## docs/benchmarks.md (make bench BASELINE=<revision> also runs that
## revision's in the same passes and compares them: bench/results/compare.txt)
bench:
	bash bench/run.sh

## release-check: the publication rehearsal. Lays the tree out as a module
## proxy on disk (the candidate version is the one the modules require each
## other at) and, outside the workspace with an empty module cache, installs
## each adapter into a fresh application with go get, builds it, serves a
## preflight and a request on loopback and checks the answers and the
## application's module graph (docs/releasing.md)
release-check:
	cd internal && $(GO) run ./cmd/releasecheck -root ..

## release: make release VERSION=v0.2.0 [DRY_RUN=1] [SKIP_TESTS=1]: checks,
## moves the requirements between modules to VERSION, commits and tags every
## released module (core first); never pushes (docs/releasing.md)
release:
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=vX.Y.Z [DRY_RUN=1] [SKIP_TESTS=1]"; exit 2; }
	cd internal && $(GO) run ./cmd/release -root .. -version "$(VERSION)" \
		$(if $(filter 1 true yes,$(DRY_RUN)),-dry-run) $(if $(filter 1 true yes,$(SKIP_TESTS)),-skip-tests)

## try: make try ADAPTER=gin DIR=/tmp/myapp sets up a new application in DIR
## (outside the clone) using that adapter from this clone, before the version
## is published: nethttp (chiadapter), gin, echo, echov5, fiber, otelmetrics or caddy. Its go.mod
## requires the adapter at the version being prepared and replaces the
## corsheaders modules with the clone's directories; it prints how to run it
try:
	@test -n "$(ADAPTER)" -a -n "$(DIR)" || { echo "usage: make try ADAPTER=nethttp|gin|echo|echov5|fiber|otelmetrics|caddy DIR=/tmp/myapp"; exit 2; }
	@cd internal && $(GO) run ./cmd/try -root .. -adapter "$(ADAPTER)" -dir "$(abspath $(DIR))"

## tidy: go mod tidy in every module, against the tree laid out as a module
## proxy (a plain go mod tidy cannot resolve the unpublished version the
## modules require each other at)
tidy:
	cd internal && $(GO) run ./cmd/release -root .. -tidy

## pg-fleet: two API instances against a throwaway PostgreSQL cluster, kept in
## step by LISTEN/NOTIFY, and a flood of notifications costing a bounded
## number of reads (installs Debian's postgresql when missing; skips
## with a message when it cannot start one; PG_FLEET_REQUIRE=1 fails instead)
pg-fleet:
	bash pgorigins/fleet.sh

## pg-fleet-scale: three API instances (processes) following the change log
## of a 1,000,000-row table while a writer makes 1,000 changes a second for
## 10 s and one listening connection is killed: every instance must hold the
## table's origins, row by row, and commit-to-served p50/p99/max are reported (a few
## minutes; CI runs it beside pg-fleet)
pg-fleet-scale:
	PG_FLEET_RUN=TestFleetScale PGORIGINS_SCALE=1 bash pgorigins/fleet.sh
