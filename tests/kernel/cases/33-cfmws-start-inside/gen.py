#!/usr/bin/env python3
"""CFMWS [7G, 9G): start inside SRAT PXM 1's hot-pluggable [4G, 8G): numa_fill_memblks extends PXM 1, no new node."""
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
    cedt_cfmws(0x1C0000000, 2 * GiB),  # start inside PXM 1
]))
