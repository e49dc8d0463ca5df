#!/usr/bin/env python3
"""SLIT with a diagonal entry of 11: slit_valid() fails -> 'SLIT table looks invalid. Not used.', distances stay 10/20."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("SLITT", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
write(os.path.join(HERE, "slit.dsl"), dsl_slit("SLITT", [[11, 21], [21, 10]]))
