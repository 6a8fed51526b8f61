# corsheaders — see README.md.
SHELL := /bin/bash
GO ?= go
# Every module of the workspace, from go.work.
MODULES := $(shell sed -n 's|^[[:space:]]*\./\([A-Za-z0-9_/-]*\)$$|\1|p' go.work)
STATICCHECK_VERSION ?= v0.8.2
FUZZTIME ?= 30s

.PHONY: demo test lint e2e bench fuzz release release-check tidy pg-fleet

## demo: the API server on 127.0.0.1:8000 and its demo page on http://localhost:8001
demo:
	$(GO) run ./examples/demo

## test: go vet and go test -race in every module of the workspace, then
## core's allocation checks, which the race detector would distort
test:
	@set -e; for m in $(MODULES); do \
		echo "== $$m"; \
		if [ -z "$$(cd $$m && $(GO) list ./... 2>/dev/null)" ]; then echo "(no packages yet)"; continue; fi; \
		(cd $$m && $(GO) vet ./... && $(GO) test -race -count=1 ./...); \
	done
	@echo "== core allocations (without -race)"
	@cd core && $(GO) test -count=1 -run 'AllocatesNothing|^Fuzz' .

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
	./browsercheck:FuzzRequestHeader ./corsconf:FuzzFromJSON ./corsconf:FuzzFromEnv
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
## is published: nethttp (chiadapter), gin, echo, echov5 or fiber. Its go.mod
## requires the adapter at the version being prepared and replaces the
## corsheaders modules with the clone's directories; it prints how to run it
try:
	@test -n "$(ADAPTER)" -a -n "$(DIR)" || { echo "usage: make try ADAPTER=nethttp|gin|echo|echov5|fiber DIR=/tmp/myapp"; exit 2; }
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
