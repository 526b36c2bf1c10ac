#!/usr/bin/python3
"""Turns the files one bench/macro_cycle.sh run leaves in WORK into a markdown table, a list of
failed sanity checks and (with --results) one JSON line. Stdlib only; called by macro_cycle.sh.

Per cycle it reads WORK/cC.time (/usr/bin/time -v), WORK/cC.wall_ms (the wall clock in ms,
when present), WORK/cC.load (the load average before it), WORK/cC.log (vigil's log with the
`once:` summary line) and the slice [start:end) of nginx's access log ("status bytes uri").
"""
import argparse
import json
import os
import platform
import re
import subprocess
from datetime import datetime, timezone

ONCE_RE = re.compile(r"once: (\d+) sources polled \((\d+) failed\), (\d+) new items, (\d+) matching, "
                     r"(\d+) alerts queued, (\d+) delivered, (\d+) to retry, (\d+) dead")
ONCE_KEYS = ["sources", "failed", "new_items", "matching", "alerts_queued", "delivered", "to_retry", "dead"]
# spdlog's default level names as vigil's pattern prints them
LEVEL_RE = re.compile(r"^\S+ \S+ (warning|error|critical) ")


def parse_time_v(path):
    out = {}
    for line in open(path, errors="replace"):
        key, _, value = line.strip().partition(": ")
        if key == "User time (seconds)":
            out["user_s"] = float(value)
        elif key == "System time (seconds)":
            out["sys_s"] = float(value)
        elif key == "Maximum resident set size (kbytes)":
            out["maxrss_mb"] = round(int(value) / 1024, 1)
        elif key.startswith("Elapsed (wall clock) time"):
            seconds = 0.0
            for part in value.split(":"):
                seconds = seconds * 60 + float(part)
            out["wall_s"] = round(seconds, 3)
    out["cpu_s"] = round(out["user_s"] + out["sys_s"], 3)
    return out


def parse_log(path):
    once, levels, samples = None, {"warning": 0, "error": 0, "critical": 0}, []
    for line in open(path, errors="replace"):
        m = ONCE_RE.search(line)
        if m:
            once = dict(zip(ONCE_KEYS, map(int, m.groups())))
        lm = LEVEL_RE.match(line)
        if lm:
            levels[lm.group(1)] += 1
            if len(samples) < 5:
                samples.append(line.strip()[:300])
    return once, levels, samples


def nginx_slice(path, start, end):
    counts = {"200": 0, "304": 0, "other": 0, "bytes": 0}
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    for line in data.decode("utf-8", "replace").splitlines():
        status, _, rest = line.partition(" ")
        counts[status if status in ("200", "304") else "other"] += 1
        try:
            counts["bytes"] += int(rest.split(" ", 1)[0])
        except ValueError:
            pass
    return counts


def git_revision(root):
    try:
        rev = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def checks(cycle, once, http, n, truth):
    """Sanity checks; each failure is a string. They flag bugs, they do not stop the run."""
    failed = []
    def expect(what, got, want):
        if got != want:
            failed.append(f"cycle {cycle}: {what} is {got}, expected {want}")
    expect("sources polled", once["sources"], n)
    expect("failed sources", once["failed"], 0)
    expect("dead alerts", once["dead"], 0)
    expect("alerts left to retry", once["to_retry"], 0)
    expect("delivered alerts", once["delivered"], once["alerts_queued"])
    expect("requests served", http["200"] + http["304"] + http["other"], n)
    if cycle == 1:
        expect("HTTP 200 answers", http["200"], n)
        expect("new items", once["new_items"], truth["items"])
        expect("matching items", once["matching"], truth["matching_items"])
        expect("alerts queued", once["alerts_queued"], truth["matching_items"])
    else:
        expect("HTTP 304 answers", http["304"], n)
        expect("new items", once["new_items"], 0)
        expect("alerts queued", once["alerts_queued"], 0)
    return failed


