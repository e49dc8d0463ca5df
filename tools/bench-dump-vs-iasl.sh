#!/usr/bin/env bash
# tools/bench-dump-vs-iasl.sh [BUILD_DIR] [CORPUS] [RUNS]
# Whole process against whole process: `numaplan dump` over every table of
# the corpus (one invocation, output to /dev/null) against `iasl -d` over the
# same binary tables (one invocation; it writes a .dsl per table). acpidump
# text files are first split into binary tables with acpixtract so both tools
# read the same bytes. Prints the median wall and CPU time of one invocation
# over RUNS samples (default 11; a dump sample times 20 invocations) and the
# ratios. Works on a copy in a temporary directory.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
CORPUS=$(cd "${2:-$ROOT/../shared/corpus}" && pwd)
RUNS=${3:-11}
NUMAPLAN=$BUILD/numaplan
[ -x "$NUMAPLAN" ] || { echo "no $NUMAPLAN: build first" >&2; exit 2; }
command -v iasl >/dev/null || { echo "no iasl (apt-get install acpica-tools)" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/numaplan-vs-iasl.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The binary tables: raw files as they are, acpidump text split by acpixtract.
mkdir -p "$WORK/tables"
n=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  if grep -qa ' @ 0x' "$f"; then
    mkdir -p "$WORK/x" && (cd "$WORK/x" && acpixtract -a "$f" >/dev/null 2>&1 || true)
    for t in "$WORK"/x/*.dat; do [ -e "$t" ] && mv "$t" "$WORK/tables/$n-$(basename "$t")"; done
    rm -rf "$WORK/x"
  else
    cp "$f" "$WORK/tables/$n.dat"
  fi
done < <(find "$CORPUS" -type f ! -name '*.md' -print0 | sort -z)
mapfile -t tables < <(find "$WORK/tables" -name '*.dat' | sort)
bytes=$(cat "${tables[@]}" | wc -c)

# "WALL_MS CPU_MS" of one invocation of "$@": medians over RUNS samples, each
# timing REPEAT invocations in a row (bash's time counts milliseconds: a 6 ms
# dump needs repeats for a ratio that is not mostly rounding). CPU = user +
# sys; on a shared machine it is the steadier figure.
medians_ms() {
  local repeat=$1 walls=() cpus=() line
  shift
  for _ in $(seq "$RUNS"); do
    # diagnostics give a non-zero exit on some real tables: only the time matters
    line=$({ TIMEFORMAT='TIME %3R %3U %3S'
             time for ((i = 0; i < repeat; i++)); do "$@" >/dev/null 2>&1 || true; done; } 2>&1 | grep '^TIME' || true)
    walls+=("$(awk -v r="$repeat" '{ printf "%.2f", $2 * 1000 / r }' <<<"$line")")
    cpus+=("$(awk -v r="$repeat" '{ printf "%.2f", ($3 + $4) * 1000 / r }' <<<"$line")")
  done
  local mid=$(((RUNS + 1) / 2))
  echo "$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "${mid}p") $(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "${mid}p")"
}

read -r dump_wall dump_cpu < <(medians_ms 20 "$NUMAPLAN" dump "${tables[@]}")
read -r iasl_wall iasl_cpu < <(cd "$WORK/tables" && medians_ms 1 iasl -d "${tables[@]}")
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: ${#tables[@]} tables, $bytes bytes ($CORPUS)"
echo "numaplan dump: ${dump_wall} ms wall, ${dump_cpu} ms CPU (medians of $RUNS samples of 20 runs)"
echo "iasl -d:       ${iasl_wall} ms wall, ${iasl_cpu} ms CPU ($(iasl -v 2>/dev/null | grep -o 'version [0-9]*' | head -1))"
awk -v dw="$dump_wall" -v iw="$iasl_wall" -v dc="$dump_cpu" -v ic="$iasl_cpu" 'BEGIN {
  printf "ratio: numaplan dump is %.1fx faster wall, %.1fx CPU\n", iw / (dw ? dw : 1), ic / (dc ? dc : 1) }'
