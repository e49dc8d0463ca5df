#!/usr/bin/env python3
"""Same tables as 03 with SRAT revision 2: the LAPIC hi bytes count (PXM 0x101) and memory PXMs are 32-bit, so PXM 0x102 is a third (memory-only) node and PXM 2 is CPU-only."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("PXMHI2", [
    dsl_lapic(0x01, 0, pxm_hi=0x000001, comment="PXM low 0x01, high 0x000001: PXM 0x101 if revision >= 2, else 1"),
    dsl_lapic(0x02, 1, comment="PXM 2"),
    dsl_mem(0x101, 0, 1 * GiB, comment="PXM 0x101 (0x01 when masked to 8 bits)"),
    dsl_mem(0x102, 1 * GiB, 1 * GiB, comment="PXM 0x102 (0x02 when masked to 8 bits)"),
], rev=2, comment="SRAT header revision 2"))
