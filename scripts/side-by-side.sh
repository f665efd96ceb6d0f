#!/usr/bin/env bash
# Two builds of channels-bench side by side, fork by fork: runs the JMH selection given after the
# two jars once with A, once with B, ROUNDS times (default 3), alternating, one fork each, and
# prints each benchmark's fork means for A and B and the ratio B/A of their means (with the
# range of the per-round ratios). For before/after comparisons of a change:
#
#   cp channels-bench/target/benchmarks.jar /tmp/before.jar   # on the old commit
#   ...                                                         # build the new one
#   ROUNDS=3 scripts/side-by-side.sh /tmp/before.jar channels-bench/target/benchmarks.jar \
#       'PingPong|OneToOne' -p system=channels -p threads=virtual
#
# A_JVM_ARGS / B_JVM_ARGS add JVM options to one side's forks: one jar against itself with a
# switch, e.g. B_JVM_ARGS=-Ddev.channels.diagnostics=true scripts/side-by-side.sh x.jar x.jar ...
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-java.sh"
java_bin="$(find_java)"
a="$1"; b="$2"; shift 2
rounds="${ROUNDS:-3}"
out="$(mktemp -d "${TMPDIR:-/tmp}/side-by-side.XXXXXX")"
for r in $(seq 1 "$rounds"); do
    for side in A B; do
        jar="$a"; extra="${A_JVM_ARGS:-}"
        [ "$side" = B ] && { jar="$b"; extra="${B_JVM_ARGS:-}"; }
        "$java_bin" --sun-misc-unsafe-memory-access=allow -jar "$jar" -foe true -f 1 \
            ${extra:+-jvmArgsAppend "$extra"} -rf json -rff "$out/$side-$r.json" "$@" > "$out/$side-$r.log" 2>&1
        echo "round $r $side done" >&2
    done
done
python3 - "$out" "$rounds" <<'PY'
import json, sys, statistics
out, rounds = sys.argv[1], int(sys.argv[2])
def load(side, r):
    res = {}
    for e in json.load(open(f"{out}/{side}-{r}.json")):
        key = e["benchmark"].split(".")[-2] + "." + e["benchmark"].split(".")[-1]
        params = ",".join(f"{k}={v}" for k, v in sorted(e.get("params", {}).items()) if k not in ("system", "threads"))
        res[key + (" " + params if params else "")] = e["primaryMetric"]["score"]
    return res
A = [load("A", r) for r in range(1, rounds + 1)]
B = [load("B", r) for r in range(1, rounds + 1)]
print(f"{'benchmark':58} {'A fork means':>22} {'B fork means':>22} {'B/A':>6} {'range':>12}")
for k in A[0]:
    a = [x[k] for x in A]; b = [x[k] for x in B]
    ratios = [bb / aa for aa, bb in zip(a, b)]
    fmt = lambda v: "-".join(f"{x:.0f}" for x in (min(v), max(v)))
    print(f"{k:58} {fmt(a):>22} {fmt(b):>22} {statistics.mean(b)/statistics.mean(a):6.3f} {min(ratios):5.2f}-{max(ratios):.2f}")
PY
echo "raw results in $out" >&2
