#!/usr/bin/env python3
"""An enabled x2APIC structure with an id below 0xFF in a MADT that also has usable Local APIC structures.

QEMU runs three CPUs (-smp 3, APIC ids 0-2). madt.dat is QEMU's MADT (tablegen.qemu_madt) with LAPIC 0
and 1 and CPU 2 listed as a Processor Local x2APIC structure (id 0x02, enabled) instead of a Local APIC one.
`acpi_apic_instance=2` (cmdline) makes every kernel use it instead of QEMU's own MADT, which comes first;
the guest shows it as APIC2. SRAT: APIC 0 -> PXM 0, APIC 1 -> PXM 1, x2APIC 2 -> PXM 1, 1G of memory each.

ACPI 6.5 §5.2.12.12 says an x2APIC structure below 0xFF must not accompany valid Local APIC ones. 6.12 and
7.3 ignore it (acpi_parse_x2apic(): `has_lapic_cpus && apic_id < 0xff`), so CPU 2 never comes up:
`CPU topo: Allowing 2 present CPUs plus 0 hotplug CPUs`. 5.10 and 6.1 register it as the third present
CPU: `smpboot: Allowing 3 CPUs, 0 hotplug CPUs`, CPU 2 on node 1."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "madt.dat"), qemu_madt("X2LOW", [madt_lapic(0, 0), madt_lapic(1, 1), madt_x2apic(2, 2)]))
write(os.path.join(HERE, "srat.dsl"), dsl_srat("X2LOW", [
    dsl_lapic(0, 0), dsl_lapic(1, 1), dsl_x2apic(1, 2),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
