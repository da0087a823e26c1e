#!/usr/bin/env bash
# Load test of the portal's pages with wrk, reported as a ratio to a reference
# handler that runs SELECT 1 on the same pgx pool in the same process and run
# (GET /_load/select1, served only with BAKEN_LOAD_REFERENCE=1). See
# docs/performance.md for what the figures mean and the targets.
#
# Usage (from anywhere; the script changes to the repository root):
#   make load                                  # or: scripts/load.sh
#   LOAD_DURATION=30s LOAD_CONNECTIONS=20 make load
#
# It builds bin/baken, starts `baken dev` on a private demo database under
# .data/load/postgres (never the one of `make run`) on 127.0.0.1:18080, logs in
# as demo users with curl, checks that every page answers 200, and runs wrk
# against the reference before each page and once more at the end. Each page's
# ratio is to the mean of the two reference runs around it. The portal (and its
# database) is stopped at the end, also on failure or Ctrl+C.
#
# Environment (all optional):
#   LOAD_DURATION     wrk -d per measurement               (default 10s)
#   LOAD_CONNECTIONS  wrk -c, open connections             (default 50)
#   LOAD_THREADS      wrk -t                               (default 2)
#   LOAD_TIMEOUT      wrk --timeout; a timeout fails the run (default 10s)
#   LOAD_WARMUP       wrk -d of the unrecorded warm-up per URL, 0 to skip (default 2s)
#   LOAD_ADDR         listen address of the portal, loopback only (default 127.0.0.1:18080)
#   LOAD_ORG          organisation to choose for accounts with several (default Gemeente Voorbeeld)
#   LOAD_LOG_LEVEL    BAKEN_LOG_LEVEL of the portal; info logs every request, as in production (default info)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

GO=${GO:-go}
DURATION=${LOAD_DURATION:-10s}
CONNECTIONS=${LOAD_CONNECTIONS:-50}
THREADS=${LOAD_THREADS:-2}
TIMEOUT=${LOAD_TIMEOUT:-10s}
WARMUP=${LOAD_WARMUP:-2s}
ADDR=${LOAD_ADDR:-127.0.0.1:18080}
ORG=${LOAD_ORG:-Gemeente Voorbeeld}
LOG_LEVEL=${LOAD_LOG_LEVEL:-info}
PASSWORD=welkom-bij-baken # the demo password (internal/seed)
DATA=.data/load
BASE=http://$ADDR
REFERENCE=/_load/select1
LUA=scripts/load.lua

# page and the demo account that requests it.
PAGES=(
	"/ beheerder@voorbeeld.nl"
	"/processen beheerder@voorbeeld.nl"
	"/applicaties beheerder@voorbeeld.nl"
	"/audittrail beheerder@voorbeeld.nl"
	"/gebruikers beheerder@voorbeeld.nl"
	"/bio auditor@voorbeeld.nl"
	"/bio/gap auditor@voorbeeld.nl"
	"/plan auditor@voorbeeld.nl"
	"/risicos auditor@voorbeeld.nl"
	"/risicoanalyses auditor@voorbeeld.nl"
	"/besluiten directie@voorbeeld.nl"
	"/leveranciers auditor@voorbeeld.nl"
	"/dpia auditor@voorbeeld.nl"
)

die() {
	echo "load: $*" >&2
	exit 1
}

command -v wrk >/dev/null 2>&1 || die "wrk is not installed: run scripts/setup.sh load (or make load)"
command -v curl >/dev/null 2>&1 || die "curl is not installed: run scripts/setup.sh load (or make load)"
[[ $CONNECTIONS =~ ^[1-9][0-9]*$ ]] || die "LOAD_CONNECTIONS=$CONNECTIONS: expected a positive whole number"
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "LOAD_THREADS=$THREADS: expected a positive whole number"
((THREADS <= CONNECTIONS)) || die "LOAD_THREADS ($THREADS) must not exceed LOAD_CONNECTIONS ($CONNECTIONS)"
for v in DURATION TIMEOUT; do
	[[ ${!v} =~ ^[1-9][0-9]*[smh]?$ ]] || die "LOAD_$v=${!v}: expected a duration such as 10s or 1m"
