#!/usr/bin/env bash
# roofsweep launcher. Needs Java 17+; builds the jars with Maven on first use, and again once a source or POM is newer.
#
#   ./submit.sh run CONFIG [--output URI] [--overwrite|--append] [--max-points N] [--configs DIR]
#                          [--master MASTER] [--conf KEY=VALUE]... [more `run` options: ./submit.sh run --help]
#       local[*] by default, inside this JVM: no Spark installation needed.
#       --master local[N]         the same with N cores
#       --master spark://HOST:PORT or yarn
#                                 through spark-submit: $SPARK_HOME/bin/spark-submit if SPARK_HOME is a Spark
#                                 distribution, else Spark's SparkSubmit class from the project's own jars
#                                 (standalone masters only; yarn needs a distribution)
#       --conf KEY=VALUE          a Spark setting (spark-submit --conf; -DKEY=VALUE in local mode)
#   ./submit.sh cluster-start     a standalone Master and Worker(s) on 127.0.0.1 from the project's jars
#                                 (MASTER_PORT=7077, WEBUI_PORT=8080, WORKERS=1, WORKER_CORES=2, WORKER_MEMORY=2g)
#   ./submit.sh cluster-stop
#   ./submit.sh query|report|validate|calibrate|catalog|compare|explain ARGS...   the other commands (./submit.sh query --help)
#
# Environment: DRIVER_MEMORY (default 2g), ROOFSWEEP_JAVA_OPTS (more options for the driver JVM),
#              ROOFSWEEP_NO_REBUILD=1 (run the jars as built, even when a source is newer),
#              SPARK_HOME (a Spark 4.1 distribution for spark-submit).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
TARGET="$HERE/jobs/target"
OWN_HOME="$TARGET/spark-home"            # minimal SPARK_HOME: jars/ (every runtime dependency) + conf/
CLUSTER_DIR="$TARGET/spark-cluster"      # pids, logs and work folders of cluster-start
MAIN=org.roofsweep.jobs.Cli
# Spark 4.1's own JavaModuleOptions: what spark-submit gives driver JVMs.
OPENS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
die() { echo "submit.sh: $*" >&2; exit 2; }

# The newest jobs-*-cluster.jar, or nothing (and status 0: callers assign it under set -e and pipefail).
app_jar() {
  local f newest=""
  for f in "$TARGET"/jobs-*-cluster.jar; do
    if [ -f "$f" ] && { [ -z "$newest" ] || [ "$f" -nt "$newest" ]; }; then newest="$f"; fi
  done
  echo "$newest"
}

# The first source file or POM changed since the app jar was built (empty when none is, or when the checkout has no
# sources, as an unpacked release has none): a jar built before a pull or a merge would otherwise run the old code.
stale_source() {
  local jar="$1" d hit
  for d in "$HERE/pom.xml" "$HERE/analysis-core/pom.xml" "$HERE/jobs/pom.xml" \
      "$HERE/analysis-core/src/main" "$HERE/jobs/src/main"; do
    [ -e "$d" ] || continue
    hit="$(find "$d" -newer "$jar" -type f -print -quit 2>/dev/null || true)"
    if [ -n "$hit" ]; then echo "$hit"; return 0; fi
  done
}

# Whether the jars are built and no source or POM is newer than them.
jars_current() {
  local jar
  jar="$(app_jar)"
  [ -n "$jar" ] && [ -d "$OWN_HOME/jars" ] && [ -z "$(stale_source "$jar")" ]
}

# Builds the jars when there are none, and rebuilds them when a source or POM is newer (ROOFSWEEP_NO_REBUILD=1: run
# the jars there are, as a long run in another shell may be using them). Launchers started together build once: the
# build holds a lock on jobs/target/.build.lock (flock, where the system has it) and the check is made again under it.
ensure_built() {
  local jar changed=""
  jar="$(app_jar)"
  if [ -n "$jar" ] && [ -d "$OWN_HOME/jars" ]; then
    [ "${ROOFSWEEP_NO_REBUILD:-0}" = 1 ] && return 0
    changed="$(stale_source "$jar")"
    [ -n "$changed" ] || return 0
    if ! command -v mvn >/dev/null; then
      echo "submit.sh: ${changed#"$HERE"/} is newer than the jars and Maven is missing: running the jars as built" >&2
      return 0
    fi
  fi
  command -v mvn >/dev/null || die "the jars are not built and Maven is missing: run 'mvn -B -q -DskipTests package' in $HERE"
  mkdir -p "$TARGET"
  if command -v flock >/dev/null; then
    exec 9>"$TARGET/.build.lock"
    flock 9
    if jars_current; then
      exec 9>&-
      return 0   # another launcher built them while this one waited
    fi
  fi
  if [ -n "$changed" ]; then
    echo "submit.sh: ${changed#"$HERE"/} is newer than the jars: rebuilding (mvn -B -q -DskipTests package) ..." >&2
  else
    echo "submit.sh: building the jars (mvn -B -q -DskipTests package) ..." >&2
  fi
  (cd "$HERE" && mvn -B -q -DskipTests package) || die "build failed"
  [ -n "$(app_jar)" ] || die "the build made no jobs/target/jobs-*-cluster.jar"
  exec 9>&-
}

