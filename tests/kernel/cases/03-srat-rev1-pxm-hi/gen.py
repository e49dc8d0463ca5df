#!/usr/bin/env python3
"""SRAT revision 1: LAPIC proximity_domain_hi ignored and memory PXMs masked to 8 bits, so PXM 0x101/0x102 become 1/2 and match the CPUs: 2 nodes."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("PXMHI1", [
    dsl_lapic(0x01, 0, pxm_hi=0x000001, comment="PXM low 0x01, high 0x000001: PXM 0x101 if revision >= 2, else 1"),
    dsl_lapic(0x02, 1, comment="PXM 2"),
    dsl_mem(0x101, 0, 1 * GiB, comment="PXM 0x101 (0x01 when masked to 8 bits)"),
    dsl_mem(0x102, 1 * GiB, 1 * GiB, comment="PXM 0x102 (0x02 when masked to 8 bits)"),
], rev=1, comment="SRAT header revision 1"))
