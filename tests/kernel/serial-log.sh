# Sourced by tests/kernel/arm64/run-case.sh and tests/kernel/riscv64/run-case.sh: what a guest printed on its serial
# console turned into the x86 oracle's files (../shared/oracle/README.md), as its run-case.sh writes them.

# oracle_split_serial_log OUT_DIR: OUT_DIR/kernel.log.raw (the console as QEMU's -serial stdio wrote it) becomes
# OUT_DIR/kernel.log, without the carriage returns and the escape sequences UEFI clears the screen with;
# layout.txt gets the initramfs' ===ORACLE-BEGIN/END=== block then its ===DMESG-BEGIN/END=== block after a
# "--- dmesg ---" line; each ===TABLE-BEGIN SIG=== hex block becomes guest-SIG.dat. Appends "complete: yes|no"
# (whether the initramfs reached ===ORACLE-DONE===) to meta.txt and returns 0 only when complete.
oracle_split_serial_log() {
  local O=$1 sig done_ok=no
  tr -d '\r' < "$O/kernel.log.raw" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' > "$O/kernel.log"; rm -f "$O/kernel.log.raw"
  awk '/^===ORACLE-BEGIN===/{p=1;next} /^===ORACLE-END===/{p=0} p' "$O/kernel.log" > "$O/layout.txt"
  { echo "--- dmesg ---"; awk '/^===DMESG-BEGIN===/{p=1;next} /^===DMESG-END===/{p=0} p' "$O/kernel.log"; } >> "$O/layout.txt"
  for sig in $(sed -n 's/^===TABLE-BEGIN \(.*\)===$/\1/p' "$O/kernel.log"); do
    awk -v s="$sig" '$0=="===TABLE-BEGIN " s "==="{p=1;next} $0=="===TABLE-END " s "==="{p=0} p' "$O/kernel.log" \
      | perl -ne 'chomp; print pack("H*", $_)' > "$O/guest-$sig.dat"
  done
  grep -q '^===ORACLE-DONE===' "$O/kernel.log" && done_ok=yes
  echo "complete: $done_ok" >> "$O/meta.txt"
  [ $done_ok = yes ]
}
