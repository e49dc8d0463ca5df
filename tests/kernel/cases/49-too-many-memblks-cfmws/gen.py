#!/usr/bin/env python3
"""More than NR_NODE_MEMBLKS (2 * MAX_NUMNODES = 2048) memory blocks. QEMU 7.2 takes tables up to 64 KiB only, so SRAT alone cannot hold 2049 memory entries (at most 1636); the CFMWS windows add to the same numa_meminfo. SRAT: PXM 0 as 1024 blocks of 1M over [0, 1G), PXM 1 as 512 blocks of 1M over [1G, 1.5G) and 64 of 8M over [1.5G, 2G) (1600 blocks; cleanup merges them back: 1598 'NUMA: Node N ... + ... -> ...' lines). CEDT: 460 windows of 256M from 16G (fake PXMs 2-461): windows 1-448 fill the table to 2048 blocks; from window 449 on, numa_add_memblk fails ('too many memblk ranges', 'ACPI: ACPI NUMA: Failed to add memblk for CFMWS node 450 [mem ...]') but the node is still set: possible 0-461. cmdline log_buf_len=1M keeps every line in dmesg. Binary (.dat)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

srat = srat_bin("MEMBLKS", [srat_lapic(0, 0), srat_lapic(1, 1)] +
                [srat_mem(0, i * MiB, MiB) for i in range(1024)] +
                [srat_mem(1, GiB + i * MiB, MiB) for i in range(512)] +
                [srat_mem(1, GiB + 512 * MiB + i * 8 * MiB, 8 * MiB) for i in range(64)])
cedt = cedt_bin("MEMBLKS", [cedt_chbs(7)] + [cedt_cfmws(16 * GiB + i * 256 * MiB, 256 * MiB) for i in range(460)])
assert len(srat) <= 65535 and len(cedt) <= 65535, "QEMU 7.2 -acpitable limit"
write(os.path.join(HERE, "srat.dat"), srat)
write(os.path.join(HERE, "cedt.dat"), cedt)
