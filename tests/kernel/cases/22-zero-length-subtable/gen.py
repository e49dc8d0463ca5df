#!/usr/bin/env python3
"""A subtable with Length 0 (type 1) after the CPU and first memory entries: the walker prints '[SRAT:0xNN] Invalid zero length' and returns -EINVAL in both passes; the memory pass error makes acpi_numa_init fail -> dummy node. Binary (.dat)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dat"), srat_bin("ZEROLEN", [
    srat_lapic(0, 0), srat_lapic(1, 1),
    srat_mem(0, 0, 1 * GiB),
    srat_raw(1, 0, payload_len=40),
    srat_mem(1, 1 * GiB, 1 * GiB),
]))
