#!/usr/bin/env python3
"""SRAT does not describe RAM below 1M (e820 [0, 0x9fbff] usable, 639K): the missing RAM is under the 1MB tolerance, so the coverage check passes and NUMA is used. But that RAM keeps no node in memblock (6.1: nid MAX_NUMNODES, 'Usage of MAX_NUMNODES is deprecated' warning, 'node 1024: [mem ...1000-...9efff]' in Early memory node ranges; 6.12: 'node  -1: [mem ...]') and BOTH kernels oops in free_area_init (NULL pointer dereference) and panic: the oracle run never completes (meta.txt: complete: no)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("GAP1M", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0x100000, 1 * GiB - 0x100000),
    dsl_mem(1, 1 * GiB, 1 * GiB),
]))
