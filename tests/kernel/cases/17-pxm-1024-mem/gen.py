#!/usr/bin/env python3
"""Memory entry with PXM 1024 = MAX_PXM_DOMAINS (CONFIG_NODES_SHIFT=10): acpi_map_pxm_to_node gives NUMA_NO_NODE -> 'Too many proximity domains' -> bad_srat -> dummy node."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("PXM1024", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1024, 1 * GiB, 1 * GiB, comment="PXM 1024 >= MAX_PXM_DOMAINS"),
]))
