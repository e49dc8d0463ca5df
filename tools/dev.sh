#!/usr/bin/env bash
# The README's two commands on a fresh Debian 12 machine:
#   tools/dev.sh example   install what is missing, build, run numaplan on tables/examples/
#   tools/dev.sh test      install what is missing, build, run every test, the fuzzers
#                          (36 s each: twelve targets) and the whole suite again under ASan+UBSan
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${NUMAPLAN_BUILD:-$ROOT/build}
FUZZ_SECONDS=${NUMAPLAN_FUZZ_SECONDS:-36}  # twelve targets: 7 min 12 s
JOBS=${NUMAPLAN_JOBS:-$(nproc)}
PACKAGES=(cmake ninja-build g++ clang libclang-rt-14-dev libcli11-dev libspdlog-dev nlohmann-json3-dev
          libgtest-dev libgmock-dev libbenchmark-dev acpica-tools python3 python3-jsonschema ca-certificates
          zsh)  # zsh: the completion test loads _numaplan in it (tests/tools/docs_cli_test.cpp)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
}

build() {  # build DIR [cmake options...] [-- ninja targets...]
  local dir=$1; shift
  local options=() targets=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do options+=("$1"); shift; done
  [ $# -gt 0 ] && shift && targets=("$@")
  cmake -S "$ROOT" -B "$dir" -G Ninja "${options[@]}" >/dev/null
  ninja -C "$dir" -j "$JOBS" "${targets[@]}"
}

# The example: the numaplan binary only (not the tests), in the build folder
# and type `test` uses, so that a later `test` reuses what it compiled.
run_example() {
  build "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -- numaplan
  local dir=$ROOT/tables/examples
  local run=("$BUILD/numaplan")
  cd "$dir"
  echo
  echo "== numaplan dump qemu-2node-cxl.acpidump.txt: every field of the example's NUMA tables (SRAT, SLIT, CEDT)"
  "${run[@]}" dump qemu-2node-cxl.acpidump.txt
  echo
  echo "== numaplan map --memmap qemu-2node-cxl.e820.log qemu-2node-cxl.acpidump.txt: the nodes Linux builds"
  "${run[@]}" map --memmap qemu-2node-cxl.e820.log qemu-2node-cxl.acpidump.txt
  echo
  echo "== numaplan map --compare-dmesg qemu-2node-cxl.dmesg-6.12.log ...: the prediction against a real 6.12 boot"
  "${run[@]}" map --memmap qemu-2node-cxl.e820.log --compare-dmesg qemu-2node-cxl.dmesg-6.12.log \
    qemu-2node-cxl.acpidump.txt
  echo
  echo "== numaplan plan --memmap qemu-2node-cxl.e820.log --standby 2 qemu-2node-cxl.acpidump.txt: two standby nodes"
  "${run[@]}" plan --memmap qemu-2node-cxl.e820.log --standby 2 qemu-2node-cxl.acpidump.txt
}

run_tests() {
  build "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo
  # Debian 13's iasl for the CEDT / SRAT 6-7 cross-check (DESIGN §7); without it those tests say SKIPPED and why.
  if NUMAPLAN_IASL_NEW=$("$ROOT/tools/provision-iasl.sh"); then export NUMAPLAN_IASL_NEW; else unset NUMAPLAN_IASL_NEW; fi
  (cd "$BUILD" && ctest --output-on-failure -j "$JOBS")
  echo "== fuzzing, ${FUZZ_SECONDS} s per target"
  build "$BUILD-fuzz" -DCMAKE_CXX_COMPILER=clang++ -DNUMAPLAN_FUZZ=ON -DNUMAPLAN_TESTS=OFF -DNUMAPLAN_BENCH=OFF
  "$ROOT/tools/fuzz-smoke.sh" "$BUILD-fuzz" "$FUZZ_SECONDS"
  echo "== the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer"
  build "$BUILD-asan" -DCMAKE_BUILD_TYPE=Debug -DNUMAPLAN_SANITIZE=ON -DNUMAPLAN_BENCH=OFF
  (cd "$BUILD-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$JOBS")
}

install_missing
case "${1:-}" in
  example) run_example ;;
  test) run_tests ;;
  *) echo "usage: $0 example|test" >&2; exit 2 ;;
esac
