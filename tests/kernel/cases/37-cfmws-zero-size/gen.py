#!/usr/bin/env python3
"""A zero-size CFMWS at 16G still takes a fake PXM and a possible node (node 2); the next window [20G, 21G) -> node 3."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

# SRAT: CPU0/PXM0 RAM [0,1G), CPU1/PXM1 RAM [1G,2G) + hot-pluggable [4G,8G) (not RAM)
write(os.path.join(HERE, "srat.dsl"), dsl_srat("CFMWS", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1, 1 * GiB, 1 * GiB),
    dsl_mem(1, 4 * GiB, 4 * GiB, hotplug=1),
]))
write(os.path.join(HERE, "cedt.dat"), cedt_bin("CFMWS", [cedt_chbs(7)] + [
    cedt_cfmws(0x400000000, 0),  # zero size
    cedt_cfmws(0x500000000, 1 * GiB),  # normal
]))
