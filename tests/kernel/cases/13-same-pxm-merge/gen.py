#!/usr/bin/env python3
"""Same-PXM ranges [0,640K) [1M,1G) [1G,2G) merge into one block (two 'NUMA: Node 0 ... + ... -> ...' lines); PXM 1 has 4G-6G."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

# -m 4G on q35: RAM 0-2G and 4G-6G
write(os.path.join(HERE, "srat.dsl"), dsl_srat("MERGE", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 0xA0000),
    dsl_mem(0, 0x100000, 1 * GiB - 0x100000),
    dsl_mem(0, 1 * GiB, 1 * GiB),
    dsl_mem(1, 4 * GiB, 2 * GiB),
]))
