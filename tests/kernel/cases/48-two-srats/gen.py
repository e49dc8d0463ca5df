#!/usr/bin/env python3
"""Two SRAT tables: acpi_numa_init parses only the first instance (srat.dsl, PXMs 0, 1); the second (srat2.dsl, PXMs 7, 8 with swapped CPUs) is listed by the kernel but ignored. With two instances the kernel names them SRAT1 and SRAT2 in /sys/firmware/acpi/tables/, and the oracle's /init dumps only SRAT and SRAT2..: out/<kernel>/guest-SRAT1.dat is therefore a copy of the injected out/srat.aml (QEMU passes injected tables through unchanged: guest-SRAT2.dat is byte-identical to out/srat2.aml)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("SRATONE", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
], comment="first SRAT: used"))
write(os.path.join(HERE, "srat2.dsl"), dsl_srat("SRATTWO", [
    dsl_lapic(7, 1), dsl_lapic(8, 0),
    dsl_mem(8, 0, 512 * MiB), dsl_mem(7, 512 * MiB, 1536 * MiB),
], comment="second SRAT: ignored"))
