#!/usr/bin/env python3
"""-smp 2,maxcpus=4: QEMU's MADT lists APIC 2 and 3 disabled, the kernel counts them as hotplug CPUs (possible 0-3, present and online 0-1: 'Allowing 4 CPUs, 2 hotplug CPUs'); SRAT places APIC 0, 2 on PXM 0 and 1, 3 on PXM 1, both with memory."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("HOTCPU", [
    dsl_lapic(0, 0), dsl_lapic(1, 1), dsl_lapic(0, 2), dsl_lapic(1, 3),
    dsl_mem(0, 0, 1 * GiB), dsl_mem(1, 1 * GiB, 1 * GiB),
]))
