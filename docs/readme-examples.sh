#!/usr/bin/env bash
# Re-runs every command whose output README.md shows and rewrites each output block in place.
#
#   docs/readme-examples.sh [--no-build] [README]           rewrite the output blocks from fresh runs
#   docs/readme-examples.sh --check [--no-build] [README]   rewrite nothing; show each block whose output differs
#                                                           (a diff per block) and exit 1 if any does
#
# A block is the text between a marker line `<!-- out: COMMAND -->` and the next line `<!-- /out -->`. COMMAND is
# run by bash from the repository root, stdout and stderr together; its output replaces the block's body, inside
# the body's code fence when it has one (a markdown table has none). In COMMAND, `show 'CMD'` prints `$ CMD` and
# then CMD's output, for blocks that show a terminal session. The repository's own path is printed as `...`.
# A `<!-- out(timed): COMMAND -->` block prints durations and rates ("13.6 s", "169 points/s") that change from
# run to run: it is compared with them masked, and rewritten only when something else changed.
#
# Before the blocks, the jars are built (mvn -B -q -DskipTests package; --no-build skips it; MAVEN_ARGS=-o builds
# offline) and the sweeps that the shown queries read are run (PREPARE below), so each block sees the tables of
# this build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PREPARE=(
  "./submit.sh run configs/sweeps/small.json --overwrite"
  "./submit.sh run configs/sweeps/image-tokens.json --overwrite"
)

check=0 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --no-build) build=0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    -*) echo "readme-examples.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
readme=${1:-README.md}
[ -f "$readme" ] || { echo "readme-examples.sh: no file $readme" >&2; exit 2; }

show() { printf '$ %s\n' "$1"; bash -c "$1" 2>&1 || true; }
export -f show

# durations and rates as the commands print them, for the comparison of timed blocks
mask() { sed -E 's/[0-9][0-9.,]* (s|points\/s)([^a-z]|$)/# \1\2/g'; }

if [ "$build" = 1 ]; then
  echo "building: mvn -B -q -DskipTests package" >&2
  mvn -B -q -DskipTests package
fi
for p in "${PREPARE[@]}"; do
  echo "preparing: $p" >&2
  bash -c "$p" >/dev/null 2>&1 || { echo "readme-examples.sh: failed: $p" >&2; exit 1; }
done

mapfile -t lines < "$readme"
out=()
blocks=0 changed=0 n=${#lines[@]} i=0
marker='^<!-- out(\(timed\))?: (.*) -->$'
while [ "$i" -lt "$n" ]; do
  line=${lines[$i]}
  out+=("$line")
  i=$((i + 1))
  [[ "$line" =~ $marker ]] || continue
  timed=${BASH_REMATCH[1]} cmd=${BASH_REMATCH[2]}
  body=()
  while [ "$i" -lt "$n" ] && [ "${lines[$i]}" != "<!-- /out -->" ]; do body+=("${lines[$i]}"); i=$((i + 1)); done
  [ "$i" -lt "$n" ] || { echo "readme-examples.sh: $readme: no <!-- /out --> after the marker of: $cmd" >&2; exit 2; }
  blocks=$((blocks + 1))
  echo "running: $cmd" >&2
  result=$(bash -c "$cmd" 2>&1 | sed "s#$ROOT#...#g" || true)
  fresh=()
  if [ "${#body[@]}" -gt 0 ] && [[ "${body[0]}" == '```'* ]]; then
    fresh+=("${body[0]}")
    [ -n "$result" ] && mapfile -t -O 1 fresh <<< "$result"
    fresh+=('```')
  elif [ -n "$result" ]; then
    mapfile -t fresh <<< "$result"
  fi
  old=$(printf '%s\n' ${body[@]+"${body[@]}"})
  new=$(printf '%s\n' ${fresh[@]+"${fresh[@]}"})
  keep=0
  if [ "$old" = "$new" ]; then
    keep=1
  elif [ -n "$timed" ] && [ "$(mask <<< "$old")" = "$(mask <<< "$new")" ]; then
    keep=1
    echo "  timings differ only: kept" >&2
  else
    changed=$((changed + 1))
    echo "differs: $cmd" >&2
    diff -u --label "$readme (shown)" --label "fresh output" <(printf '%s\n' "$old") <(printf '%s\n' "$new") >&2 || true
  fi
  if [ "$keep" = 1 ]; then out+=(${body[@]+"${body[@]}"}); else out+=(${fresh[@]+"${fresh[@]}"}); fi
done

echo "$blocks output blocks, $changed differ" >&2
if [ "$check" = 1 ]; then
  [ "$changed" = 0 ]
  exit
fi
if [ "$changed" -gt 0 ]; then
  printf '%s\n' "${out[@]}" > "$readme.tmp"
  mv "$readme.tmp" "$readme"
  echo "rewrote $readme" >&2
fi
