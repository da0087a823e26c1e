#!/usr/bin/env bash
# Installs what `make run` and `make test` need on a Debian machine, when it is
# missing: PostgreSQL server binaries (for the private cluster) and, for
# `scripts/setup.sh test`, Chromium (for the browser tests); for
# `scripts/setup.sh load`, wrk and curl (for scripts/load.sh). Safe to run
# repeatedly; does nothing when all is there.
set -euo pipefail
purpose=${1:-test}

need=()
have_pg() {
	local bindir
	bindir=$(pg_config --bindir 2>/dev/null || true)
	[ -n "$bindir" ] && [ -x "$bindir/initdb" ] && return 0
	compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}
have_pg || need+=(postgresql postgresql-contrib)
if [ "$purpose" = test ]; then
	command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
fi
if [ "$purpose" = load ]; then
	command -v wrk >/dev/null 2>&1 || need+=(wrk)
	command -v curl >/dev/null 2>&1 || need+=(curl)
fi
command -v runuser >/dev/null 2>&1 || need+=(util-linux)
# Europe/Amsterdam must be known to PostgreSQL and Go.
[ -e /usr/share/zoneinfo/Europe/Amsterdam ] || need+=(tzdata)

if [ ${#need[@]} -eq 0 ]; then
	exit 0
fi

echo "setup: installing ${need[*]}" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
		echo "setup: need root (or sudo) to install: ${need[*]}" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Do not start a system-wide server: Baken runs its own private cluster.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
	$SUDO chmod +x /usr/sbin/policy-rc.d
	trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "setup: done" >&2
