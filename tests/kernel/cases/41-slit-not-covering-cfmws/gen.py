#!/usr/bin/env python3
"""2-node SRAT, a 3x3 SLIT (PXM 2 row = 3x) and a CFMWS [16G, 17G) that becomes fake PXM 2 -> node 2. The SLIT is parsed before the CEDT, when PXM 2 has no node yet: its row is skipped and the distance table is sized for 2 nodes ('Initialized distance table, cnt=2'), so node 2 would be 20 from everything (not visible in sysfs: node 2 stays offline)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("SLITCFM", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
write(os.path.join(HERE, "slit.dsl"), dsl_slit("SLITCFM", [[10, 21, 31], [21, 10, 32], [33, 34, 10]]))
write(os.path.join(HERE, "cedt.dat"), cedt_bin("SLITCFM", [cedt_chbs(7), cedt_cfmws(0x400000000, 1 * GiB)]))
