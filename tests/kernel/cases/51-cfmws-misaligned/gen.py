#!/usr/bin/env python3
"""Two CFMWS windows outside SRAT, one 256 MiB aligned ([16G, 17G)) and one only 128 MiB aligned
([18G+128M, 18G+256M)). Since 6.16 acpi_parse_cfmws() takes align = 1 << __ffs(base | end) and prints
"ACPI: CFMWS: [BIOS BUG] base/size alignment violates spec" for the second window (align < SZ_256M); the
window still takes a node. 6.12 and older print nothing about alignment; 5.10 does not read CEDT."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("CFMWSALN", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1, 1 * GiB, 1 * GiB),
]))
write(os.path.join(HERE, "cedt.dat"), cedt_bin("CFMWSALN", [cedt_chbs(7)] + [
    cedt_cfmws(0x400000000, 1 * GiB),                 # 16G, 1G: aligned
    cedt_cfmws(0x480000000 + 128 * MiB, 128 * MiB),   # base | end has bit 27 (128 MiB) set: a BIOS bug
]))
