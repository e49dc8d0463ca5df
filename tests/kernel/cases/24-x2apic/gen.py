#!/usr/bin/env python3
"""CPU affinity by x2APIC entries (type 2) for APIC ids 0, 1 in PXMs 0, 1."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("X2APIC", [
    dsl_x2apic(0, 0), dsl_x2apic(1, 1),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
