#!/usr/bin/env python3
"""Two overlapping ranges of the SAME PXM (PXM 0 [0, 1G) and [512M, 1.5G)): numa_cleanup_meminfo only warns ('Warning: node 0 [mem ...] overlaps with itself [mem ...]') and merges them; PXM 1 [1.5G, 2G). Compare 12 (different PXMs: NUMA rejected)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("SELFOVL", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(0, 512 * MiB, 1 * GiB, comment="overlaps the first PXM 0 range"),
    dsl_mem(1, 1536 * MiB, 512 * MiB),
]))
