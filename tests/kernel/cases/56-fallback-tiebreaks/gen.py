#!/usr/bin/env python3
"""The page allocator's fallback order (build_zonelists / find_next_best_node) with CPU-less and memoryless nodes at
several distances: PXMs 0 and 1 hold the CPUs and memory, PXMs 2 and 3 memory only, PXMs 4 and 5 only hot-pluggable
ranges beyond RAM (possible, no memory at boot). The SLIT makes equal distances that the kernel breaks by node id
("+1 for nodes below") and by node_load (round robin), and nearest nodes that have no memory (never listed)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("FALLBACK", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 512 * MiB),
    dsl_mem(1, 512 * MiB, 512 * MiB),
    dsl_mem(2, 1 * GiB, 512 * MiB, comment="CPU-less"),
    dsl_mem(3, 1536 * MiB, 512 * MiB, comment="CPU-less"),
    dsl_mem(4, 8 * GiB, 1 * GiB, hotplug=1, comment="memoryless at boot"),
    dsl_mem(5, 9 * GiB, 1 * GiB, hotplug=1, comment="memoryless at boot"),
]))
write(os.path.join(HERE, "slit.dsl"), dsl_slit("FALLBACK", [
    [10, 20, 20, 30, 25, 25],
    [20, 10, 30, 20, 25, 25],
    [20, 30, 10, 20, 17, 30],
    [30, 20, 20, 10, 30, 17],
    [25, 25, 17, 30, 10, 20],
    [25, 25, 30, 17, 20, 10],
]))
# no -numa: QEMU emits no SRAT/SLIT of its own; the tables come from *.dsl / *.dat
