#!/usr/bin/env bash
# tools/bench-dump-vs-iasl.sh [BUILD_DIR] [CORPUS] [RUNS]
# The same work, one process each, numaplan against iasl:
# 1. One 1 MiB SRAT (39,300 entries: LAPIC, x2APIC and memory affinity in
#    turn, built by tools/mksrat.py): `numaplan dump` (text), `numaplan dump
#    --format json` and `iasl -d`, each one process over the one table.
# 2. The corpus: every binary table (acpidump text split with acpixtract), one
#    `numaplan dump TABLE` and one `iasl -d TABLE` process per table.
# Times are CPU time (user + sys, `perf stat` task-clock; on a shared machine
# the steadier figure) and wall time, means over RUNS runs (default 5); peak
# memory is the maximum resident set (GNU time %M). Output goes to /dev/null
# for numaplan; iasl writes its .dsl into a temporary directory.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
CORPUS=$(cd "${2:-$ROOT/../shared/corpus}" && pwd)
RUNS=${3:-5}
NUMAPLAN=$BUILD/numaplan
[ -x "$NUMAPLAN" ] || { echo "no $NUMAPLAN: build first" >&2; exit 2; }
for tool in iasl acpixtract perf /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "no $tool" >&2; exit 2; }
done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/numaplan-vs-iasl.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# "CPU_MS WALL_MS" of "$@" (perf stat -r RUNS, output to /dev/null).
cpu_wall_ms() {
  perf stat -r "$RUNS" -x, -e task-clock -o "$WORK/stat" -- "$@" >/dev/null 2>&1 || true
  local cpu wall
  cpu=$(awk -F, '/task-clock/ { printf "%.2f", $1 }' "$WORK/stat")
  # perf -x prints no elapsed time: time the runs again for it.
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$RUNS"); do "$@" >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  wall=$(awk -v s="$start" -v e="$end" -v r="$RUNS" 'BEGIN { printf "%.2f", (e - s) / 1e6 / r }')
  echo "$cpu $wall"
}
peak_kib() { /usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null 2>&1 || true; cat "$WORK/rss"; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "iasl: $(iasl -v 2>/dev/null | grep -o 'version [0-9]*' | head -1); numaplan: $NUMAPLAN"

# 1. The 1 MiB SRAT.
python3 "$ROOT/tools/mksrat.py" "$WORK/srat.dat" >/dev/null
mkdir -p "$WORK/iasl1" && cp "$WORK/srat.dat" "$WORK/iasl1/"
read -r text_cpu text_wall < <(cpu_wall_ms "$NUMAPLAN" dump "$WORK/srat.dat")
read -r json_cpu json_wall < <(cpu_wall_ms "$NUMAPLAN" dump --format json "$WORK/srat.dat")
read -r iasl_cpu iasl_wall < <(cd "$WORK/iasl1" && cpu_wall_ms iasl -d srat.dat)
text_kib=$(peak_kib "$NUMAPLAN" dump "$WORK/srat.dat")
json_kib=$(peak_kib "$NUMAPLAN" dump --format json "$WORK/srat.dat")
iasl_kib=$(cd "$WORK/iasl1" && peak_kib iasl -d srat.dat)
echo "1 MiB SRAT ($(stat -c %s "$WORK/srat.dat") bytes), means of $RUNS runs:"
printf '  %-22s %8s ms CPU %8s ms wall %7s KiB peak\n' "numaplan dump" "$text_cpu" "$text_wall" "$text_kib" \
  "numaplan dump --format json" "$json_cpu" "$json_wall" "$json_kib" "iasl -d" "$iasl_cpu" "$iasl_wall" "$iasl_kib"
awk -v t="$text_cpu" -v j="$json_cpu" -v i="$iasl_cpu" 'BEGIN {
  printf "  CPU ratio against iasl -d: text %.1fx, JSON %.1fx\n", i / t, i / j }'

# 2. The corpus, one process per table for each tool.
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
printf '%s\n' "${tables[@]}" >"$WORK/list"
cat >"$WORK/each.sh" <<'SH'
#!/bin/sh
# each.sh TOOL...: TOOL TABLE once per table of the list, one process each.
list=$1; shift
while IFS= read -r t; do "$@" "$t" >/dev/null 2>&1; done <"$list"
exit 0
SH
chmod +x "$WORK/each.sh"
read -r dump_cpu dump_wall < <(cpu_wall_ms "$WORK/each.sh" "$WORK/list" "$NUMAPLAN" dump)
read -r corpus_iasl_cpu corpus_iasl_wall < <(cd "$WORK/tables" && cpu_wall_ms "$WORK/each.sh" "$WORK/list" iasl -d)
echo "corpus: ${#tables[@]} tables, $(cat "${tables[@]}" | wc -c) bytes ($CORPUS), one process per table, means of $RUNS runs:"
printf '  %-22s %8s ms CPU %8s ms wall\n' "numaplan dump" "$dump_cpu" "$dump_wall" "iasl -d" "$corpus_iasl_cpu" "$corpus_iasl_wall"
awk -v d="$dump_cpu" -v i="$corpus_iasl_cpu" 'BEGIN { printf "  CPU ratio against iasl -d: %.1fx\n", i / d }'
