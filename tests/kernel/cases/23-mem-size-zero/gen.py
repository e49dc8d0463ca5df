#!/usr/bin/env python3
"""Memory entry with Address Length 0 for a new PXM 3: numa_add_memblk ignores the empty block, but the PXM gets a node, node_set(numa_nodes_parsed) runs and the line prints end = start - 1."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("MEMZERO", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1, 1 * GiB, 1 * GiB),
    dsl_mem(3, 0x200000000, 0, comment="empty range, PXM 3"),
]))
