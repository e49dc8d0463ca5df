#!/usr/bin/env python3
"""Largest SRAT PXM is 1023, so the first CFMWS gets fake PXM 1024 = MAX_PXM_DOMAINS: acpi_map_pxm_to_node fails, 'ACPI NUMA: Too many proximity domains while processing CFMWS.', the CEDT walk stops (the second window gets no node either), the error is not propagated: SRAT's 2 nodes stay."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("CFMWSMAX", [
    dsl_lapic(0, 0), dsl_lapic(0, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1023, 1 * GiB, 1 * GiB, comment="PXM 1023: the next fake PXM is 1024"),
]))
write(os.path.join(HERE, "cedt.dat"), cedt_bin("CFMWSMAX", [cedt_chbs(7), cedt_cfmws(0x400000000, 1 * GiB),
                                                          cedt_cfmws(0x500000000, 1 * GiB)]))
