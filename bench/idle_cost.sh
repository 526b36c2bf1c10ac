#!/usr/bin/env bash
# Idle cost (issue 8): vigil watching 1,000 sources at a 10-minute interval that all answer
# 304 Not Modified on 127.0.0.1. Prints vigil's CPU seconds per hour, measured over MINUTES
# minutes (default 20) after the first cycle, and its resident memory at the end.
#   bench/idle_cost.sh            # VIGIL=path/to/vigil MINUTES=20 N=1000 may be set
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VIGIL=${VIGIL:-}
MINUTES=${MINUTES:-20}
N=${N:-1000}
log() { echo "idle_cost: $*" >&2; }
die() { log "$*"; exit 1; }
source "$ROOT/bench/find_vigil.sh"

work=$(mktemp -d)
cleanup() { [[ -n ${vigil_pid:-} ]] && kill "$vigil_pid" 2>/dev/null; [[ -n ${http_pid:-} ]] && kill "$http_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/www"
/usr/bin/python3 "$ROOT/tests/support/http_server.py" --root "$work/www" > "$work/http.out" 2> "$work/http.log" &
http_pid=$!
for _ in $(seq 50); do grep -q '^PORT ' "$work/http.out" 2>/dev/null && break; sleep 0.1; done
port=$(awk '/^PORT /{print $2}' "$work/http.out")
[[ -n $port ]] || die "the HTTP server did not start"
/usr/bin/python3 "$ROOT/bench/gen_feeds.py" --n "$N" --out "$work/www" --base-url "http://127.0.0.1:$port/feeds/" > /dev/null

{
  # All sources share one loopback host: no spacing, or 1,000 polls would queue behind it.
  printf '[daemon]\nstate = "%s/state"\ninterval = "10m"\nper_host = 8\nper_host_delay = "0"\nlisten = ""\n\n' "$work"
  i=0
  while read -r url; do
    printf '[[source]]\nname = "s%04d"\nurl = "%s"\n\n' "$i" "$url"
    i=$((i + 1))
  done < "$work/www/urls.txt"
  printf '[[topic]]\nname = "landmines"\nquery = "landmine"\nnotify = ["screen"]\n\n'
  printf '[[channel]]\nname = "screen"\ntype = "console"\n'
} > "$work/vigil.toml"

"$VIGIL" run -c "$work/vigil.toml" --log-level debug > /dev/null 2> "$work/vigil.log" &
vigil_pid=$!
# The first cycle reads every feed (200, baseline); what follows is the idle state.
for _ in $(seq 600); do
  [[ $(grep -c ' items, ' "$work/vigil.log" || true) -ge $N ]] && break
  sleep 1
done
log "first cycle done: $(grep -c ' items, ' "$work/vigil.log" || true) sources read"
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$vigil_pid/stat"; }
start=$(cpu)
sleep $((MINUTES * 60))
end=$(cpu)
rss_kb=$(awk '/^VmRSS/{print $2}' "/proc/$vigil_pid/status")
polls=$(grep -c 'not modified' "$work/vigil.log" || true)
awk -v s="$start" -v e="$end" -v t="$ticks" -v m="$MINUTES" -v r="$rss_kb" -v p="$polls" -v n="$N" 'BEGIN {
  cpu = (e - s) / t
  printf "sources %d, interval 10m, measured %d min: %.2f CPU s (%.2f CPU s/hour), RSS %.1f MB, %d polls answered 304\n",
         n, m, cpu, cpu * 60 / m, r / 1024, p }'
