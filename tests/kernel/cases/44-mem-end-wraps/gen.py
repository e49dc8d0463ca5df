#!/usr/bin/env python3
"""Memory entry for a new PXM 2 whose base + length wraps past 2^64 (end < start): numa_add_memblk warns 'Warning: invalid memblk node 2 [mem ...]' and ignores the block but returns 0, so node_set(numa_nodes_parsed) still runs: node 2 is possible without memory."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("MEMWRAP", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
    dsl_mem(2, 0xFFFFFFFF00000000, 0x200000000, comment="end = 0x1_0000_0000 after the 64-bit wrap"),
]))
