#!/usr/bin/env bash
# Boots the project's oracle cases through ../shared/oracle/run-case.sh, one
# kernel line after another, so their verdicts can be committed as golden data.
# Usage: tests/kernel/boot-cases.sh KERNEL_FILTER... [-- CASE_DIR...]
#   KERNEL_FILTER: a substring of `uname -r` (5.10.0, 6.1.0, 6.12, 7.3); CASE_DIR
#   defaults to every case of tests/kernel/cases, tests/kernel/shared-cases,
#   tests/generate/cases and tests/plan/cases.
# A case whose out/<uname>/meta.txt says "complete: yes" is skipped (FORCE=1 boots
# it again). TCG on a loaded host can fail the kernel's timer check ("IO-APIC +
# timer doesn't work!", or an "Oops: int3" in text patching): such a boot says nothing about NUMA and is retried
# (3 tries). Boots run at raised priority (nice -n -10 when root) for the same reason.
# A panicking guest hangs until ORACLE_TIMEOUT (150 s here).
# A case with acpi-upgrade.cpio and -numa in its qemu-args (plan --emit-tables' hot-plug form: QEMU then builds an
# SRAT of its own, which the planned one must replace) boots with that cpio before the oracle's initramfs, through a
# private cache whose kernels are the oracle's (run-case.sh takes one initrd, $ORACLE_CACHE/initramfs.cpio.gz).
# ARCH=arm64 boots through the arm64 oracle (tests/kernel/arm64, its kernels under the cache's arm64/; filters
# 5.10.0 6.1.0 6.12 7.3 as well); CASE_DIR defaults to every case of tests/kernel/arm64-cases. Its boots run at
# nice -n 10: arm64 under TCG has no timer check to fail, and the host is shared. ARCH=riscv64 likewise boots
# through tests/kernel/riscv64 (filters 6.12 7.2) the cases of tests/kernel/riscv64-cases.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ORACLE=${NUMAPLAN_ORACLE:-$ROOT/../shared/oracle}
CACHE=${ORACLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/numaplan-oracle}
ARCH=${ARCH:-x86_64}
case "$ARCH" in arm64|riscv64) ORACLE=$ROOT/tests/kernel/$ARCH; CACHE=$CACHE/$ARCH;; esac
filters=(); cases=()
while [ $# -gt 0 ]; do
  if [ "$1" = -- ]; then shift; cases=("$@"); break; fi
  filters+=("$1"); shift
done
[ ${#filters[@]} -gt 0 ] || { echo "usage: $0 KERNEL_FILTER... [-- CASE_DIR...]" >&2; exit 2; }
if [ ${#cases[@]} -eq 0 ] && [ "$ARCH" != x86_64 ]; then
  for d in "$ROOT"/tests/kernel/$ARCH-cases/*/; do [ -f "$d/qemu-args" ] && cases+=("${d%/}"); done
elif [ ${#cases[@]} -eq 0 ]; then
  for d in "$ROOT"/tests/kernel/cases/*/ "$ROOT"/tests/kernel/shared-cases/*/ "$ROOT"/tests/generate/cases/*/ \
           "$ROOT"/tests/plan/cases/*/; do
    [ -f "$d/qemu-args" ] && cases+=("${d%/}")
  done
fi
nice=(); [ "$(id -u)" -eq 0 ] && nice=(nice -n -10)
[ "$ARCH" != x86_64 ] && nice=(nice -n 10)
rc=0
for f in "${filters[@]}"; do
  for v in "$CACHE"/kernels/*/boot/vmlinu[xz]-*; do  # riscv64 6.12 ships its EFI image as vmlinux-VERSION
    kver=${v##*/vmlinu?-}
    [[ "$kver" == *"$f"* ]] || continue
    for c in "${cases[@]}"; do
      out=$c/out/$kver
      if [ "${FORCE:-0}" != 1 ] && grep -qx 'complete: yes' "$out/meta.txt" 2>/dev/null; then continue; fi
      cache=$CACHE
      if [ "$ARCH" = x86_64 ] && [ -f "$c/acpi-upgrade.cpio" ] && grep -q -- '-numa' "$c/qemu-args"; then
        cache=$(mktemp -d); ln -s "$CACHE/kernels" "$cache/kernels"
        cat "$c/acpi-upgrade.cpio" "$CACHE/initramfs.cpio.gz" > "$cache/initramfs.cpio.gz"
      fi
      for try in 1 2 3; do
        ORACLE_CACHE=$cache ORACLE_TIMEOUT=${ORACLE_TIMEOUT:-150} "${nice[@]}" "$ORACLE/run-case.sh" "$c" "$kver" && break
        grep -qE "IO-APIC \+ timer doesn.t work|Oops: int3" "$out/kernel.log" 2>/dev/null || { rc=1; break; }
        echo "retry $try: $c on $kver (timer check failed under load)"
      done
      if [ "$cache" != "$CACHE" ]; then
        sed -i -e "s|$cache/initramfs.cpio.gz|acpi-upgrade.cpio+initramfs.cpio.gz|" -e "s|$cache|$CACHE|g" "$out/meta.txt"; rm -rf "$cache"
      fi
    done
  done
done
exit $rc
