#!/usr/bin/env python3
"""A subtable with Length 0 (type 1) after the CPU and first memory entries. CPU walk: no handler for type 1, the walker prints '[SRAT:0x00] Invalid zero length' (6.1: 'ACPI: ' prefix) and stops (result ignored). Memory walk: the walker calls the memory handler BEFORE its zero-length check, so the handler reports 'ACPI: SRAT: Unexpected header length: 0' and calls bad_srat ('SRAT not used'), then the walker prints '[SRAT:0x01] Invalid zero length' -> dummy node. Binary (.dat)."""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tablegen import *  # noqa: F401,F403

write(os.path.join(HERE, "srat.dat"), srat_bin("ZEROLEN", [
    srat_lapic(0, 0), srat_lapic(1, 1),
    srat_mem(0, 0, 1 * GiB),
    srat_raw(1, 0, payload_len=40),
    srat_mem(1, 1 * GiB, 1 * GiB),
]))
