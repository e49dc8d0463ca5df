#!/usr/bin/env python3
"""Sparse PXMs 5 and 2 only: node ids follow first-seen order (PXM 5 -> node 0, PXM 2 -> node 1), not PXM order."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("SPARSE", [
    dsl_lapic(5, 0, comment="APIC 0 -> PXM 5 (seen first -> node 0)"),
    dsl_lapic(2, 1, comment="APIC 1 -> PXM 2 (-> node 1)"),
    dsl_mem(5, 0, 1 * GiB),
    dsl_mem(2, 1 * GiB, 1 * GiB),
]))
