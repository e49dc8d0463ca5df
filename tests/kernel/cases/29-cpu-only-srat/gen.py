#!/usr/bin/env python3
"""SRAT with CPU entries only: parsed_numa_memblks == 0 -> acpi_numa_init returns -ENOENT -> 'No NUMA configuration found', dummy node."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("CPUONLY", [dsl_lapic(0, 0), dsl_lapic(1, 1)]))
