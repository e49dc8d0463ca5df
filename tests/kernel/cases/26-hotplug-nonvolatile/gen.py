#!/usr/bin/env python3
"""Hot-pluggable and non-volatile ranges: PXM 1 has only a hot-pluggable range above RAM (possible, offline); PXM 2 a hot-pluggable non-volatile range above RAM; PXM 3 a non-volatile range on real RAM."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("HOTPLUG", [
    dsl_lapic(0, 0), dsl_lapic(0, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(3, 1 * GiB, 1 * GiB, nonvolatile=1, comment="non-volatile, on e820 RAM"),
    dsl_mem(1, 4 * GiB, 1 * GiB, hotplug=1, comment="hot-pluggable only node, not RAM"),
    dsl_mem(2, 5 * GiB, 1 * GiB, hotplug=1, nonvolatile=1, comment="hot-pluggable + non-volatile, not RAM"),
]))
