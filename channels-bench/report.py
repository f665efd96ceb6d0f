#!/usr/bin/env python3
"""Turns JMH JSON results of channels-bench into the Markdown tables of docs/benchmarks.md.

    python3 channels-bench/report.py channels-bench/target/jmh-virtual.json [more.json ...]

One row per scenario (benchmark and parameters, less `system`), one column per system, each cell
"score ± error" (JMH's 99.9% interval) in the benchmark's unit. KotlinBenchmark's results are put
in the `kotlin` column of the matching Java scenario. The last column is channels' score divided
by the best other system's, with the error of that ratio from the two intervals (first order):
below 1 means channels is faster.
"""
import json
import math
import sys
from collections import OrderedDict

SYSTEMS = ["channels", "jox", "kotlin", "jdk", "ltq", "jctools", "bare"]

# KotlinBenchmark method -> the Java scenario it mirrors
KOTLIN_TWINS = {
    "pingPong": "PingPongBenchmark.roundTrip",
    "oneToOne": "OneToOneBenchmark.producerConsumer",
    "fourToFour": "FourToFourBenchmark.producersConsumers",
    "selectReceive": "SelectBenchmark.selectReceive",
    "selectWithDefault": "SelectDefaultBenchmark.selectWithDefault",
}


def scenario_of(result):
    name = result["benchmark"].replace("dev.channels.bench.", "")
    params = dict(result.get("params", {}))
    cls, method = name.split(".")
    if cls == "KotlinBenchmark":
        name = KOTLIN_TWINS[method]
        system = "kotlin"
        if not name.startswith("SelectDefault"):
            params["threads"] = "virtual"  # the rows it sits in are the virtual-thread ones
    else:
        system = params.pop("system", "channels")
    key = name + " " + " ".join(f"{k}={params[k]}" for k in sorted(params))
    return key, system


def main(paths):
    rows = OrderedDict()
    units = {}
    for path in paths:
        with open(path) as f:
            for r in json.load(f):
                key, system = scenario_of(r)
                m = r["primaryMetric"]
                err = m.get("scoreError")
                err = 0.0 if err in (None, "NaN") or (isinstance(err, float) and math.isnan(err)) else float(err)
                rows.setdefault(key, {})[system] = (float(m["score"]), err)
                units[key] = m["scoreUnit"]
    present = [s for s in SYSTEMS if any(s in v for v in rows.values())]
    print("| scenario | unit | " + " | ".join(present) + " | channels / best other |")
    print("|---|---|" + "---:|" * len(present) + "---:|")
    for key in sorted(rows):
        cells = rows[key]
        out = []
        for s in present:
            if s in cells:
                score, err = cells[s]
                out.append(f"{score:,.1f} ± {err:,.1f}" if score < 100 else f"{score:,.0f} ± {err:,.0f}")
            else:
                out.append("—")
        ratio = "—"
        others = [(v, s) for s, v in cells.items() if s != "channels"]
        if "channels" in cells and others:
            (best, best_err), _ = min(others)
            c, c_err = cells["channels"]
            q = c / best
            q_err = q * math.sqrt((c_err / c) ** 2 + (best_err / best) ** 2)
            ratio = f"{q:.2f} ± {q_err:.2f}"
        print(f"| {key} | {units[key]} | " + " | ".join(out) + f" | {ratio} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
