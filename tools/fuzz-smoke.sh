#!/usr/bin/env bash
# tools/fuzz-smoke.sh BUILD_DIR SECONDS
# Runs every libFuzzer target in BUILD_DIR/fuzz for SECONDS each, seeded from
# tables/ (acpidump text, raw tables extracted from it, the .aml fixtures
# compiled into BUILD_DIR/tables), the test inputs of the text parsers
# (memory maps, kernel logs, .config files) and fuzz/corpus/<target>/ (what
# earlier runs found, merged with -merge=1). Seeds are copied into a
# temporary directory: nothing is written into the repository.
# Prints one summary line per target (executions a second, and per CPU second
# of the target: the figure a busy machine does not change); exits 1 if any
# target crashed, leaked, hit UB or timed out (the reproducer is kept and its
# path printed).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BUILD_DIR SECONDS" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" && pwd)
SECONDS_PER_TARGET=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/numaplan-fuzz.XXXXXX")
keep=0
cleanup() { [ "$keep" -eq 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT

# Seeds shared by the targets: acpidump text and raw tables.
mkdir -p "$WORK/text" "$WORK/raw"
n=0
while IFS= read -r -d '' f; do
  if grep -q ' @ 0x' "$f"; then
    n=$((n + 1)); cp "$f" "$WORK/text/$n.txt"
    (cd "$WORK/raw" && mkdir -p "x$n" && cd "x$n" && acpixtract -a -f "$f" >/dev/null 2>&1 || true)
  fi
done < <(find "$ROOT/tables" -type f -name '*.txt' -print0)
find "$WORK/raw" -mindepth 2 -type f -name '*.dat' -exec sh -c 'for f; do mv "$f" "$(dirname "$f").$(basename "$f")"; done' sh {} +
find "$WORK/raw" -mindepth 1 -type d -exec rm -rf {} +
[ -d "$BUILD/tables" ] && find "$BUILD/tables" -type f -name '*.aml' -exec cp {} "$WORK/raw/" \;

targets=("$BUILD"/fuzz/*_fuzz)
[ -x "${targets[0]}" ] || { echo "no fuzz targets in $BUILD/fuzz (configure with -DNUMAPLAN_FUZZ=ON)" >&2; exit 1; }
# CPU time of a target from this shell's reaped-children ticks (/proc/$$/stat
# fields 16 and 17): on a shared machine exec per CPU second is the steady figure.
cpu_ticks() { awk '{ print $16 + $17 }' "/proc/$$/stat"; }
failed=0
for target in "${targets[@]}"; do
  name=$(basename "$target")
  stem=${name%_fuzz}
  corpus=$WORK/corpus-$name
  mkdir -p "$corpus" "$WORK/artifacts-$name"
  # Seeds from the repository's own inputs of each parser.
  case "$stem" in
    acpidump) cp "$WORK"/text/* "$corpus/" 2>/dev/null || true ;;
    decode|roundtrip|dump_text|dump_json) cp "$WORK"/raw/* "$ROOT"/fuzz/corpus/decode_fuzz/* "$corpus/" 2>/dev/null || true ;;
    memmap) cp "$ROOT"/tables/examples/*.e820.log "$ROOT"/tests/source/logs/*.log "$corpus/" 2>/dev/null || true ;;
    dmesg|compare) cp "$ROOT"/tables/examples/*.dmesg-*.log "$ROOT"/tests/kernel/logs/*.log "$ROOT"/fuzz/corpus/dmesg_fuzz/* \
                     "$corpus/" 2>/dev/null || true ;;
    kconfig) cp "$ROOT"/tests/tools/kconfig/*.config "$corpus/" 2>/dev/null || true ;;
    json_reader) cp "$ROOT"/schemas/*.json "$ROOT"/fuzz/corpus/spec_fuzz/* "$corpus/" 2>/dev/null || true ;;
  esac
  [ -d "$ROOT/fuzz/corpus/$name" ] && cp "$ROOT/fuzz/corpus/$name"/* "$corpus/" 2>/dev/null || true
  options=(-max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$WORK/artifacts-$name/")
  # libFuzzer's default -max_len is the largest seed (at least 4 KiB): the
  # 34 KB example boot logs let every kernel-log input grow that long, a
  # tenth of the executions. 4 KiB holds some 60 lines: every prefix, family
  # and boot boundary.
  case "$stem" in dmesg|compare) options+=(-max_len=4096) ;; esac
  # A table's bytes: the repository's tables and fixtures are at most 302
  # bytes (a 16x16 SLIT is 300), and 320 hold any of them whole. The decoder,
  # the dumps and the encoder work field by field and record by record, so a
  # longer table tries nothing a shorter one does not, at a cost linear in its
  # length: 300,000 runs from the same seeds (-seed=1) reached the same edges
  # at 320 as at 512 (roundtrip_fuzz 585, dump_json_fuzz 517), the features
  # 512 adds being higher hit counts of the record loops, and ran 1.14
  # (dump_json_fuzz) to 1.21 (roundtrip_fuzz) times as fast. With the default
  # (4 KiB) the inputs grew to 728 bytes within 20 s and the dumps' rate fell
  # by a quarter.
  case "$stem" in decode|dump_text|dump_json|roundtrip) options+=(-max_len=320) ;; esac
  # JSON text: 1 KiB holds every token, escape and nesting the reader knows
  # (the schemas, up to 13 KB, are seeds for their keys and layout).
  case "$stem" in json_reader) options+=(-max_len=1024) ;; esac
  dict=$stem
  case "$stem" in
    roundtrip|dump_text|dump_json) dict=decode ;;  # the same input: a table's bytes
    compare) dict=dmesg ;;          # a kernel log
  esac
  [ -f "$ROOT/fuzz/$dict.dict" ] && options+=(-dict="$ROOT/fuzz/$dict.dict")
  log=$WORK/$name.log
  status=0
  ticks_before=$(cpu_ticks)
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$target" "${options[@]}" "$corpus" >"$log" 2>&1 || status=$?
  cpu=$(awk -v t="$(($(cpu_ticks) - ticks_before))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }')
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  units=$(find "$corpus" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    rates=$(awk -v e="${execs:-0}" -v s="$SECONDS_PER_TARGET" -v c="$cpu" \
      'BEGIN { printf "%.0f exec/s, %.0f per CPU second (%s s CPU)", e / s, (c > 0 ? e / c : 0), c }')
    echo "$name: ok, ${execs:-?} execs in ${SECONDS_PER_TARGET} s: $rates; cov ${cov:-?} edges, ft ${ft:-?}, corpus $units; load $(cut -d' ' -f1 /proc/loadavg)"
  else
    failed=1; keep=1
    echo "$name: FAILED (exit $status) after ${execs:-?} execs; log $log; reproducer(s):"
    find "$WORK/artifacts-$name" -type f | sed 's/^/  /'
    grep -E 'ERROR|runtime error|SUMMARY|fuzz property|what\(\)' "$log" | head -5 | sed 's/^/  /' || true
  fi
done
exit "$failed"
