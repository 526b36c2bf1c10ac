#!/usr/bin/env bash
# vigil's entry in peerbench (the shared side-by-side benchmark), through its PROJECT_CMD hook:
#
#   PROJECT_CMD='/path/to/vigil/bench/peer-cycle.sh {URLS} {STATE} {CYCLE}' PROJECT_LABEL=vigil \
#     VIGIL=/path/to/build/vigil ./run_all.sh
#
# Writes {STATE}/vigil.toml for the URL list, runs one `vigil once` and prints
# `ITEMS=<new items> MATCHES=<new matching items> ERRORS=<failed sources>` from vigil's `once:`
# summary line. {STATE} is empty at cycle 1 and kept for cycle 2, so cycle 2 polls with the
# ETags/Last-Modified stored by cycle 1.
#
# peerbench counts matches with the ASCII, case-insensitive regex
# `landmine|anti-personnel mine|ukrain|kyiv` over title + summary + content. vigil's topics match
# whole words and phrases (no prefixes or stemming yet), so the word forms are listed. What
# still differs: the regex also hits any longer word containing those letters (Ukrainka,
# Kyivstar, ukrainien...), and it reads raw HTML including tags and attributes (a link to
# .../ukraine-aid counts), while vigil reads the text with markup removed.
#
# Environment knobs (defaults in brackets):
#   VIGIL [<repo>/build/vigil, else <repo>/build/daemon/vigil]   the binary, built beforehand
#                                (this script runs inside the timed cycle)
#   VIGIL_CONCURRENCY [8] VIGIL_PER_HOST [8]   [daemon] concurrency / per_host; 8 is what the
#                                peerbench floors and pooled peers use (FETCH_CONC)
#   VIGIL_LOG_LEVEL [info]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if (($# != 3)); then
  echo "usage: $0 URLS_FILE STATE_DIR CYCLE" >&2
  exit 2
fi
URLS=$1 STATE=$2 CYCLE=$3
if [[ -z ${VIGIL:-} ]]; then
  VIGIL=$ROOT/build/vigil
  [[ -x $VIGIL ]] || VIGIL=$ROOT/build/daemon/vigil
fi
CONCURRENCY=${VIGIL_CONCURRENCY:-${FETCH_CONC:-8}}
PER_HOST=${VIGIL_PER_HOST:-$CONCURRENCY}
LOG_LEVEL=${VIGIL_LOG_LEVEL:-info}

[[ -x $VIGIL ]] || { echo "peer-cycle: $VIGIL is not an executable (build vigil first, or set VIGIL)" >&2; exit 2; }
[[ -r $URLS ]] || { echo "peer-cycle: cannot read $URLS" >&2; exit 2; }
mkdir -p "$STATE"
CONFIG=$STATE/vigil.toml

{
  cat <<EOF
# written by bench/peer-cycle.sh for peerbench
[daemon]
state = "$STATE/var"
interval = "10m"
concurrency = $CONCURRENCY
per_host = $PER_HOST
per_host_delay = "0"   # every feed is on 127.0.0.1 here; real sources spread over many hosts
listen = ""

# Equivalent, word by word, to peerbench's regex landmine|anti-personnel mine|ukrain|kyiv.
[[topic]]
name = "landmines"
query = '''landmine OR landmines OR landmine's OR "anti-personnel mine" OR "anti-personnel mines"'''
notify = ["out"]

[[topic]]
name = "ukraine"
query = '''Ukraine OR Ukraine's OR Ukrainian OR Ukrainians OR Ukrainian's OR Kyiv OR Kyiv's'''
notify = ["out"]

[[channel]]
name = "out"
type = "console"
EOF
  # peerbench's items are dated 2025: no baseline, no age limit, or nothing would count.
  n=0
  while read -r url; do
    [[ -n $url ]] || continue
    printf '\n[[source]]\nname = "s%05d"\nurl = "%s"\nbaseline = false\nmax_age = "0"\n' "$n" "$url"
    n=$((n + 1))
  done < "$URLS"
} > "$CONFIG"

LOG=$STATE/vigil.c$CYCLE.log
rc=0
"$VIGIL" once -c "$CONFIG" --log-level "$LOG_LEVEL" > "$STATE/alerts.c$CYCLE.out" 2> "$LOG" || rc=$?
if ((rc != 0)); then
  echo "peer-cycle: vigil once exited with status $rc; last lines of $LOG:" >&2
  tail -20 "$LOG" >&2
  exit "$rc"
fi

summary=$(grep -o 'once: .*' "$LOG" | tail -1)
re='once: ([0-9]+) sources polled \(([0-9]+) failed\), ([0-9]+) new items, ([0-9]+) matching'
if [[ ! $summary =~ $re ]]; then
  echo "peer-cycle: no 'once:' summary line in $LOG" >&2
  exit 1
fi
echo "ITEMS=${BASH_REMATCH[3]} MATCHES=${BASH_REMATCH[4]} ERRORS=${BASH_REMATCH[2]}"
