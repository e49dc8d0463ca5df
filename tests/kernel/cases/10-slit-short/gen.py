#!/usr/bin/env python3
"""SLIT with 2 localities while 3 PXMs (0, 1, 2) are in use: PXM 2's row/column are not covered and node 2 keeps the default 20 (10 to itself)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("SLITSHRT", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1, 1 * GiB, 512 * MiB),
    dsl_mem(2, 1536 * MiB, 512 * MiB, comment="memory-only PXM 2, not in the SLIT"),
]))
write(os.path.join(HERE, "slit.dsl"), dsl_slit("SLITSHRT", [[10, 15], [16, 10]]))
