#!/usr/bin/env bash
# Delivery benchmark (issue 7): alerts per second that one `vigil once` delivers to a local SMTP
# server and to a local webhook receiver, each channel type in a run of its own.
#
#   bench/delivery_bench.sh [N]       # N matching items, so N alerts per run (default 500)
#
# One feed of N distinct items that all match the topic is served on 127.0.0.1 by
# tests/support/http_server.py; each run starts the receiver (tests/support/smtp_server.py, or a
# second http_server.py recording POSTs to /hook/bench), writes a config with that one channel
# (baseline = false, max_age = "0"), runs `vigil once --log-level info` under /usr/bin/time -v on
# a fresh state, and stops the receiver. The delivery rate is taken over the window from the
# first to the last "delivered alert" line of vigil's log ((N - 1) alerts / window); every alert
# was committed before the first send (one source, one commit), so the window holds deliveries
# only: claims, sends, acknowledgements and marks. For webhooks the receiver's own arrival
# times give a second window. Checks: the receiver recorded N messages, each alert id
# (Message-ID / webhook-id) and each item link exactly once, vigil logged N deliveries and its
# outbox holds N delivered alerts and nothing else.
#
# Environment knobs (defaults in brackets):
#   WORK [/tmp/vigil-delivery]   scratch dir: feed, configs, states, logs, receiver records
#   VIGIL [build/vigil or build/daemon/vigil]   the binary; if neither exists, build/ is
#                                configured in Release and vigil built with cmake
#   CHANNELS ["email webhook"]   which runs, in this order
#   SEED [vigil-delivery-1]      feed text seed
#   PER_HOST [vigil's default, 2]  [daemon] per_host: webhook requests and SMTP sessions in flight
#                                to one host (one receiver here), as for fetches
#   RECEIVER_NODELAY [1]         0 leaves Nagle's algorithm on in the webhook receiver (see below)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-500}
WORK=${WORK:-/tmp/vigil-delivery}
VIGIL=${VIGIL:-}
CHANNELS=${CHANNELS:-email webhook}
SEED=${SEED:-vigil-delivery-1}
PY=/usr/bin/python3  # Debian's interpreter: the SMTP server needs its python3-aiosmtpd
SUPPORT=$ROOT/tests/support
CHILDREN=()
TIMED_PID=""  # /usr/bin/time running vigil, while it runs

log() { printf '[delivery] %s\n' "$*" >&2; }
die() { printf '[delivery] ERROR: %s\n' "$*" >&2; exit 1; }

# Stops one server we started (SIGTERM: both scripts exit cleanly on it).
stop_child() {
  local pid=$1 kept=() other
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  for other in "${CHILDREN[@]}"; do [[ $other == "$pid" ]] || kept+=("$other"); done
  CHILDREN=("${kept[@]}")
}
cleanup() {
  local pid
  if [[ -n $TIMED_PID ]]; then  # /usr/bin/time does not pass SIGTERM on: stop vigil under it
    for pid in $(pgrep -P "$TIMED_PID" 2>/dev/null || true); do kill -TERM "$pid" 2>/dev/null || true; done
    wait "$TIMED_PID" 2>/dev/null || true
    TIMED_PID=""
  fi
  for pid in "${CHILDREN[@]}"; do stop_child "$pid"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"
for tool in /usr/bin/time "$PY"; do
  [[ -x $tool ]] || die "$tool not found (scripts/setup installs it)"
done
"$PY" -c 'import aiosmtpd' 2>/dev/null || die "$PY has no aiosmtpd (python3-aiosmtpd; scripts/setup installs it)"
for channel in $CHANNELS; do
  [[ $channel == email || $channel == webhook ]] || die "CHANNELS may hold email and webhook, got '$channel'"
done

# ------------------------------------------------------------------ the binary
source "$ROOT/bench/find_vigil.sh"

# ------------------------------------------------------------------ servers
# Starts a server script in the background; sets STARTED_PID and STARTED_PORT once it printed
# its "PORT <n>" line.
start_server() {
  local name=$1; shift
  : > "$WORK/$name.out"  # now: the child truncates it only once it runs, after we may have read it
  "$PY" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
  STARTED_PID=$!
  CHILDREN+=("$STARTED_PID")
  STARTED_PORT=""
  for _ in $(seq 1 100); do
    STARTED_PORT=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' "$WORK/$name.out" 2>/dev/null | head -1)
    [[ -n $STARTED_PORT ]] && return 0
    kill -0 "$STARTED_PID" 2>/dev/null || { cat "$WORK/$name.err" >&2; die "$name exited at start"; }
    sleep 0.05
  done
  die "$name printed no PORT line within 5 s"
}

# user+sys CPU seconds a process used so far (fields 14 and 15 of /proc/PID/stat, in ticks).
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' "/proc/$1/stat"
}

