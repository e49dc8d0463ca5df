#!/usr/bin/env python3
"""8x8 SLIT with sparse PXMs 5 and 2 (PXM 5 -> node 0, PXM 2 -> node 1): distances are picked by PXM: entry[i][j] = 16 + 8*i + j off the diagonal, so node0->node1 = entry[5][2] = 58, node1->node0 = entry[2][5] = 37."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("SLITBIG", [
    dsl_lapic(5, 0), dsl_lapic(2, 1),
    dsl_mem(5, 0, 1 * GiB), dsl_mem(2, 1 * GiB, 1 * GiB),
]))
m = [[10 if i == j else 16 + 8 * i + j for j in range(8)] for i in range(8)]
write(os.path.join(HERE, "slit.dsl"), dsl_slit("SLITBIG", m))
