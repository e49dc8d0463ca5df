#!/usr/bin/env python3
"""Non-hotplug memory entries with no RAM behind them: PXM 1 also claims [2G, 3G) above the end of RAM (clamped away by numa_cleanup_meminfo), memory-only PXM 2 claims [8G, 9G) (no e820 RAM there, moved to numa_reserved_meminfo): node 2 is possible but has no memory."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("NORAM", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1, 1 * GiB, 2 * GiB, comment="[1G, 3G): RAM ends at 0x7ffe0000"),
    dsl_mem(2, 8 * GiB, 1 * GiB, comment="no RAM there, not hot-pluggable"),
]))
