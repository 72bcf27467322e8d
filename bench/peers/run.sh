#!/usr/bin/env bash
# Side-by-side benchmark of CausalEM against the Python peers on the same generated data (issue 17).
#   bench/peers/run.sh [DIR] [ROUNDS]      (build first: ./mvnw -B -q -o package -DskipTests -pl core,bench)
# DIR (default /tmp/causalem-peers) receives the data and every side's results; a peer whose module is
# not installed in /usr/bin/python3 is skipped. Times are the best of ROUNDS (default 2) in one process.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=${1:-/tmp/causalem-peers}
rounds=${2:-2}
py=${PYTHON:-/usr/bin/python3}
jar=${JAR:-$root/bench/target/benchmarks.jar}
java=${JAVA:-java}
[ -f "$jar" ] || { echo "no $jar: build it with ./mvnw -B -q -o package -DskipTests -pl core,bench" >&2; exit 2; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)  ($(nproc) cores)"
[ -f "$dir/eels_cube.npy" ] && [ "${REGEN:-0}" != 1 ] || "$py" "$here/peers.py" gen "$dir"
rm -f "$dir"/*.json
peer() { # peer MODULE STEP
  if "$py" -c "import $1" 2>/dev/null; then
    echo "-- $2"; "$py" "$here/peers.py" "$2" "$dir" "$rounds"
  else
    echo "-- $2: skipped ($1 is not installed for $py)"
  fi
}
peer hyperspy hyperspy
peer sklearn sklearn
peer pandas pandas
peer lingam lingam
echo "-- CausalEM"
# the table read in a fresh JVM each time (best of ROUNDS), wall time of the whole JVM alongside
best_read=""; best_jvm=""
for _ in $(seq "$rounds"); do
  t0=$(date +%s.%N)
  "$java" -cp "$jar" org.causalem.bench.PeerBench read "$dir"
  t1=$(date +%s.%N)
  r=$("$py" -c "import json;print(json.load(open('$dir/causalem_read.json'))['read_s'])")
  j=$("$py" -c "print($t1-$t0)")
  best_read=$("$py" -c "print(min(x for x in [$r, ${best_read:-1e9}]))")
  best_jvm=$("$py" -c "print(min(x for x in [$j, ${best_jvm:-1e9}]))")
done
"$java" -Xmx4g -cp "$jar" org.causalem.bench.PeerBench all "$dir" "$rounds"
"$py" - "$dir" "$best_read" "$best_jvm" <<'PY'
import json, sys
d, r, j = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
o = json.load(open(f"{d}/causalem_all.json"))
o.update(read_s=r, read_jvm_s=j)
json.dump(o, open(f"{d}/causalem.json", "w"), indent=1)
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" "$here/peers.py" report "$dir"
