#!/usr/bin/env bash
# Hot-plugs a plan's reserved range at run time, as qemu.args' comment says (QEMU monitor: object_add, then
# device_add pc-dimm,...,node=N), on the oracle's kernels, and records what the guest saw in
# CASE_DIR/monitor/<uname -r>.log. CASE_DIR is a hot-plug case (tests/plan/cases/accelerator-hotplug): its
# qemu-args without the cold-plugged DIMM (-object memory-backend-ram,id=standby* / -device pc-dimm lines), its
# *.dat as -acpitable, its cmdline, and acpi-upgrade.cpio before the oracle's initramfs, whose /init a third cpio
# replaces: it prints has_memory, waits until the node's memory appears (at most 60 s), prints it again with the
# node's MemTotal and powers off. The monitor shares the serial console (-serial mon:stdio, Ctrl-A c switches).
# Usage: tests/kernel/hotplug-monitor.sh CASE_DIR NODE KERNEL_FILTER...
set -euo pipefail
CASE=$(cd "$1" && pwd); NODE=$2; shift 2
CACHE=${ORACLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/numaplan-oracle}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root" "$CASE/monitor"
cat > "$work/root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys
N=/sys/devices/system/node
echo "before: has_memory \$(cat \$N/has_memory)"
i=0
while [ ! -d \$N/node$NODE ] || [ "\$(awk '/MemTotal/ {print \$4}' \$N/node$NODE/meminfo)" = 0 ]; do
  i=\$((i + 1)); [ \$i -gt 60 ] && break; sleep 1
done
sleep 4  # the monitor's info memory-devices first: both share the console
echo "after: has_memory \$(cat \$N/has_memory)"
echo "after: node$NODE MemTotal_kB \$(awk '/MemTotal/ {print \$4}' \$N/node$NODE/meminfo)"
dmesg | grep -E 'Table Upgrade: override|SRAT: Node $NODE |Fallback order|zonelists' | sed 's/^\[[ 0-9.]*\] //' | sed 's/^/dmesg: /'
poweroff -f
INIT
chmod +x "$work/root/init"
(cd "$work/root" && echo init | busybox cpio -o -H newc 2>/dev/null > "$work/init.cpio")
# The kernel reads an archive after a compressed one only from a 4-byte boundary (init/initramfs.c unpack_to_rootfs()).
cat "$CASE/acpi-upgrade.cpio" "$CACHE/initramfs.cpio.gz" > "$work/initrd.img"
truncate -s %4 "$work/initrd.img"
cat "$work/init.cpio" >> "$work/initrd.img"
args=()
while read -r line; do
  case "$line" in '#'*|'') continue;; '-object memory-backend-ram,id=standby'*|'-device pc-dimm'*) continue;; esac
  read -ra words <<< "$line"; args+=("${words[@]}")
done < "$CASE/qemu-args"
for dat in "$CASE"/*.dat; do args+=(-acpitable "file=$dat"); done
dimm=$(sed -n "s/^-device \(pc-dimm,.*node=$NODE,.*\)$/\1/p" "$CASE/qemu-args")
backend=$(sed -n "s/^-object \(memory-backend-ram,id=standby$NODE,.*\)$/\1/p" "$CASE/qemu-args")
cmdline=$(grep -v '^#' "$CASE/cmdline" 2>/dev/null | tr '\n' ' ')
for f in "$@"; do
  for v in "$CACHE"/kernels/*/boot/vmlinuz-*; do
    kver=${v##*/vmlinuz-}
    [[ "$kver" == *"$f"* ]] || continue
    log=$CASE/monitor/$kver.log
    rm -f "$work/in"; mkfifo "$work/in"
    # The monitor commands once the guest said "before:", then the log stays open until QEMU exits.
    (
      exec 3> "$work/in"
      for _ in $(seq 300); do grep -q '^before:' "$work/raw" 2>/dev/null && break; sleep 1; done
      printf '\001c'; sleep 1
      printf 'object_add %s\n' "$backend"; sleep 2
      printf 'device_add %s\n' "$dimm"; sleep 1
      printf 'info memory-devices\n'; sleep 2
      printf '\001c'
      sleep 120
    ) 3> "$work/in" > "$work/in" &
    writer=$!
    timeout 300 qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot -accel tcg -serial mon:stdio \
      "${args[@]}" -kernel "$v" -initrd "$work/initrd.img" -append "console=ttyS0,115200 panic=-1 $cmdline" \
      < "$work/in" > "$work/raw" 2>&1 || true
    kill "$writer" 2>/dev/null || true
    # The monitor echoes each key it is typed: the log names the commands sent, then the lines that say something.
    { printf 'monitor: object_add %s\nmonitor: device_add %s\nmonitor: info memory-devices\n' "$backend" "$dimm"
      tr -d '\r' < "$work/raw" | sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' -e 's/^(qemu) //' |
        grep -aE '^(before|after|dmesg):|^Memory device|^  (addr|slot|node|size|memdev|hotplugged|hotpluggable):' || true
    } > "$log"
    echo "[$kver] $(grep -c . "$log") lines -> $log"
  done
done
