#!/usr/bin/env bash
# Runs the real-browser conformance suite (make e2e): installs Debian's
# chromium when no browser is found, then runs the e2e module's tests with
# the browser suite switched on (E2E=1). Environment variables reach the
# tests unchanged: E2E_REQUIRE_BROWSER=1 turns a missing browser into a
# failure, E2E_WRITE_DOCS=1 rewrites docs/browser-conformance.md,
# E2E_CHROMIUM names another browser binary.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
browser=${E2E_CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$browser" ]; then
	echo "e2e: $browser not found; installing Debian's chromium"
	if [ "$(id -u)" -eq 0 ]; then
		sudo=()
	elif command -v sudo >/dev/null; then
		sudo=(sudo)
	else
		sudo=()
		echo "e2e: not root and no sudo; apt-get will probably fail" >&2
	fi
	if ! { "${sudo[@]}" apt-get update &&
		DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends chromium; }; then
		echo "e2e: could not install chromium" >&2
		if [ "${E2E_REQUIRE_BROWSER:-}" = 1 ]; then
			exit 1
		fi
	fi
fi

export E2E=1
cd "$here"
exec go test -count=1 -v ./...
