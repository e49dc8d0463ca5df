#!/usr/bin/env python3
"""MADT has CPUs with APIC ids 0-1 (-smp 2); SRAT maps APIC 0 to PXM 0, 1 to PXM 1 and APIC 2, 3 (which the MADT lacks) to PXM 2, which has no memory: PXM 2 is parsed (a possible node) but no CPU comes up on it, so it stays offline (validate: SRAT.CpuNotInMadt)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("NOMADT", [
    dsl_lapic(0, 0), dsl_lapic(1, 1), dsl_lapic(2, 2), dsl_lapic(2, 3),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
