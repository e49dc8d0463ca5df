#!/usr/bin/env python3
"""LAPIC entry (SRAT revision 3) with PXM 0x400 = 1024 via proximity_domain_hi: 'SRAT: Too many proximity domains 400' -> bad_srat -> dummy node."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("LAPIC1K", [
    dsl_lapic(0, 0),
    dsl_lapic(0x00, 1, pxm_hi=0x000004, comment="PXM 0x400 = 1024"),
    dsl_mem(0, 0, 2 * GiB),
]))
