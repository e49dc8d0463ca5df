#!/usr/bin/env python3
"""PXM 0 [0, 1.5G) and PXM 1 [1G, 2G) overlap: numa_cleanup_meminfo() fails ('overlaps with node'), NUMA init fails and x86 falls back to one dummy node."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("OVERLAP", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1536 * MiB),
    dsl_mem(1, 1 * GiB, 1 * GiB),
]))
