#!/usr/bin/env python3
"""x2APIC ids above 255 in the MADT and SRAT of a machine QEMU 7.2 TCG runs in xAPIC mode (TCG has no x2APIC).

madt.dat is QEMU's own -smp 2 MADT (tablegen.qemu_madt: LAPIC 0, 1) with four Processor Local x2APIC
structures after the interrupt source overrides: 0x100 enabled, 0x101 disabled, 0x01 enabled (the id LAPIC 1 already
has) and 0x02 disabled. QEMU puts its own MADT first, so `acpi_apic_instance=2` (cmdline) makes every kernel
use this one; the guest then shows it as APIC2. SRAT: LAPIC 0 -> PXM 0, LAPIC 1 -> PXM 1, x2APIC 0x100 and
0x101 -> PXM 1, 1G of memory each.

Every line prints `ACPI: x2apic entry ignored` for the enabled 0x100 (no id above 0xFE is valid in xAPIC
mode; the disabled 0x101 is dropped silently) and `SRAT: PXM 1 -> X2APIC 0x0100 ignored` (and 0x0101).
5.10 and 6.1 count the second registration of APIC id 1 as a processor (generic_processor_info():
num_processors++) and the disabled 0x02 as a hotplug CPU: `smpboot: Allowing 4 CPUs, 1 hotplug CPUs`,
possible CPUs 0-3, present 0-1. 6.12 and 7.3 drop x2APIC 0x01 and 0x02 (ids below 0xFF while the MADT has
usable Local APIC entries; 0x02 is also disabled on bare metal): `CPU topo: Allowing 2 present CPUs plus 0
hotplug CPUs`."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "madt.dat"), qemu_madt("X2APIC", [madt_lapic(0, 0), madt_lapic(1, 1)], [
    madt_x2apic(0x100, 0x100), madt_x2apic(0x101, 0x101, enabled=0),
    madt_x2apic(0x01, 0x81), madt_x2apic(0x02, 0x82, enabled=0),
]))
write(os.path.join(HERE, "srat.dsl"), dsl_srat("X2HIGH", [
    dsl_lapic(0, 0), dsl_lapic(1, 1), dsl_x2apic(1, 0x100), dsl_x2apic(1, 0x101),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
