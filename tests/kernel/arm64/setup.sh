#!/bin/bash
# arm64 oracle, one-time setup: Debian's arm64 kernels of the four lines the x86 oracle boots
# ($NUMAPLAN_ORACLE, default ../shared/oracle next to the repository), a static arm64 busybox, and the initramfs built from the x86 oracle's own /init, so
# the guest prints the same ===ORACLE-BEGIN=== block and the same replay and verdict parsers read it.
# Nothing is installed for arm64: a private apt directory under $ORACLE_CACHE/arm64 has its own source list
# ([arch=arm64]), lists and an empty dpkg status, and `apt-get download` + `dpkg -x` unpack the packages there, so
# the system's dpkg never gets a foreign architecture. The host needs qemu-system-arm and qemu-efi-aarch64
# (installed here through the system's apt when missing).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ORACLE=${NUMAPLAN_ORACLE:-$HERE/../../../../shared/oracle}  # as boot-cases.sh: the oracle next to the repository
C=${ORACLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/numaplan-oracle}/arm64
mkdir -p "$C"
if ! command -v qemu-system-aarch64 >/dev/null || [ ! -e /usr/share/qemu-efi-aarch64/QEMU_EFI.fd ] \
   || ! command -v iasl >/dev/null || [ ! -x /bin/busybox ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y qemu-system-arm qemu-efi-aarch64 acpica-tools busybox-static
fi
A=$C/apt; mkdir -p "$A/lists/partial" "$A/cache/archives/partial"
K="arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg"
cat > "$A/sources.list" <<SRC
deb [$K] http://deb.debian.org/debian bullseye main
deb [$K] http://deb.debian.org/debian bookworm main
deb [$K] http://deb.debian.org/debian-security bookworm-security main
deb [$K] http://deb.debian.org/debian trixie-backports main
SRC
APT=(-o "Dir::Etc::sourcelist=$A/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$A/lists"
     -o "Dir::Cache=$A/cache" -o Dir::State::status=/dev/null -o APT::Architectures::=arm64 -o APT::Architecture=arm64)
apt-get "${APT[@]}" update -qq
newest() { apt-cache "${APT[@]}" search "$1" | awk '{print $1}' | sort -V | tail -1; }
# The same four lines as the x86 oracle: 5.10 (bullseye), 6.1 (bookworm's linux-image-arm64 dependency),
# 6.12 +deb12 (bookworm-security) and the newest 7.x (trixie-backports, linux-binary-VERSION from 6.19 on).
K510=${K510:-$(newest '^linux-image-5\.10\.[0-9]+-[0-9]+-arm64-unsigned$')}
K61=${K61:-$(newest '^linux-image-6\.1\.0-[0-9]+-arm64-unsigned$')}
K612=${K612:-$(newest '^linux-image-6\.12\.[0-9]+\+deb12-arm64-unsigned$')}
K7=${K7:-$(newest '^linux-binary-7\.[0-9]+\.[0-9]+\+deb13-arm64$')}
cd "$C"
fetch() {  # download and unpack one package into kernels/PKG, link its vmlinuz into boot/
  local pkg=$1
  ls "${pkg}"_*.deb >/dev/null 2>&1 || apt-get "${APT[@]}" download "$pkg"
  local d=$C/kernels/$pkg; mkdir -p "$d"
  if [ -z "$(ls "$d"/boot/vmlinuz-* 2>/dev/null)" ]; then
    dpkg -x "${pkg}"_*.deb "$d"
    for v in "$d"/usr/lib/modules/*/vmlinuz; do
      [ -e "$v" ] || continue
      mkdir -p "$d/boot"; ln -sf "../usr/lib/modules/$(basename "$(dirname "$v")")/vmlinuz" "$d/boot/vmlinuz-$(basename "$(dirname "$v")")"
    done
  fi
}
for pkg in $K510 $K61 $K612 $K7; do fetch "$pkg"; done
# linux-binary-VERSION has no config; linux-base-VERSION holds it (boot/config-VERSION).
ls "${K7/linux-binary/linux-base}"_*.deb >/dev/null 2>&1 || apt-get "${APT[@]}" download "${K7/linux-binary/linux-base}"
dpkg -x "${K7/linux-binary/linux-base}"_*.deb "$C/kernels/$K7"
# The table upgrade from the initrd (drivers/acpi/tables.c, acpi_table_upgrade) is how run-case.sh injects tables:
# QEMU's virt machine has no -acpitable. Every kernel must have it built in.
for k in "$C"/kernels/*; do
  cfg=$(ls "$k"/boot/config-* "$k"/usr/lib/modules/*/config 2>/dev/null | head -1 || true)
  grep -qx 'CONFIG_ACPI_TABLE_UPGRADE=y' "$cfg" || { echo "$cfg: CONFIG_ACPI_TABLE_UPGRADE is not =y" >&2; exit 1; }
done
# initramfs: Debian's static arm64 busybox (unpacked, not installed) + the x86 oracle's /init
ls busybox-static_*_arm64.deb >/dev/null 2>&1 || apt-get "${APT[@]}" download busybox-static:arm64
rm -rf "$C/bb" "$C/initrd" && dpkg -x busybox-static_*_arm64.deb "$C/bb" && mkdir -p "$C/initrd"/{bin,proc,sys,dev}
cp "$C/bb/bin/busybox" "$C/initrd/bin/busybox"
cp "$ORACLE/initramfs/init" "$C/initrd/init"; chmod +x "$C/initrd/init"
(cd "$C/initrd" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -9 > "$C/initramfs.cpio.gz")
echo "kernels:"; ls "$C"/kernels/*/boot/vmlinuz-*
echo "initramfs: $C/initramfs.cpio.gz"
