#!/usr/bin/env python3
"""Memory affinity entry with Length 32 (< 40; only 32 bytes present): 'SRAT: Unexpected header length: 32' -> bad_srat -> dummy node. Binary (.dat)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dat"), srat_bin("MEMLEN", [
    srat_lapic(0, 0), srat_lapic(1, 1),
    srat_mem(0, 0, 1 * GiB),
    srat_mem(1, 1 * GiB, 1 * GiB, length=32)[:32],
]))
