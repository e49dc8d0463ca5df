#!/usr/bin/env python3
"""Interleaved ranges PXM0 [0,1G) PXM1 [1G,2G) PXM0 [4G,5G) PXM1 [5G,6G): same-node blocks are not merged because another node's block lies between them; node spans overlap, which is allowed."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("INTERLV", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1, 1 * GiB, 1 * GiB),
    dsl_mem(0, 4 * GiB, 1 * GiB),
    dsl_mem(1, 5 * GiB, 1 * GiB),
]))
