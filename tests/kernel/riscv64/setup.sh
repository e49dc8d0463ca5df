#!/bin/bash
# riscv64 oracle, one-time setup: Debian's riscv64 kernels (6.12 from trixie; the 7.x line as forky has it, 7.2.12:
# trixie-backports' 7.3.4 riscv64 package is listed but not on the mirror), QEMU 10.0 from bookworm-backports, EDK2
# (qemu-efi-riscv64) and OpenSBI from forky, a static riscv64 busybox, and the initramfs built from the x86 oracle's
# own /init, so the guest prints the same ===ORACLE-BEGIN=== block and the same replay and verdict parsers read it.
# Nothing is installed: private apt directories under $ORACLE_CACHE/riscv64 have their own source lists, lists and an
# empty dpkg status, and `apt-get download` + `dpkg -x` unpack every package there. Why not the host's packages:
# bookworm's QEMU 7.2 builds no ACPI tables for the riscv virt machine (acpi=on came with QEMU 8.0), and bookworm's
# OpenSBI 1.1 leaves its own memory usable in the EFI memory map (the kernel faults in clear_page() writing to it).
# Debian has no riscv64 kernel of the 5.10 and 6.1 lines (riscv64 is an official architecture from Debian 13 on),
# and those lines read no SRAT on riscv64 anyway.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ORACLE=${NUMAPLAN_ORACLE:-$HERE/../../../../shared/oracle}  # as boot-cases.sh: the oracle next to the repository
C=${ORACLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/numaplan-oracle}/riscv64
mkdir -p "$C"
command -v busybox >/dev/null || { apt-get update; DEBIAN_FRONTEND=noninteractive apt-get install -y busybox-static; }
K="signed-by=/usr/share/keyrings/debian-archive-keyring.gpg"
apt_dir() {  # NAME ARCHS SOURCES...: a private apt directory, updated
  local A=$C/apt-$1 archs=$2; shift 2
  mkdir -p "$A/lists/partial" "$A/cache/archives/partial"
  printf '%s\n' "$@" > "$A/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$A/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$A/lists"
              -o "Dir::Cache=$A/cache" -o Dir::State::status=/dev/null)
  for a in ${archs//,/ }; do opts+=(-o "APT::Architectures::=$a"); done
  opts+=(-o "APT::Architecture=${archs%%,*}")
  apt-get "${opts[@]}" update -qq
  printf '%s\n' "${opts[@]}" > "$A/opts"
}
apt_of() { mapfile -t APT < "$C/apt-$1/opts"; }
apt_dir rv riscv64,all \
  "deb [arch=riscv64 $K] http://deb.debian.org/debian trixie main" \
  "deb [arch=riscv64 $K] http://deb.debian.org/debian-security trixie-security main" \
  "deb [arch=riscv64,all $K] http://deb.debian.org/debian forky main"
apt_dir host amd64,all "deb [arch=amd64,all $K] http://deb.debian.org/debian bookworm-backports main"
cd "$C"
apt_of host
for p in qemu-system-riscv qemu-system-common qemu-system-data; do
  ls "${p}"_*.deb >/dev/null 2>&1 || apt-get "${APT[@]}" download "$p"
done
apt_of rv
newest() { apt-cache "${APT[@]}" search "$1" | awk '{print $1}' | sort -V | tail -1; }
K612=${K612:-$(newest '^linux-image-6\.12\.[0-9]+\+deb13-riscv64$')}
K7=${K7:-$(newest '^linux-binary-7\.[0-9]+\.[0-9]+\+deb14-riscv64$')}
for p in qemu-efi-riscv64 opensbi busybox-static "$K612" "$K7" "${K7/linux-binary/linux-base}"; do
  ls "${p}"_*.deb >/dev/null 2>&1 || apt-get "${APT[@]}" download "$p"
done
rm -rf "$C/qemu" && mkdir -p "$C/qemu"
for p in qemu-system-riscv qemu-system-common qemu-system-data qemu-efi-riscv64 opensbi; do dpkg -x "${p}"_*.deb "$C/qemu"; done
"$C/qemu/usr/bin/qemu-system-riscv64" --version | head -1
for pkg in "$K612" "$K7"; do
  d=$C/kernels/$pkg; mkdir -p "$d"
  if [ -z "$(ls "$d"/boot/vmlinu* 2>/dev/null)" ]; then
    dpkg -x "${pkg}"_*.deb "$d"
    [ "$pkg" = "$K7" ] && dpkg -x "${K7/linux-binary/linux-base}"_*.deb "$d"
    for v in "$d"/usr/lib/modules/*/vmlinuz; do  # linux-binary: the image lives with the modules
      [ -e "$v" ] || continue
      mkdir -p "$d/boot"; ln -sf "../usr/lib/modules/$(basename "$(dirname "$v")")/vmlinuz" "$d/boot/vmlinuz-$(basename "$(dirname "$v")")"
    done
  fi
done
# initramfs: Debian's static riscv64 busybox (unpacked, not installed) + the x86 oracle's /init
rm -rf "$C/bb" "$C/initrd" && dpkg -x busybox-static_*_riscv64.deb "$C/bb" && mkdir -p "$C/initrd"/{bin,proc,sys,dev}
cp "$C/bb/usr/bin/busybox" "$C/initrd/bin/busybox"
cp "$ORACLE/initramfs/init" "$C/initrd/init"; chmod +x "$C/initrd/init"
(cd "$C/initrd" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -9 > "$C/initramfs.cpio.gz")
echo "kernels:"; ls "$C"/kernels/*/boot/vmlinu*
echo "initramfs: $C/initramfs.cpio.gz"
