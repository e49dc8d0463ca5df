#!/usr/bin/env python3
"""A valid 2-node SRAT + SLIT booted with numa=noacpi: SRAT ignored, dummy node."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("CMDLINE", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
write(os.path.join(HERE, "slit.dsl"), dsl_slit("CMDLINE", [[10, 21], [21, 10]]))
