#!/usr/bin/env python3
"""A CFMWS window outside SRAT on a kernel whose acpi_numa_init() walks CEDT only
if IS_ENABLED(CONFIG_CXL_ACPI) (7.1+). Debian's 7.3 builds CONFIG_CXL_ACPI=m, which IS_ENABLED counts: the
window takes node 2 (possible, offline). `kconfig` holds the lines of /boot/config-7.3.4+deb13-amd64 that the
model reads; the replay takes CONFIG_CXL_ACPI from it. Without CONFIG_CXL_ACPI the window would make no node:
no Debian kernel is built so, so that side is a model test (KernelModel.CfmwsNeedsCxlAcpiFrom71)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("CXLACPI", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1, 1 * GiB, 1 * GiB),
]))
write(os.path.join(HERE, "cedt.dat"), cedt_bin("CXLACPI", [cedt_chbs(7), cedt_cfmws(0x800000000, 4 * GiB)]))
write(os.path.join(HERE, "kconfig"),
      "# from /boot/config-7.3.4+deb13-amd64 (Debian linux-binary-7.3.4+deb13-amd64)\n"
      "CONFIG_NODES_SHIFT=10\n"
      "CONFIG_MEMORY_HOTPLUG=y\n"
      "CONFIG_CXL_ACPI=m\n")