java_bin() { if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else echo java; fi; }

# A Spark distribution (not the project's minimal SPARK_HOME) has bin/spark-submit.
distribution() { [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; }

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export SPARK_SCALA_VERSION=2.13   # the launcher cannot infer it without a distribution

DEFINES=()   # -DKEY=VALUE for each --conf of a local run: SparkConf reads spark.* system properties
read -r -a EXTRA <<<"${ROOFSWEEP_JAVA_OPTS:-}"

# The classes a JVM of `command` loads, kept in a class-data archive (AppCDS, JDK 13+), one per command
# (jobs/target/<name>.jsa), that later runs map instead of loading and verifying the jars' classes again. The archive
# is made at the exit of the command's first run after each build (under a temporary name, then moved); a JVM that
# cannot use it just loads the classes. Sets CDS (the JVM options) and CDS_MAKING (the archive being made, or empty);
# keep_class_data moves a made archive into place. An archive takes no folder on the class path: the app jar holds
# the conf folder's log4j2.properties, so these JVMs go without the folder.
class_data() {
  local archive="$TARGET/$1.jsa"
  CDS=() CDS_MAKING=""
  if [ -f "$archive" ] && [ "$archive" -nt "$(app_jar)" ]; then
    CDS=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
  elif [ -w "$TARGET" ]; then
    CDS_MAKING="$archive.$$"
    CDS=(-XX:ArchiveClassesAtExit="$CDS_MAKING" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
}

keep_class_data() {
  if [ -n "$CDS_MAKING" ]; then
    if [ -s "$CDS_MAKING" ]; then mv -f "$CDS_MAKING" "${CDS_MAKING%.*}"; else rm -f "$CDS_MAKING"; fi
  fi
}

# Runs a JVM command line, then keep_class_data; returns the JVM's exit status. A run stopped by SIGTERM or SIGHUP
# (timeout, the bench's time limit, a closed terminal) ends the same way: the JVM writes the archive as it exits, so
# the shell, which by default would die at once and leave it behind as <name>.jsa.<pid>, waits for the JVM (bash runs
# a trap once its foreground command has exited), then exits through keep_class_data. Ctrl-C needs no trap: bash
# waits for a JVM that handles SIGINT and goes on. Only SIGKILL of the shell leaves the archive.
run_keeping_class_data() {
  local rc=0
  trap 'keep_class_data' EXIT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  "$@" || rc=$?
  trap - EXIT TERM HUP
  keep_class_data
  return "$rc"
}

# The commands other than run: short JVMs whose own work is small (DuckDB's runs in native code), so they start lean:
# the C1 compiler only and the serial collector (half the CPU of JIT compiling and GC threads), and their classes in
# an archive of their own (class_data: cli-<command>.jsa).
run_cli() {
  class_data "cli-$1"
  run_keeping_class_data "$(java_bin)" "-Xmx${DRIVER_MEMORY:-2g}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    ${CDS[@]+"${CDS[@]}"} "${OPENS[@]}" ${EXTRA[@]+"${EXTRA[@]}"} -cp "$(app_jar):$OWN_HOME/jars/*" "$MAIN" "$@"
}

# The run command's JIT: C2 compiles a method once it is 10x hotter than HotSpot's defaults (5,000 invocations, 600
# with loops, 15,000 in all), so code that runs only in bursts (Spark's start, class loading, Parquet footers) stays
# in C1 and C2 works on what the tasks run all along: on a 5 M-point sweep C2 took 10.7 CPU-s in place of 20.1 and
# the JVM 57 in place of 68 (BENCHMARKS.md, issue 20, sixth session). ROOFSWEEP_JAVA_OPTS comes after them.
RUN_JIT=(-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=60000)

# Runs the Cli inside this JVM: local mode (run), with the classes of its first run after a build in an archive
# (class_data: run.jsa), which saved a 5 M-point sweep 3 of its 23 CPU-s, some of them in the tasks' class loading
# and the JIT's work on it (BENCHMARKS.md, issue 20, tenth session). The JVM replaces this shell unless it makes the
# archive, which is moved into place after it exits.
run_local() {
  class_data run
  local jvm=("$(java_bin)" "-Xmx${DRIVER_MEMORY:-2g}" "${OPENS[@]}" "${RUN_JIT[@]}" ${CDS[@]+"${CDS[@]}"}
    ${EXTRA[@]+"${EXTRA[@]}"} ${DEFINES[@]+"${DEFINES[@]}"} -cp "$(app_jar):$OWN_HOME/jars/*" "$MAIN" "$@")
  [ -n "$CDS_MAKING" ] || exec "${jvm[@]}"
  run_keeping_class_data "${jvm[@]}"
}

run_command() {
  local master="" confs=() args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --master) [ $# -ge 2 ] || die "--master needs a value"; master="$2"; shift 2;;
      --master=*) master="${1#--master=}"; shift;;
      --conf) [ $# -ge 2 ] || die "--conf needs KEY=VALUE"; confs+=("$2"); shift 2;;
      --conf=*) confs+=("${1#--conf=}"); shift;;
      *) args+=("$1"); shift;;
    esac
  done
  for c in ${confs[@]+"${confs[@]}"}; do
    [[ "$c" == *=* ]] || die "--conf expects KEY=VALUE, found '$c'"
    DEFINES+=("-D$c")
  done
  case "$master" in
    ""|local|local\[*)
      [ -z "$master" ] || args+=(--master "$master")
      run_local run ${args[@]+"${args[@]}"};;
    *)
      local sc=() c
      for c in ${confs[@]+"${confs[@]}"}; do sc+=(--conf "$c"); done
      if distribution; then
        exec "$SPARK_HOME/bin/spark-submit" --master "$master" --deploy-mode client --class "$MAIN" \
          ${sc[@]+"${sc[@]}"} "$(app_jar)" run ${args[@]+"${args[@]}"}
      fi
      [ "$master" != yarn ] || die "--master yarn needs a Spark distribution: set SPARK_HOME to one (with bin/spark-submit)"
      export SPARK_HOME="$OWN_HOME"
      exec "$(java_bin)" "-Xmx${DRIVER_MEMORY:-2g}" "${OPENS[@]}" ${EXTRA[@]+"${EXTRA[@]}"} \
        -cp "$OWN_HOME/conf:$OWN_HOME/jars/*" \
        org.apache.spark.deploy.SparkSubmit --master "$master" --deploy-mode client --class "$MAIN" \
        ${sc[@]+"${sc[@]}"} "$(app_jar)" run ${args[@]+"${args[@]}"};;
  esac
}

cluster_start() {
  local port="${MASTER_PORT:-7077}" ui="${WEBUI_PORT:-8080}" workers="${WORKERS:-1}" i
  mkdir -p "$CLUSTER_DIR"
  [ ! -f "$CLUSTER_DIR/master.pid" ] || die "a cluster is running (pids in $CLUSTER_DIR); ./submit.sh cluster-stop first"
  export SPARK_HOME="$OWN_HOME"
  nohup "$(java_bin)" -Xmx512m "${OPENS[@]}" -Droofsweep.log.level=info -cp "$OWN_HOME/conf:$OWN_HOME/jars/*" \
    org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port "$ui" >"$CLUSTER_DIR/master.log" 2>&1 &
  echo $! >"$CLUSTER_DIR/master.pid"
  for i in $(seq 1 "$workers"); do
    mkdir -p "$CLUSTER_DIR/work-$i"
    nohup "$(java_bin)" -Xmx512m "${OPENS[@]}" -Droofsweep.log.level=info -cp "$OWN_HOME/conf:$OWN_HOME/jars/*" \
      org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "${WORKER_CORES:-2}" --memory "${WORKER_MEMORY:-2g}" --work-dir "$CLUSTER_DIR/work-$i" \
      --webui-port 0 "spark://127.0.0.1:$port" >"$CLUSTER_DIR/worker-$i.log" 2>&1 &
    echo $! >"$CLUSTER_DIR/worker-$i.pid"
  done
  for i in $(seq 1 120); do
    if [ "$(grep -c 'Registering worker' "$CLUSTER_DIR/master.log" 2>/dev/null || true)" -ge "$workers" ]; then
      echo "cluster up: spark://127.0.0.1:$port (web UI http://127.0.0.1:$ui), $workers worker(s)"
      echo "  ./submit.sh run configs/sweeps/small.json --master spark://127.0.0.1:$port --overwrite"
      return 0
    fi
    sleep 0.5
  done
  cluster_stop
  die "the workers did not register within 60 s; see the logs in $CLUSTER_DIR"
}

cluster_stop() {
  local f pid stopped=0
  for f in "$CLUSTER_DIR"/worker-*.pid "$CLUSTER_DIR"/master.pid; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
      stopped=$((stopped + 1))
    fi
    rm -f "$f"
  done
  echo "stopped $stopped process(es)"
}

command="${1:-}"
[ $# -eq 0 ] || shift
case "$command" in
  run) ensure_built; run_command "$@";;
  query|report|validate|calibrate|catalog|compare|explain) ensure_built; run_cli "$command" "$@";;
  cluster-start) ensure_built; cluster_start;;
  cluster-stop) cluster_stop;;
  -h|--help|help) usage;;
  "") usage; exit 2;;
  *) usage >&2; die "unknown command '$command'";;
esac
