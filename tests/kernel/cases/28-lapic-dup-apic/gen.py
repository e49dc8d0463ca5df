#!/usr/bin/env python3
"""APIC 0 appears twice (PXM 0, then PXM 1): both PXMs get nodes, the later entry wins for the CPU (CPU 0 in node 1); APIC 1 -> PXM 0."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("DUPAPIC", [
    dsl_lapic(0, 0),
    dsl_lapic(1, 0, comment="same APIC id 0, other PXM"),
    dsl_lapic(0, 1),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
