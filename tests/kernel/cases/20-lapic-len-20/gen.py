#!/usr/bin/env python3
"""LAPIC affinity entry with Length 20 (!= 16; 4 padding bytes follow so the walk stays aligned): x86 acpi_numa_processor_affinity_init calls bad_srat -> dummy node. Binary (.dat): iasl restamps Length."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dat"), srat_bin("LAPICLEN", [
    srat_lapic(0, 0),
    srat_lapic(1, 1, length=20, pad=bytes(4)),
    srat_mem(0, 0, 1 * GiB),
    srat_mem(1, 1 * GiB, 1 * GiB),
]))
