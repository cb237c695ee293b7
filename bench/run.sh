#!/usr/bin/env bash
# roofsweep benchmarks (issue 7). Run from anywhere; everything runs from the repository root.
#
#   bench/run.sh build                 mvn -B -Pbench -DskipTests package (benchmarks.jar, target/lib, the jobs jars)
#   bench/run.sh jmh [JMH ARGS...]     JMH micro-benchmarks of analysis-core; default: short runs for a 2-core box
#                                      (-f 1 -wi 3 -i 5 -w 1s -r 1s); e.g. bench/run.sh jmh SystemBenchmark -prof gc
#   bench/run.sh cputime [FILTER]      the same operations timed by the thread's CPU time (robust on a busy machine)
#   bench/run.sh compare [SWEEP] [OPTIONS]
#                                      the sweep benchmark: (a) cost core, (b) direct parquet-hadoop writer,
#                                      (c) the Spark job, on one grid (default bench/sweeps/bench-5m.json, 5.08 M points)
#   bench/run.sh ceiling [SWEEP] [--runs N]
#                                      the cost of writing alone (issue 20), one thread, no Spark: (a), (b), then the
#                                      same rows from precomputed values through (w) the job's writer and (p)
#                                      parquet-java's column writers (default grid bench/sweeps/bench-5m.json)
#   bench/run.sh rowread [SWEEP] [--runs N] [--points N]
#                                      what handing rows to the writer costs (issue 20), one thread: the core alone, then
#                                      plus ColumnBatch.add through the row reader and through the columns' accesses,
#                                      over the grid's first N points (1,000,000; default grid bench/sweeps/bench-5m.json)
#   bench/run.sh scale [SWEEP...] [OPTIONS]
#                                      the Spark job at 1 M and 10 M points (default) or the given grids,
#                                      e.g. bench/run.sh scale bench/sweeps/scale-100m.json --runs 1
#   bench/run.sh machine               cores, memory, Java: the header of a results file
#
# OPTIONS (compare, scale): --runs N (3), --master local[2], --driver-memory 1g (the child JVM's -Xmx),
#                           --work DIR (bench/target/sweep-bench: outputs, deleted after each run, and the job logs);
#                           compare only: --rows adds (a'), the core plus each row's columns read into a batch and checksummed;
#                           scale only: --limit SECONDS stops a run after that long and reports it as partial
# Outputs are deleted after each run; scale-100m.json needs about 2 GB of free disk while it runs.
# BENCH_JAVA_OPTS: more options for the benchmark's own JVM (where (a), (b) and the ceiling run), e.g. JIT flags;
# ROOFSWEEP_JAVA_OPTS reaches the Spark job's JVM of (c) and scale through submit.sh.
set -euo pipefail

SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
ROOT="$(dirname "$(dirname "$SELF")")"
cd "$ROOT"
JAR=bench/target/benchmarks.jar
LIB=bench/target/lib
JMH_DEFAULTS=(-f 1 -wi 3 -i 5 -w 1s -r 1s)
# Spark 4.1's JavaModuleOptions (as in submit.sh): the in-process writer loads Hadoop and Spark classes.
OPENS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED)

die() { echo "bench/run.sh: $*" >&2; exit 2; }
built() { [ -f "$JAR" ] && [ -d "$LIB" ] && ls jobs/target/jobs-*-cluster.jar >/dev/null 2>&1; }
need_build() { built || die "not built: bench/run.sh build"; }

machine() {
  echo "cores: $(nproc)"
  free -g | sed 's/^/memory: /'
  java -version 2>&1 | sed 's/^/java: /'
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

sweep_bench() { # $1 mode, rest: arguments
  need_build
  local extra=()
  read -r -a extra <<<"${BENCH_JAVA_OPTS:-}"
  exec java -Xmx1g "${OPENS[@]}" ${extra[@]+"${extra[@]}"} -cp "bench/target/classes:$LIB/*" \
    org.roofsweep.bench.sweep.SweepBenchmark "$@"
}

command="${1:-}"
[ $# -eq 0 ] || shift
case "$command" in
  build) mvn -B -Pbench -DskipTests package;;
  jmh)
    need_build
    defaults=()   # each default option the caller did not give
    for ((i = 0; i < ${#JMH_DEFAULTS[@]}; i += 2)); do
      [[ " $* " == *" ${JMH_DEFAULTS[i]} "* ]] || defaults+=("${JMH_DEFAULTS[i]}" "${JMH_DEFAULTS[i+1]}")
    done
    exec java -jar "$JAR" ${defaults[@]+"${defaults[@]}"} "$@";;
  cputime) need_build; exec java -cp "$JAR" org.roofsweep.bench.CpuTime "$@";;
  compare)
    if [ $# -eq 0 ] || [[ "$1" == --* ]]; then set -- bench/sweeps/bench-5m.json "$@"; fi
    sweep_bench compare "$@";;
  ceiling)
    if [ $# -eq 0 ] || [[ "$1" == --* ]]; then set -- bench/sweeps/bench-5m.json "$@"; fi
    sweep_bench ceiling "$@";;
  rowread)
    if [ $# -eq 0 ] || [[ "$1" == --* ]]; then set -- bench/sweeps/bench-5m.json "$@"; fi
    sweep_bench rowread "$@";;
  scale)
    if [ $# -eq 0 ] || [[ "$1" == --* ]]; then set -- bench/sweeps/scale-1m.json bench/sweeps/scale-10m.json "$@"; fi
    sweep_bench scale "$@";;
  machine) machine;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$SELF"; [ -n "$command" ] || exit 2; [ "$command" = help ] || exit 2;;
esac
