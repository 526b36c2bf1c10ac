#!/usr/bin/python3
"""Ratios of vigil to every other row of a peerbench results file (stdlib only).

  /usr/bin/python3 bench/peer_ratios.py /tmp/peerbench/results/results.jsonl [--label vigil] [--n 1000]

For cycles 1 and 2, prints vigil's wall time, CPU time and peak RSS divided by each peer's
(a ratio above 1 means vigil takes more, below 1 less), as a markdown table. The floors
(fetch_floor, fetch_parse_floor) come first. A peer that timed out or has no record for a
cycle shows "-". parse_floor has no cycle 2 and newsboat's steady-state row is its 3rd run.
"""
import argparse
import json

FLOORS = ["fetch_floor", "fetch_parse_floor", "parse_floor", "wrk"]


def load(path, n):
    recs = {}
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        if r.get("n") == n:
            recs[(r["label"], str(r["cycle"]))] = r  # the last record wins, as in bench.py
    return recs


def ratio(a, b):
    if a is None or b in (None, 0):
        return "-"
    q = a / b
    return f"{q:.3f}" if q < 0.1 else f"{q:.2f}" if q < 10 else f"{q:.1f}" if q < 100 else f"{q:.0f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results")
    ap.add_argument("--label", default="vigil")
    ap.add_argument("--n", type=int, default=1000)
    a = ap.parse_args()
    recs = load(a.results, a.n)
    labels = []
    for label, _ in recs:
        if label != a.label and label not in labels:
            labels.append(label)
    order = {label: i for i, label in enumerate(labels)}  # first appearance in the file
    labels.sort(key=lambda l: (FLOORS.index(l) if l in FLOORS else len(FLOORS), order[l]))
    mine = {c: recs.get((a.label, c)) for c in ("1", "2")}
    if not mine["1"]:
        raise SystemExit(f"no record for {a.label} at N={a.n} in {a.results}")

    def metric(r, key):
        if not r or r.get("timed_out"):
            return None
        return r.get(key)

    print(f"vigil / peer at N={a.n} (wall, CPU, peak RSS; >1 = vigil needs more)\n")
    print("| peer | c1 wall | c1 CPU | c1 RSS | c2 wall | c2 CPU | c2 RSS |")
    print("|---|---|---|---|---|---|---|")
    for label in labels:
        cells = []
        for c in ("1", "2"):
            peer = recs.get((label, c))
            if c == "2" and label == "newsboat" and (label, "3") in recs:
                peer = recs[(label, "3")]  # newsboat stores validators from its 2nd run on
            for key in ("wall_s", "cpu_s", "maxrss_mb"):
                cells.append(ratio(metric(mine[c], key), metric(peer, key)))
        name = f"{label} (c2 = 3rd run)" if label == "newsboat" and (label, "3") in recs else label
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    for c in ("1", "2"):
        r = mine[c]
        if r:
            print(f"vigil cycle {c}: wall {r['wall_s']} s, CPU {r.get('cpu_s')} s, RSS {r['maxrss_mb']} MB, "
                  f"counts {r.get('counts')}, HTTP {r.get('http')}, load average before {r.get('loadavg1_before')}")


if __name__ == "__main__":
    main()
