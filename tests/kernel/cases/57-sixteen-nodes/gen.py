#!/usr/bin/env python3
"""Sixteen nodes of 128 MiB each: four sockets of four sub-NUMA clusters (distance 10 local, 12 in the socket, 21 to
the neighbouring sockets, 32 across), CPUs on nodes 0, 4, 8 and 12. Probes nr_node_ids, the memory lines of every
node and the fallback order's round robin among many equally distant nodes."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403


def distance(a, b):
    if a == b:
        return 10
    sa, sb = a // 4, b // 4
    if sa == sb:
        return 12
    return 32 if sa ^ sb == 3 else 21


write(os.path.join(HERE, "srat.dsl"), dsl_srat("SIXTEEN", [
    dsl_lapic(0, 0), dsl_lapic(4, 1), dsl_lapic(8, 2), dsl_lapic(12, 3),
] + [dsl_mem(n, n * 128 * MiB, 128 * MiB) for n in range(16)]))
write(os.path.join(HERE, "slit.dsl"), dsl_slit("SIXTEEN", [[distance(a, b) for b in range(16)] for a in range(16)]))
# no -numa: QEMU emits no SRAT/SLIT of its own; the tables come from *.dsl / *.dat
