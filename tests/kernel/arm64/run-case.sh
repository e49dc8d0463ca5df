#!/bin/bash
# Usage: run-case.sh CASE_DIR [KERNEL_FILTER]
# Boots one case on Debian's arm64 kernels (setup.sh fetched them) under qemu-system-aarch64 (virt, GICv3, TCG,
# UEFI from qemu-efi-aarch64, ACPI forced) and writes what the kernel decided to CASE_DIR/out/<uname -r>/ in the x86
# oracle's format (../../../../shared/oracle/README.md): kernel.log, layout.txt, guest-<SIG>.dat (+ .dsl), meta.txt.
#   CASE_DIR may contain:
#     qemu-args  extra QEMU arguments (shell words; # lines are comments). Defaults when absent: -m 2G -smp 2
#                (-M is always virt,gic-version=3 unless the case gives its own -M).
#     *.dsl      iasl data-table sources, compiled to out/NAME.aml; *.dat binary tables taken as they are
#     cmdline    extra kernel command-line words
#   QEMU's virt machine has no -acpitable. The tables reach the kernel through its table upgrade from the initrd
#   (CONFIG_ACPI_TABLE_UPGRADE, drivers/acpi/tables.c acpi_table_upgrade()): an uncompressed cpio holding
#   kernel/firmware/acpi/NAME.aml, placed before the initramfs. A table whose signature, OEM ID and OEM Table ID
#   match one QEMU built (QEMU's are "BOCHS " / "BXPC    ") replaces it ("Table Upgrade: override"); any other
#   is added ("Table Upgrade: install").
#   KERNEL_FILTER: a substring of the kernel's uname -r; default every kernel in the cache.
# Env: ORACLE_TIMEOUT (s, default 900), ORACLE_CPU (default cortex-a57).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../serial-log.sh"
C=${ORACLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/numaplan-oracle}/arm64
CASE=$(cd "$1" && pwd); FILTER=${2:-}
[ -f "$C/initramfs.cpio.gz" ] || { echo "run $HERE/setup.sh first" >&2; exit 2; }
# UEFI in the two flash banks as on a real virt guest (AAVMF from qemu-efi-aarch64; the variable store a throw-away
# snapshot). UEFI's memory map gives the kernel the variable-store bank (0x04000000-0x07ffffff) as memory, which
# QEMU's own SRAT does not cover: 6.1 then gives up NUMA ("NUMA: Warning: invalid memblk node 16 [mem
# 0x0000000004000000-0x0000000007ffffff]"); cases that want NUMA inject an SRAT that covers it.
FW=(-drive if=pflash,format=raw,readonly=on,file=/usr/share/AAVMF/AAVMF_CODE.fd
    -drive if=pflash,format=raw,snapshot=on,file=/usr/share/AAVMF/AAVMF_VARS.fd)
mkdir -p "$CASE/out"
# The table-upgrade cpio: every table of the case under kernel/firmware/acpi/.
U=$(mktemp -d); trap 'rm -rf "$U"' EXIT
mkdir -p "$U/kernel/firmware/acpi"
for dsl in "$CASE"/*.dsl; do
  [ -e "$dsl" ] || continue
  b=$(basename "$dsl" .dsl)
  iasl -p "$CASE/out/$b" "$dsl" > "$CASE/out/$b.iasl.log" 2>&1 || { echo "iasl failed on $dsl"; cat "$CASE/out/$b.iasl.log"; exit 3; }
  cp "$CASE/out/$b.aml" "$U/kernel/firmware/acpi/$b.aml"
done
for dat in "$CASE"/*.dat; do
  [ -e "$dat" ] || continue
  cp "$dat" "$U/kernel/firmware/acpi/$(basename "$dat" .dat).aml"
done
INITRD=$C/initramfs.cpio.gz
if [ -n "$(ls "$U/kernel/firmware/acpi")" ]; then
  (cd "$U" && find kernel | busybox cpio -o -H newc 2>/dev/null > "$U/upgrade.cpio")
  cat "$U/upgrade.cpio" "$C/initramfs.cpio.gz" > "$U/initrd.img"
  INITRD=$U/initrd.img
fi
EXTRA=()
if [ -f "$CASE/qemu-args" ]; then
  # shellcheck disable=SC2207
  eval "EXTRA=($(grep -v '^[[:space:]]*#' "$CASE/qemu-args" | tr '\n' ' '))"
fi
CMDX=""; [ -f "$CASE/cmdline" ] && CMDX=$(grep -v '^#' "$CASE/cmdline" | tr '\n' ' ')
HAS_M=0; HAS_SMP=0; HAS_MACH=0
for a in "${EXTRA[@]}"; do case "$a" in -m) HAS_M=1;; -smp) HAS_SMP=1;; -M|-machine) HAS_MACH=1;; esac; done
BASE=(-nodefaults -no-user-config -display none -no-reboot -serial stdio -accel tcg -cpu "${ORACLE_CPU:-cortex-a57}" "${FW[@]}")
[ $HAS_MACH = 1 ] || BASE+=(-M virt,gic-version=3)
[ $HAS_M = 1 ] || BASE+=(-m 2G)
[ $HAS_SMP = 1 ] || BASE+=(-smp 2)
rc_all=0
for kdir in "$C"/kernels/*; do
  vmlinuz=$(ls "$kdir"/boot/vmlinuz-* 2>/dev/null | head -1); [ -n "$vmlinuz" ] || continue
  kver=${vmlinuz##*/vmlinuz-}
  [ -n "$FILTER" ] && [[ "$kver" != *"$FILTER"* ]] && continue
  O="$CASE/out/$kver"; rm -rf "$O"; mkdir -p "$O"
  # acpi=force: the virt machine hands the kernel a device tree too, which arm64 prefers otherwise.
  APPEND="console=ttyAMA0,115200 earlycon panic=-1 acpi=force $CMDX"
  Q=(qemu-system-aarch64 "${BASE[@]}" "${EXTRA[@]}" -kernel "$vmlinuz" -initrd "$INITRD" -append "$APPEND")
  t0=$(date +%s.%N)
  timeout "${ORACLE_TIMEOUT:-900}" "${Q[@]}" </dev/null > "$O/kernel.log.raw" 2> "$O/qemu.stderr"; rc=$?
  t1=$(date +%s.%N)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
  { printf 'qemu:'; printf ' %q' "${Q[@]}" | sed "s|$U/initrd.img|<upgrade cpio of the case's tables>+initramfs|"; echo
    echo "accel: tcg"; echo "wall_s: $wall"; echo "qemu_rc: $rc"; } > "$O/meta.txt"
  done_ok=yes; oracle_split_serial_log "$O" || { done_ok=no; rc_all=1; }
  for dat in "$O"/guest-*.dat; do  # each table's iasl disassembly beside it, to read
    [ -e "$dat" ] || continue; (cd "$O" && iasl -d "${dat##*/}" > /dev/null 2>&1) || true
  done
  echo "[$kver/tcg] $(basename "$CASE"): wall=${wall}s complete=$done_ok -> $O"
done
exit $rc_all
