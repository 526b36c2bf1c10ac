#!/usr/bin/python3
"""Reads Prometheus text exposition (a file, or stdin) with Debian's python3-prometheus-client
and prints the parsed families as one JSON document:

  [{"name": ..., "type": ..., "help": ..., "samples": [{"name": ..., "labels": {...}, "value": ...}]}]

Counter families lose their "_total" suffix (the client's OpenMetrics view); sample names keep
it. Values that JSON cannot carry (+Inf, -Inf, NaN) are strings. Exits 1, with the reason on
stderr, when the text does not parse or a family is written twice.
"""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def value_of(number):
    return number if math.isfinite(number) else str(number)


def main():
    text = open(sys.argv[1], encoding="utf-8").read() if len(sys.argv) > 1 else sys.stdin.read()
    try:
        families = list(text_string_to_metric_families(text))
    except Exception as error:  # the client raises ValueError and friends on malformed input
        print(f"unparseable exposition: {error}", file=sys.stderr)
        return 1
    names = [family.name for family in families]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        print(f"families written more than once: {', '.join(repeated)}", file=sys.stderr)
        return 1
    out = [{
        "name": family.name,
        "type": family.type,
        "help": family.documentation,
        "samples": [{"name": s.name, "labels": s.labels, "value": value_of(s.value)} for s in family.samples],
    } for family in families]
    json.dump(out, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
