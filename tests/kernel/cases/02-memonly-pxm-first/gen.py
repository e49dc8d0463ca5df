#!/usr/bin/env python3
"""A memory-only PXM 0 listed FIRST in the table still gets the last node id: the CPU pass maps PXMs 1, 2 (nodes 0, 1) before the memory pass maps PXM 0 (node 2)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

# -m 3G on q35: RAM 0-2G (minus holes) and 4G-5G
write(os.path.join(HERE, "srat.dsl"), dsl_srat("MEMFIRST", [
    dsl_mem(0, 4 * GiB, 1 * GiB, comment="memory-only PXM 0, first entry of the table"),
    dsl_lapic(1, 0),
    dsl_lapic(2, 1),
    dsl_mem(1, 0, 1 * GiB),
    dsl_mem(2, 1 * GiB, 1 * GiB),
]))
