#!/usr/bin/env python3
"""tools/mksrat.py OUT [CYCLES]: a valid SRAT of CYCLES x (Processor Local
APIC, x2APIC and Memory Affinity), 16 + 24 + 40 bytes each; the default 13,100
cycles make 39,300 entries in 1,048,048 bytes (1 MiB), 64 proximity domains,
256 MiB memory blocks one after another. The input of
tools/bench-dump-vs-iasl.sh."""
import struct
import sys

out = sys.argv[1]
cycles = int(sys.argv[2]) if len(sys.argv) > 2 else 13100
subtables = bytearray()
for i in range(cycles):
    pxm = i % 64
    subtables += struct.pack('<BBBBIB3sI', 0, 16, pxm, i & 0xFF, 1, 0, bytes(3), 0)
    subtables += struct.pack('<BBHIIIII', 2, 24, 0, pxm, 0x10000 + i, 1, 0, 0)
    subtables += struct.pack('<BBIHQQIIQ', 1, 40, pxm, 0, i << 28, 1 << 28, 0, 1, 0)
table = bytearray(b'SRAT' + struct.pack('<IBB', 48 + len(subtables), 3, 0) + b'NUMAPL' + b'BENCHSRT' +
                  struct.pack('<I', 1) + b'NMPL' + struct.pack('<I', 1) + struct.pack('<IQ', 1, 0)) + subtables
table[9] = (-sum(table)) & 0xFF
with open(out, 'wb') as f:
    f.write(table)
print(len(table), 3 * cycles)