mkdir -p "$WORK"
rm -rf "$WORK/feed" "$WORK"/run-*
mkdir -p "$WORK/feed"

# ------------------------------------------------------------------ the feed
# N items, each with its own link, title and text of invented words: no two are near-duplicates,
# so every item is a story of its own and alerts once. Every title says "landmine".
"$PY" - "$N" "$SEED" "$WORK/feed/alerts.xml" "$WORK/expected_links.txt" <<'EOF'
import random, sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

n, seed, out_path, links_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
rng = random.Random(seed)
syllables = ["ka", "lo", "mir", "ve", "dan", "to", "rus", "el", "an", "po", "sen", "gri", "ta", "mo",
             "bel", "ur", "is", "nav", "che", "do", "fi", "lar", "os", "tek", "vi", "ra", "zu", "hem"]
vocabulary = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(6000)})
words = lambda k: " ".join(rng.choice(vocabulary) for _ in range(k))
now = datetime.now(timezone.utc).replace(microsecond=0)
items, links = [], []
for i in range(n):
    link = f"https://fieldnews.example.org/2026/reports/{i:06d}-{rng.choice(vocabulary)}"
    title = f"Landmine survey {i}: {words(6)}"
    text = f"<p>{words(30)}.</p><p>{words(40)} landmine {words(20)}.</p>"
    date = format_datetime(now - timedelta(minutes=n - i), usegmt=True)
    items.append(f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
                 f"<guid isPermaLink=\"true\">{escape(link)}</guid><pubDate>{date}</pubDate>"
                 f"<description>{escape(text)}</description></item>")
    links.append(link)
with open(out_path, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
              "<title>Field news</title><link>https://fieldnews.example.org/</link>"
              "<description>generated by bench/delivery_bench.sh</description>\n")
    out.write("\n".join(items))
    out.write("\n</channel></rss>\n")
with open(links_path, "w", encoding="utf-8") as out:
    out.write("\n".join(links) + "\n")
EOF

start_server feed-server "$SUPPORT/http_server.py" --port 0 --root "$WORK/feed"
FEED_URL="http://127.0.0.1:$STARTED_PORT/alerts.xml"
log "feed of $N items at $FEED_URL ($(stat -c %s "$WORK/feed/alerts.xml") bytes)"

# ------------------------------------------------------------------ one run per channel type
write_config() {  # channel-type receiver-port state-dir
  local type=$1 port=$2 state=$3
  cat <<EOF
# generated by bench/delivery_bench.sh: $N alerts to one $type channel
[daemon]
state = "$state"
interval = "10m"
per_host_delay = "0"
${PER_HOST:+per_host = $PER_HOST}
listen = ""

[[source]]
name = "fieldnews"
url = "$FEED_URL"
baseline = false
max_age = "0"

[[topic]]
name = "landmines"
query = 'landmine OR landmines'
notify = ["out"]

[[channel]]
name = "out"
EOF
  if [[ $type == email ]]; then
    printf 'type = "email"\nsmtp = "smtp://127.0.0.1:%s"\nstarttls = "never"\n' "$port"
    printf 'from = "vigil <alerts@vigil.test>"\nto = ["desk@vigil.test"]\n'
  else
    printf 'type = "webhook"\nurl = "http://127.0.0.1:%s/hook/bench"\n' "$port"
  fi
}

