#!/usr/bin/env bash
# query benchmark: `./submit.sh query SWEEP --file SQL` against BareDuckDb.java on the same SQL, side by side, each
# a fresh JVM (its start included), RUNS times each, alternating. Then `./submit.sh report SWEEP`, RUNS times.
#   bench/query/compare.sh SWEEP_DIR [SQL_FILE] [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "$0")/../.." && pwd)"
SWEEP="$1"; SQL="${2:-$HERE/configs/queries/speedup.sql}"; RUNS="${3:-3}"
JAR="$(ls "$HERE"/jobs/target/spark-home/jars/duckdb_jdbc-*.jar | head -1)"
OUT="$(mktemp -d)"
javac -cp "$JAR" -d "$OUT" "$HERE/bench/query/BareDuckDb.java"   # compiled once: neither side pays for javac
t() { local s e; s=$(date +%s.%N); "$@" > "$OUT/last.out" 2> "$OUT/last.err"; e=$(date +%s.%N); echo "$e - $s" | bc; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sweep $SWEEP, sql $SQL, load $(cut -d' ' -f1 /proc/loadavg)"
for i in $(seq "$RUNS"); do
  q=$(t "$HERE/submit.sh" query "$SWEEP" --file "$SQL" --max-rows 100000)
  b=$(t java -cp "$JAR:$OUT" BareDuckDb "$SWEEP" "$SQL")
  echo "run $i: query ${q}s ($(tail -1 "$OUT/last.out"))  bare-duckdb ${b}s ($(tail -1 "$OUT/last.err"))  load $(cut -d' ' -f1 /proc/loadavg)"
done
for i in $(seq "$RUNS"); do
  r=$(t "$HERE/submit.sh" report "$SWEEP" --out "$OUT/report")
  echo "run $i: report ${r}s ($(tail -1 "$OUT/last.out"))  load $(cut -d' ' -f1 /proc/loadavg)"
  grep -h '^error' "$OUT/last.err" || true
done
rm -rf "$OUT"
