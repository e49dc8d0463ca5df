#!/usr/bin/env python3
"""Disabled entries are ignored and map no PXM: a disabled memory entry PXM 5 first, a disabled LAPIC APIC 1 -> PXM 4; an enabled LAPIC APIC 1 -> PXM 1 follows. Nodes: PXM 0 -> 0, PXM 1 -> 1 only."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("DISABLED", [
    dsl_mem(5, 0, 2 * GiB, enabled=0, comment="disabled memory entry, PXM 5"),
    dsl_lapic(0, 0),
    dsl_lapic(4, 1, enabled=0, comment="disabled LAPIC, PXM 4"),
    dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1, 1 * GiB, 1 * GiB),
]))