done
[[ $WARMUP =~ ^(0|[1-9][0-9]*[smh]?)$ ]] || die "LOAD_WARMUP=$WARMUP: expected a duration such as 2s, or 0"
# The reference route is public: never expose the portal beyond this machine.
[[ $ADDR =~ ^(127\.[0-9.]+|localhost|\[::1\]):[0-9]+$ ]] || die "LOAD_ADDR=$ADDR: expected a loopback address such as 127.0.0.1:18080"

mkdir -p "$DATA"
if curl -s -o /dev/null --max-time 2 "$BASE/healthz"; then
	die "something already answers on $ADDR; stop it or set LOAD_ADDR"
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
echo "load: building bin/baken" >&2
"$GO" build -trimpath -o bin/baken ./cmd/baken

echo "load: starting the portal on $BASE (private database in $DATA/postgres, log in $DATA/portal.log)" >&2
env -u DATABASE_URL BAKEN_ADDR="$ADDR" BAKEN_BASE_URL="$BASE" BAKEN_DATA_DIR="$DATA" \
	BAKEN_LOAD_REFERENCE=1 BAKEN_LOG_LEVEL="$LOG_LEVEL" bin/baken dev >"$DATA/portal.log" 2>&1 &
portal=$!
stop_portal() {
	if kill -0 "$portal" 2>/dev/null; then
		echo "load: stopping the portal" >&2
		kill -TERM "$portal" 2>/dev/null || true
		wait "$portal" 2>/dev/null || true
	fi
}
trap stop_portal EXIT
trap 'exit 130' INT TERM

for ((i = 0; ; i++)); do
	if ! kill -0 "$portal" 2>/dev/null; then
		tail -n 20 "$DATA/portal.log" >&2
		die "the portal stopped during start-up (see $DATA/portal.log)"
	fi
	[ "$(curl -s --max-time 2 "$BASE/readyz" || true)" = ok ] && break
	((i < 240)) || die "the portal is not ready after 120 s (see $DATA/portal.log)"
	sleep 0.5
done

# login EMAIL: prints the value of the baken_session cookie.
login() {
	local email=$1 jar=$DATA/cookies.txt out id
	rm -f "$jar"
	out=$(curl -sS -o /dev/null -c "$jar" -w '%{http_code} %header{location}' \
		--data-urlencode "email=$email" --data-urlencode "password=$PASSWORD" "$BASE/login")
	case $out in
	"303 /organisatie")
		id=$(curl -sS -b "$jar" "$BASE/organisatie" | tr -d '\n' |
			grep -o 'name="organisation_id" value="[0-9]*"[^<]*<button[^>]*>[^<]*' |
			grep -F "$ORG" | head -n 1 | grep -o 'value="[0-9]*"' | tr -dc '0-9' || true)
		[ -n "$id" ] || die "$email: organisation \"$ORG\" is not offered on /organisatie"
		out=$(curl -sS -o /dev/null -b "$jar" -c "$jar" -w '%{http_code}' --data-urlencode "organisation_id=$id" "$BASE/organisatie")
		[ "$out" = 303 ] || die "$email: choosing organisation $ORG answered $out, want 303"
		;;
	"303 "*) ;;
	*) die "$email: login answered \"$out\", want 303 (is the demo data seeded?)" ;;
	esac
	awk '$6 == "baken_session" { print $7 }' "$jar"
	rm -f "$jar"
}

# expect_200 PATH [COOKIE]: the page must answer 200, not a redirect to /login.
expect_200() {
	local out
	out=$(curl -sS -o /dev/null -w '%{http_code} %header{location}' ${2:+-H "Cookie: baken_session=$2"} "$BASE$1")
	[ "$out" = "200 " ] || die "GET $1 answered \"$out\", want 200: the measurement would not load the page"
}

# measure NAME PATH COOKIE DURATION: runs wrk and sets RPS P50 P95 P99 (ms).
measure() {
	local name=$1 path=$2 cookie=$3 d=$4 out line
	out=$DATA/wrk-$name.txt
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$d" --timeout "$TIMEOUT" --latency -s "$LUA" \
		${cookie:+-H "Cookie: baken_session=$cookie"} "$BASE$path" >"$out" 2>&1 || {
		cat "$out" >&2
		die "wrk failed on $path"
	}
	line=$(grep '^LOAD ' "$out") || {
		cat "$out" >&2
		die "no result line from $LUA for $path"
	}
	# shellcheck disable=SC2086 # split key=value pairs on purpose
	local $(echo "${line#LOAD }")
	local errs=$((errors_connect + errors_read + errors_write + errors_status + errors_timeout))
	if ((errs > 0)); then
		cat "$out" >&2
		die "$path: $errs failed requests (connect $errors_connect, read $errors_read, write $errors_write, status≥400 $errors_status, timeout $errors_timeout); see $out"
	fi
	((requests > 0)) || die "$path: no requests completed"
	RPS=$rps
	P50=$(awk -v u="$p50_us" 'BEGIN { printf "%.1f", u / 1000 }')
	P95=$(awk -v u="$p95_us" 'BEGIN { printf "%.1f", u / 1000 }')
	P99=$(awk -v u="$p99_us" 'BEGIN { printf "%.1f", u / 1000 }')
}

