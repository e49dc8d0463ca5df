#!/usr/bin/env python3
"""2049 memory entries = NR_NODE_MEMBLKS (2 * MAX_NUMNODES = 2048) + 1: PXM 1 [1G, 2G) first, then PXM 0 as 2048 blocks of 512K over [0, 1G). The last one fails in numa_add_memblk ('too many memblk ranges', 'ACPI: SRAT: Failed to add memblk to node 0 [mem 0x3ff80000-0x3fffffff]') -> bad_srat -> dummy node. cmdline log_buf_len=1M keeps the 2049 SRAT lines in dmesg. Binary (.dat)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

blocks = [srat_mem(0, i * 512 * 1024, 512 * 1024) for i in range(2048)]
write(os.path.join(HERE, "srat.dat"), srat_bin("MEMBLKS", [
    srat_lapic(0, 0), srat_lapic(1, 1),
    srat_mem(1, 1 * GiB, 1 * GiB),
] + blocks))
