#!/bin/bash
# Regenerates the oracle cases of the generate tests from tables/examples/*.json
# and boots them: tests/generate/cases/NAME/ gets the generated tables
# (*.dat, tables.acpidump, qemu.args) and qemu-args (qemu.args without the
# -acpitable lines: run-case.sh injects every *.dat itself), then
# ../shared/oracle/run-case.sh writes out/<kernel>/. By-products that are not
# golden data (iasl's .dsl, qemu.stderr) are removed.
# Usage (from the repository root): tests/generate/make-cases.sh BUILD_DIR [NAME...]
set -euo pipefail
BUILD=${1:?usage: make-cases.sh BUILD_DIR [NAME...]}; shift
ORACLE=${NUMAPLAN_ORACLE:-../shared/oracle}
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(cd tables/examples && ls *.json | sed 's/\.json$//'))
for name in "${names[@]}"; do
  case_dir=tests/generate/cases/$name
  rm -rf "$case_dir"
  "$BUILD/numaplan" generate --spec "tables/examples/$name.json" --out "$case_dir" >/dev/null
  grep -v -e '^#' -e '^-acpitable' "$case_dir/qemu.args" > "$case_dir/qemu-args"
  "$ORACLE/run-case.sh" "$case_dir"
  rm -f "$case_dir"/out/*/*.dsl "$case_dir"/out/*/qemu.stderr
done