declare -A session
for entry in "${PAGES[@]}"; do
	email=${entry#* }
	if [ -z "${session[$email]:-}" ]; then
		session[$email]=$(login "$email")
		[ -n "${session[$email]}" ] || die "$email: no baken_session cookie after login"
	fi
done
expect_200 "$REFERENCE"
for entry in "${PAGES[@]}"; do
	expect_200 "${entry%% *}" "${session[${entry#* }]}"
done

if [ "$WARMUP" != 0 ]; then
	echo "load: warm-up, $WARMUP per URL" >&2
	measure warmup "$REFERENCE" "" "$WARMUP"
	for entry in "${PAGES[@]}"; do
		measure warmup "${entry%% *}" "${session[${entry#* }]}" "$WARMUP"
	done
fi

n=${#PAGES[@]}
ref_rps=() ref_p50=() ref_p95=() ref_p99=()
page_rps=() page_p50=() page_p95=() page_p99=()
reference() {
	local k=${#ref_rps[@]}
	measure "reference-$k" "$REFERENCE" "" "$DURATION"
	ref_rps+=("$RPS") ref_p50+=("$P50") ref_p95+=("$P95") ref_p99+=("$P99")
	echo "load: reference run $((k + 1))/$((n + 1)): $RPS req/s" >&2
}
for ((i = 0; i < n; i++)); do
	reference
	path=${PAGES[$i]%% *}
	cookie=${session[${PAGES[$i]#* }]}
	measure "page-$i" "$path" "$cookie" "$DURATION"
	expect_200 "$path" "$cookie" # the session survived the run
	page_rps+=("$RPS") page_p50+=("$P50") page_p95+=("$P95") page_p99+=("$P99")
	echo "load: $path: $RPS req/s" >&2
done
reference

mean() { printf '%s\n' "$@" | awk '{ s += $1 } END { printf "%.1f", s / NR }'; }

echo
echo "Baken load test, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//' || uname -m)); portal, PostgreSQL and wrk on the same machine"
echo "load average (1, 5, 15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout $TIMEOUT; reference $REFERENCE (SELECT 1 on the portal's pool) before each page and at the end"
echo
printf '%-14s %-24s %9s %10s %9s %9s %9s\n' page account "req/s" "ratio" "p50 ms" "p95 ms" "p99 ms"
printf '%-14s %-24s %9s %10s %9s %9s %9s\n' "$REFERENCE" "(none)" "$(mean "${ref_rps[@]}")" "100 %" \
	"$(mean "${ref_p50[@]}")" "$(mean "${ref_p95[@]}")" "$(mean "${ref_p99[@]}")"
for ((i = 0; i < n; i++)); do
	ratio=$(awk -v p="${page_rps[$i]}" -v a="${ref_rps[$i]}" -v b="${ref_rps[$((i + 1))]}" 'BEGIN { printf "%.1f %%", 100 * p / ((a + b) / 2) }')
	printf '%-14s %-24s %9s %10s %9s %9s %9s\n' "${PAGES[$i]%% *}" "${PAGES[$i]#* }" "${page_rps[$i]}" "$ratio" \
		"${page_p50[$i]}" "${page_p95[$i]}" "${page_p99[$i]}"
done
printf '%s\n' "${ref_rps[@]}" | awk '
	NR == 1 || $1 < lo { lo = $1 } NR == 1 || $1 > hi { hi = $1 } { s += $1 }
	END { m = s / NR; printf "\nreference: %d runs, %.0f–%.0f req/s (spread %.0f %% of the mean); its latencies are means over the runs\n", NR, lo, hi, 100 * (hi - lo) / m }'
