#!/usr/bin/env python3
"""SRAT revision 1 with x2APIC PXM 0x100: x2APIC PXMs are never masked (PXM 256 -> node 0), but the memory entry with PXM 0x100 is masked to PXM 0 -> a new node 2. Node 0 is CPU-only."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("X2REV1", [
    dsl_x2apic(0x100, 0, comment="PXM 256, not masked"),
    dsl_x2apic(1, 1),
    dsl_mem(0x100, 0, 1 * GiB, comment="PXM 0x100 -> masked to 0 (revision 1)"),
    dsl_mem(1, 1 * GiB, 1 * GiB),
], rev=1, comment="SRAT header revision 1"))
