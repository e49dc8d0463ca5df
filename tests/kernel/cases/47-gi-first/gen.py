#!/usr/bin/env python3
"""An enabled Generic Initiator (PXM 9) listed before the CPUs: the first SRAT walk handles GI and CPU entries in table order, so PXM 9 -> node 0 and the CPU PXMs 0, 1 -> nodes 1, 2; node 0 has neither CPU nor memory but is in has_generic_initiator."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("GIFIRST", [
    dsl_gi(9, comment="enabled Generic Initiator, PXM 9, first entry"),
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
