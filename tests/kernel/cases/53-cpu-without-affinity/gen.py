#!/usr/bin/env python3
"""MADT has CPUs with APIC ids 0-3 (-smp 4); SRAT gives affinity to APIC 0 (PXM 0) and 2 (PXM 1) only: CPUs 1 and 3 have none and stay on node 0 (the per-CPU default), so node 0 lists 0-1,3 and node 1 lists 2 (validate: MADT.CpuWithoutAffinity)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("CPUNOAFF", [
    dsl_lapic(0, 0), dsl_lapic(1, 2),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
