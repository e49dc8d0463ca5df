#!/usr/bin/env python3
"""PXM 1 holds only [0x7fe00000, 0x80000000) (2 MiB, of which e820 RAM ends at 0x7ffe0000): a node smaller than the old x86 NODE_MIN_SIZE (4 MiB). Both kernels keep it: node 1 is online with 1.9 MiB of RAM (no minimum-size check)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("TINYNODE", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 0x7FE00000),
    dsl_mem(1, 0x7FE00000, 2 * MiB, comment="2 MiB node"),
]))