def fmt(v):
    return f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 100 else f"{v:.0f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--access-log", required=True)
    ap.add_argument("--offsets", nargs="+", required=True, help="START:END per cycle")
    ap.add_argument("--concurrency", type=int)
    ap.add_argument("--per-host", type=int)
    ap.add_argument("--nginx-workers", type=int)
    ap.add_argument("--build-type", default="unknown")
    ap.add_argument("--root", default=".")
    ap.add_argument("--note", default="")
    ap.add_argument("--results", help="append the JSON line here")
    a = ap.parse_args()

    truth = json.load(open(a.manifest))["totals"]
    per_k = 1000.0 / a.n
    cycles, failed = [], []
    for i, span in enumerate(a.offsets, start=1):
        start, end = map(int, span.split(":"))
        t = parse_time_v(os.path.join(a.work, f"c{i}.time"))
        wall_ms = os.path.join(a.work, f"c{i}.wall_ms")
        if os.path.exists(wall_ms):  # measured by the script in ms; time -v rounds to 10 ms
            t["wall_s"] = round(int(open(wall_ms).read()) / 1000, 3)
        load_file = os.path.join(a.work, f"c{i}.load")
        if os.path.exists(load_file):
            t["loadavg1_before"] = float(open(load_file).read())
        once, levels, samples = parse_log(os.path.join(a.work, f"c{i}.log"))
        http = nginx_slice(a.access_log, start, end)
        rec = {"cycle": i, **t,
               "per_1k_feeds": {"wall_s": round(t["wall_s"] * per_k, 3), "cpu_s": round(t["cpu_s"] * per_k, 3),
                                "maxrss_mb": round(t["maxrss_mb"] * per_k, 1)},
               "once": once, "http": http, "log": levels}
        cycles.append(rec)
        failed += checks(i, once, http, a.n, truth)
        if levels["warning"] or levels["error"] or levels["critical"]:
            failed.append(f"cycle {i}: vigil logged {levels['warning']} warnings, {levels['error']} errors, "
                          f"{levels['critical']} critical; first: {samples[0] if samples else '?'}")

    print(f"\n### vigil once, N={a.n} feeds ({truth['items']} items, {truth['bytes'] / 1e6:.1f} MB; "
          f"{truth['matching_items']} items match), concurrency {a.concurrency}, per_host {a.per_host}\n")
    print("| cycle | wall s | CPU s | peak RSS MB | wall s / 1k feeds | CPU s / 1k feeds | RSS MB / 1k feeds "
          "| HTTP 200/304/other | new items | matching | delivered | failed sources |")
    print("|" + "---|" * 12)
    for c in cycles:
        o, h, k = c["once"], c["http"], c["per_1k_feeds"]
        label = "1 (cold)" if c["cycle"] == 1 else "2 (304s)"
        print(f"| {label} | {fmt(c['wall_s'])} | {fmt(c['cpu_s'])} | {c['maxrss_mb']:.1f} | {fmt(k['wall_s'])} "
              f"| {fmt(k['cpu_s'])} | {k['maxrss_mb']:.1f} | {h['200']}/{h['304']}/{h['other']} | {o['new_items']} "
              f"| {o['matching']} | {o['delivered']} | {o['failed']} |")
    print()
    busy = [c for c in cycles if c.get("loadavg1_before", 0) > 0.5 * (os.cpu_count() or 1)]
    if busy:
        print(f"Note: the load average was {busy[0]['loadavg1_before']} on {os.cpu_count()} CPUs before cycle "
              f"{busy[0]['cycle']}: other work on the machine inflates the wall times.\n")
    if failed:
        print("Sanity checks FAILED:")
        for f in failed:
            print(f"- {f}")
    else:
        print("Sanity checks passed: counts match the manifest, cycle 2 was all 304s, nothing failed or was logged "
              "at warning level or above.")

    if a.results:
        record = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "commit": git_revision(a.root),
                  "build_type": a.build_type, "n": a.n,
                  "corpus": {"items": truth["items"], "bytes": truth["bytes"], "matching": truth["matching_items"]},
                  "config": {"concurrency": a.concurrency, "per_host": a.per_host, "nginx_workers": a.nginx_workers},
                  "host": {"cpus": os.cpu_count(), "cpu": cpu_model()},
                  "cycles": cycles, "checks_failed": failed}
        if a.note:
            record["note"] = a.note
        os.makedirs(os.path.dirname(os.path.abspath(a.results)), exist_ok=True)
        with open(a.results, "a") as fh:
            fh.write(json.dumps(record, separators=(",", ":")) + "\n")
        print(f"\nappended to {a.results}")


if __name__ == "__main__":
    main()
