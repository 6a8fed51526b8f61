#!/usr/bin/env bash
# Runs the real-browser conformance suite (make e2e): installs Debian's
# chromium when it is missing, then runs the e2e module's tests with the
# browser suite switched on (E2E=1). The environment reaches the tests
# unchanged: E2E_REQUIRE_BROWSER=1 turns a missing browser into a failure,
# E2E_WRITE_DOCS=1 rewrites docs/browser-conformance.md, E2E_CHROMIUM names
# another browser binary; e2e/doc.go lists the rest.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
browser=${E2E_CHROMIUM:-/usr/bin/chromium}

install_chromium() {
	local sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null; then
			sudo=(sudo)
		else
			echo "e2e: not root and no sudo: apt-get will probably fail" >&2
		fi
	fi
	"${sudo[@]}" apt-get update -q &&
		DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium
}

if [ ! -x "$browser" ]; then
	echo "e2e: $browser not found; installing Debian's chromium"
	# Build the suite while apt-get works: on a fresh machine each takes a
	# while, one on the network and the other on the CPU. Build errors, if
	# any, show in the real run below.
	warm_log=$(mktemp)
	go test -count=1 -run '^$' ./... >"$warm_log" 2>&1 &
	warm=$!
	start=$SECONDS
	if install_chromium; then
		echo "e2e: chromium installed in $((SECONDS - start))s: $("$browser" --version 2>/dev/null || true)"
	else
		echo "e2e: could not install chromium" >&2
	fi
	wait "$warm" || true
	rm -f "$warm_log"
fi

export E2E=1
exec go test -count=1 -v ./...
