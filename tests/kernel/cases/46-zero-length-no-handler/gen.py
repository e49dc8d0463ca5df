#!/usr/bin/env python3
"""A zero-length subtable of a type no NUMA handler takes (type 6, Generic Port) as the LAST entry: both walks have already handled every CPU and memory entry, then stop with '[SRAT:0xNN] Invalid zero length' and -EINVAL. The CPU walk's result is ignored, the memory walk's -EINVAL makes acpi_numa_init fail: dummy node without 'SRAT not used' (compare 22, where the memory handler sees the entry first). Binary (.dat)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dat"), srat_bin("ZEROLAST", [
    srat_lapic(0, 0), srat_lapic(1, 1),
    srat_mem(0, 0, 1 * GiB),
    srat_mem(1, 1 * GiB, 1 * GiB),
    srat_raw(6, 0, payload_len=32),
]))
