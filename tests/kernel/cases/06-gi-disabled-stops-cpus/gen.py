#!/usr/bin/env python3
"""A disabled Generic Initiator (flags 0) makes acpi_parse_gi_affinity return -EINVAL; the subtable walker then calls no further handler in that pass, so the LAPIC entry after it (APIC 1 -> PXM 1) is silently skipped. The memory pass is a separate walk and still maps PXM 1."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("GIDIS", [
    dsl_lapic(0, 0),
    dsl_gi(3, enabled=0, comment="disabled Generic Initiator, PXM 3"),
    dsl_lapic(1, 1, comment="skipped by the walker: comes after the failing GI handler"),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1, 1 * GiB, 1 * GiB),
]))
