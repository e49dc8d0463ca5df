#!/usr/bin/env python3
"""SRAT leaves a 512M hole in e820 RAM ([1G, 1.5G) described by no entry): NUMA is rejected (6.1 'nodes only cover', 6.12 'no nodes coverage'), dummy node."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dsl"), dsl_srat("NOCOVER", [
    dsl_lapic(0, 0), dsl_lapic(1, 1),
    dsl_mem(0, 0, 1 * GiB),
    dsl_mem(1, 1536 * MiB, 512 * MiB),
]))
