#!/bin/bash
# Usage: run-case.sh CASE_DIR [KERNEL_FILTER]
# Boots one case on Debian's riscv64 kernels (setup.sh fetched them and QEMU 10.0) under qemu-system-riscv64 (virt,
# acpi=on, TCG, OpenSBI then UEFI from qemu-efi-riscv64) and writes what the kernel decided to CASE_DIR/out/<uname -r>/
# in the x86 oracle's format (../../../../shared/oracle/README.md): kernel.log, layout.txt, guest-<SIG>.dat, meta.txt.
#   CASE_DIR contains:
#     qemu-args  extra QEMU arguments (shell words; # lines are comments). Defaults when absent: -m 2G -smp 2.
#     cmdline    extra kernel command-line words (optional)
#   The tables are QEMU's own, from -numa: Debian's riscv64 kernels lack CONFIG_ACPI_TABLE_UPGRADE (6.12's riscv has
#   no ARCH_HAS_ACPI_TABLE_UPGRADE; 7.2's config leaves it unset), so no table can be injected from the initrd.
#   KERNEL_FILTER: a substring of the kernel's uname -r; default every kernel in the cache.
# Env: ORACLE_TIMEOUT (s, default 900).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../serial-log.sh"
C=${ORACLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/numaplan-oracle}/riscv64
CASE=$(cd "$1" && pwd); FILTER=${2:-}
[ -f "$C/initramfs.cpio.gz" ] || { echo "run $HERE/setup.sh first" >&2; exit 2; }
Q=$C/qemu
mkdir -p "$CASE/out"
VARS=$(mktemp); trap 'rm -f "$VARS"' EXIT
EXTRA=()
if [ -f "$CASE/qemu-args" ]; then
  # shellcheck disable=SC2207
  eval "EXTRA=($(grep -v '^[[:space:]]*#' "$CASE/qemu-args" | tr '\n' ' '))"
fi
CMDX=""; [ -f "$CASE/cmdline" ] && CMDX=$(grep -v '^#' "$CASE/cmdline" | tr '\n' ' ')
HAS_M=0; HAS_SMP=0
for a in "${EXTRA[@]}"; do case "$a" in -m) HAS_M=1;; -smp) HAS_SMP=1;; esac; done
# OpenSBI (forky's, -bios) then EDK2 in the two flash banks (the variable store a throw-away copy).
BASE=(-L "$Q/usr/share/qemu" -nodefaults -no-user-config -display none -no-reboot -serial stdio -accel tcg
      -bios "$Q/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
      -M virt,acpi=on,pflash0=code,pflash1=vars
      -blockdev "node-name=code,driver=file,filename=$Q/usr/share/qemu-efi-riscv64/RISCV_VIRT_CODE.fd,read-only=on"
      -blockdev "node-name=vars,driver=file,filename=$VARS")
[ $HAS_M = 1 ] || BASE+=(-m 2G)
[ $HAS_SMP = 1 ] || BASE+=(-smp 2)
rc_all=0
for kdir in "$C"/kernels/*; do
  vmlinuz=$(ls "$kdir"/boot/vmlinu* 2>/dev/null | head -1); [ -n "$vmlinuz" ] || continue
  kver=${vmlinuz##*/vmlinu?-}
  [ -n "$FILTER" ] && [[ "$kver" != *"$FILTER"* ]] && continue
  O="$CASE/out/$kver"; rm -rf "$O"; mkdir -p "$O"
  cp "$Q/usr/share/qemu-efi-riscv64/RISCV_VIRT_VARS.fd" "$VARS"
  APPEND="console=ttyS0 earlycon panic=-1 acpi=force $CMDX"
  QC=("$Q/usr/bin/qemu-system-riscv64" "${BASE[@]}" "${EXTRA[@]}" -kernel "$vmlinuz" -initrd "$C/initramfs.cpio.gz"
      -append "$APPEND")
  t0=$(date +%s.%N)
  timeout "${ORACLE_TIMEOUT:-900}" "${QC[@]}" </dev/null > "$O/kernel.log.raw" 2> "$O/qemu.stderr"; rc=$?
  t1=$(date +%s.%N)
  [ -s "$O/qemu.stderr" ] || rm -f "$O/qemu.stderr"
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
  { printf 'qemu:'; printf ' %q' "${QC[@]}" | sed "s|$VARS|<copy of RISCV_VIRT_VARS.fd>|; s|$C|<cache>|g"; echo
    echo "accel: tcg"; echo "wall_s: $wall"; echo "qemu_rc: $rc"; } > "$O/meta.txt"
  done_ok=yes; oracle_split_serial_log "$O" || { done_ok=no; rc_all=1; }
  echo "[$kver/tcg] $(basename "$CASE"): wall=${wall}s complete=$done_ok -> $O"
done
exit $rc_all