# http_server.py as the webhook receiver, with Nagle's algorithm off on its sockets (RECEIVER_NODELAY=1,
# the default): its handler writes the status and headers, then the body, in two sends, and the
# second waits for the client's delayed ACK, 40 ms per request on Linux. Real receivers answer
# in one segment or set TCP_NODELAY; this measures vigil, not that stall.
NODELAY_LOADER='
import importlib.util, os, sys
spec = importlib.util.spec_from_file_location("http_server", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
module.Handler.disable_nagle_algorithm = os.environ.get("RECEIVER_NODELAY", "1") == "1"
sys.argv = sys.argv[1:]
sys.exit(module.main())
'

RUNS=()
for type in $CHANNELS; do
  run=$WORK/run-$type
  mkdir -p "$run"
  : > "$run/received.jsonl"
  if [[ $type == email ]]; then
    start_server "run-$type/receiver" "$SUPPORT/smtp_server.py" --port 0 --record "$run/received.jsonl"
  else
    start_server "run-$type/receiver" -c "$NODELAY_LOADER" "$SUPPORT/http_server.py" --port 0 --record "$run/received.jsonl"
  fi
  receiver_pid=$STARTED_PID receiver_port=$STARTED_PORT
  write_config "$type" "$receiver_port" "$run/state" > "$run/vigil.toml"
  "$VIGIL" check-config -c "$run/vigil.toml" > "$run/check-config.out" 2>&1 ||
    { cat "$run/check-config.out" >&2; die "the generated config for $type is invalid"; }

  log "$type: vigil once ($N alerts to 127.0.0.1:$receiver_port)"
  cut -d' ' -f1 /proc/loadavg > "$run/load"  # other work on the machine skews wall times
  receiver_cpu0=$(cpu_seconds "$receiver_pid")
  rc=0
  t0=$(date +%s%N)
  # Without JOURNAL_STREAM the log lines carry millisecond timestamps. In the background, so
  # that a signal to this script runs its trap at once rather than after vigil exits.
  env -u JOURNAL_STREAM /usr/bin/time -v -o "$run/time" "$VIGIL" once -c "$run/vigil.toml" --log-level info \
    > "$run/stdout" 2> "$run/log" &
  TIMED_PID=$!
  wait "$TIMED_PID" || rc=$?
  TIMED_PID=""
  echo $((($(date +%s%N) - t0) / 1000000)) > "$run/wall_ms"
  echo "$(cpu_seconds "$receiver_pid") $receiver_cpu0" | awk '{ printf "%.2f\n", $1 - $2 }' > "$run/receiver_cpu"
  if [[ $type == webhook ]]; then
    "$PY" -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' \
      "http://127.0.0.1:$receiver_port/control/requests?path=/hook/bench" > "$run/arrivals.json"
  fi
  stop_child "$receiver_pid"
  if ((rc != 0)); then
    tail -20 "$run/log" >&2
    die "vigil once exited with status $rc ($type run, log: $run/log)"
  fi
  "$VIGIL" alerts --json -c "$run/vigil.toml" > "$run/outbox.json"
  RUNS+=("$type")
done
cleanup

# ------------------------------------------------------------------ report
"$PY" - "$N" "$WORK" "${RUNS[@]}" <<'EOF'
import json, os, re, sys
from datetime import datetime

n, work, runs = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
expected = set(open(os.path.join(work, "expected_links.txt")).read().split())
stamp = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (\S+) (.*)$")
failures, rows = [], []

def read(run, name):
    return open(os.path.join(work, f"run-{run}", name), encoding="utf-8").read()

def time_v(text, label):
    for line in text.splitlines():
        if line.strip().startswith(label):
            return line.split(": ", 1)[1].strip()
    return ""

def window_rate(times):
    if len(times) < 2 or times[-1] <= times[0]:
        return None, None
    window = times[-1] - times[0]
    return window, (len(times) - 1) / window

for run in runs:
    check = lambda ok, what: ok or failures.append(f"{run}: {what}")
    records = [json.loads(line) for line in read(run, "received.jsonl").splitlines() if line.strip()]
    if run == "email":
        ids = [r.get("message_id") for r in records]
        links = [m.group(1) for r in records for m in [re.search(r"^Link: (\S+)\s*$", r.get("text") or "", re.M)] if m]
        check(all(not r.get("defects") for r in records), "a message with defects")
    else:
        ids = [r["headers"].get("webhook-id") for r in records]
        links = [json.loads(r["body"]).get("url") for r in records]
        check(all(r.get("status") == 200 for r in records), "a hook answered other than 200")
    check(len(records) == n, f"{len(records)} messages received, expected {n}")
    check(len(set(ids)) == len(ids) == n and None not in ids, f"{len(set(ids))} distinct alert ids in {len(ids)} messages")
    check(len(links) == n and set(links) == expected, f"links: {len(set(links))} distinct, {len(expected - set(links))} missing, "
          f"{len(set(links) - expected)} unexpected, {len(links) - len(set(links))} repeated")

    log_lines = read(run, "log").splitlines()
    delivered_at = []
    for line in log_lines:
        m = stamp.match(line)
        if m and "delivered alert" in m.group(3):
            delivered_at.append(datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp())
    check(len(delivered_at) == n, f"{len(delivered_at)} 'delivered alert' log lines, expected {n}")
    once = next((l for l in log_lines if "once: " in l), "")
    check(f"{n} delivered, 0 to retry, 0 dead" in once, f"summary line: {once.strip() or 'missing'}")
    problems = [l for l in log_lines if (m := stamp.match(l)) and m.group(2) not in ("info", "debug", "trace")]
    check(not problems, f"{len(problems)} warning/error lines in the log, first: {problems[:1]}")
    outbox = json.loads(read(run, "outbox.json"))
    states = {}
    for row in outbox:
        states[row["state"]] = states.get(row["state"], 0) + 1
    check(states == {"delivered": n}, f"outbox states {states}")

    window, rate = window_rate(sorted(delivered_at))
    arrival_window = arrival_rate = None
    if run == "webhook":
        window_a, rate_a = window_rate(sorted(json.loads(read(run, "arrivals.json"))))
        arrival_window, arrival_rate = window_a, rate_a
    tv = read(run, "time")
    cpu = float(time_v(tv, "User time (seconds)") or 0) + float(time_v(tv, "System time (seconds)") or 0)
    rows.append({
        "channel": run, "alerts": len(records), "wall_s": int(read(run, "wall_ms")) / 1000, "cpu_s": cpu,
        "rss_mb": int(time_v(tv, "Maximum resident set size (kbytes)") or 0) / 1024,
        "window_s": window, "rate": rate, "arrival_window_s": arrival_window, "arrival_rate": arrival_rate,
        "receiver_cpu_s": float(read(run, "receiver_cpu")), "load": read(run, "load").strip(),
    })

fmt = lambda v, spec: "n/a" if v is None else format(v, spec)
print(f"\nDelivery of {n} alerts per run, one channel each (vigil once, fresh state)\n")
print("| channel | delivered | first→last delivered | alerts/s | receiver busy | vigil wall s | vigil CPU s "
      "(ms/alert) | peak RSS MB | load |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    rate = fmt(r["rate"], ",.0f")
    if r["arrival_rate"] is not None:
        rate += f" (arrivals: {r['arrival_rate']:,.0f})"
    # The receiver idles outside the window: its CPU over the window is how busy it was.
    busy = "n/a" if not r["window_s"] else f"{100 * r['receiver_cpu_s'] / r['window_s']:.0f}%"
    print(f"| {r['channel']} | {r['alerts']} | {fmt(r['window_s'], '.3f')} s | {rate} | {busy} | {r['wall_s']:.2f} | "
          f"{r['cpu_s']:.2f} ({1000 * r['cpu_s'] / max(1, r['alerts']):.2f}) | {r['rss_mb']:.1f} | {r['load']} |")
print("\nvigil CPU covers the whole cycle (fetch, parse, match, commit, delivery); receiver busy is its "
      "CPU time over the delivery window (100%: one core saturated).")
print()
if failures:
    for f in failures:
        print(f"CHECK FAILED: {f}")
    sys.exit(1)
print(f"checks: every alert arrived exactly once (ids and links), {n} deliveries logged, outbox all delivered")
EOF
