#!/usr/bin/env python3
"""16 CFMWS windows of 1G at [16G + 2G*i, ...), none in SRAT: fake PXMs 2..17 -> nodes 2..17 in table order; possible 0-17, online 0-1."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("MANYCFM", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
write(os.path.join(HERE, "cedt.dat"), cedt_bin("MANYCFM", [cedt_chbs(7)] + [
    cedt_cfmws(0x400000000 + i * 2 * GiB, 1 * GiB) for i in range(16)]))
