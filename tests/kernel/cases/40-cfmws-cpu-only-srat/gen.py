#!/usr/bin/env python3
"""SRAT with CPU entries only, plus a CFMWS [16G, 17G): the window gets fake PXM 2 but parsed_numa_memblks counts only SRAT memory entries, so acpi_numa_init still returns -ENOENT: 'No NUMA configuration found', dummy node."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("CPUCFMWS", [dsl_lapic(0, 0), dsl_lapic(1, 1)]))
write(os.path.join(HERE, "cedt.dat"), cedt_bin("CPUCFMWS", [cedt_chbs(7), cedt_cfmws(0x400000000, 1 * GiB)]))
