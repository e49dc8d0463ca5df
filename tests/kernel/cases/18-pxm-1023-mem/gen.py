#!/usr/bin/env python3
"""Boundary partner of 17: memory entry with PXM 1023 (< MAX_PXM_DOMAINS) is accepted as node 1 (memory-only; CPUs are both in PXM 0)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("PXM1023", [
    dsl_lapic(0, 0), dsl_lapic(0, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1023, 1 * GiB, 1 * GiB, comment="PXM 1023, the largest valid"),
]))
