#!/usr/bin/env bash
# The PostgreSQL fleet test (make pg-fleet): installs Debian's postgresql
# when missing, starts a throwaway cluster on 127.0.0.1 on a free port as a
# user who is not root, and runs pgorigins' TestFleet against it: two API
# instances, an origin added through one and allowed by the other (and a
# removed one refused) within a second, and TestNotifyFlood: a flood of
# notifications from a role without privilege costs a bounded number of
# reads of a large table. When PostgreSQL cannot be installed
# or started, it says so and skips (exit 0); PG_FLEET_REQUIRE=1 makes that a
# failure.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

skip() {
	echo "pg-fleet: SKIPPED: $*" >&2
	if [ "${PG_FLEET_REQUIRE:-}" = 1 ]; then exit 1; fi
	exit 0
}

sudo=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then sudo=(sudo -n); fi

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(pgbin)
if [ -z "$bin" ]; then
	echo "pg-fleet: PostgreSQL not found; installing Debian's postgresql"
	{ "${sudo[@]}" apt-get update -q &&
		DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends postgresql; } ||
		skip "could not install postgresql with apt-get"
	bin=$(pgbin)
	[ -n "$bin" ] || skip "postgresql installed, but no /usr/lib/postgresql/*/bin"
fi
echo "pg-fleet: using $("$bin/postgres" --version)"

# PostgreSQL refuses to run as root: as root, run it as the postgres user
# the package creates (or a user made for the purpose).
run=()
if [ "$(id -u)" -eq 0 ]; then
	user=postgres
	if ! id "$user" >/dev/null 2>&1; then
		user=corsheaders-pg
		id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user" || skip "cannot create a user to run PostgreSQL"
	fi
	run=(runuser -u "$user" --)
fi

dir=$(mktemp -d /tmp/corsheaders-pg-XXXXXX)
chmod 755 "$dir"
[ ${#run[@]} -eq 0 ] || chown "$user" "$dir"
cleanup() {
	"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT

"${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log" >&2; skip "initdb failed"; }

# A free port: ask the kernel for one by trying a few at random; pg_ctl
# fails fast when the port is taken.
started=
for _ in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 40000))
	if "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
		-o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null 2>&1; then
		started=1
		break
	fi
done
[ -n "$started" ] || { tail -n 20 "$dir/server.log" >&2 || true; skip "PostgreSQL did not start"; }
echo "pg-fleet: throwaway cluster on 127.0.0.1:$port"

export PGORIGINS_TEST_DSN="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
# How the test stops and starts the database, to show the instances riding
# it out.
pgopts="-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
export PGORIGINS_TEST_STOP="${run[*]} $bin/pg_ctl -D $dir/data -m fast -w stop"
export PGORIGINS_TEST_START="${run[*]} $bin/pg_ctl -D $dir/data -l $dir/server.log -w -t 30 -o '$pgopts' start"
cd "$here"
# PG_FLEET_RUN picks the tests (make pg-fleet-scale runs the scale run).
go test -count=1 -v -timeout 20m -run "${PG_FLEET_RUN:-TestFleet|TestNotifyFlood|TestChangeLog}" .
