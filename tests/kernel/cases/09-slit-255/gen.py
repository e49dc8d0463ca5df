#!/usr/bin/env python3
"""SLIT with off-diagonal entries of 255 (unreachable): valid, applied as is (255 fits in u8)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("SLITT", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
write(os.path.join(HERE, "slit.dsl"), dsl_slit("SLITT", [[10, 255], [255, 10]]))
