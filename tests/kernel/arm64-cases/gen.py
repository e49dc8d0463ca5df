#!/usr/bin/env python3
"""Writes the injected tables of the arm64 oracle cases (NN-name/*.dat) from the descriptions below.

Run from anywhere: ./gen.py. Each case gets srat.dat / slit.dat / cedt.dat / apic.dat (the MADT) as it needs;
../arm64/run-case.sh hands them to the kernel through the initrd table upgrade. Tables that QEMU also builds must
carry QEMU's OEM ID and OEM Table ID ("BOCHS " / "BXPC    ") to replace QEMU's (acpi_table_initrd_override()
matches signature, OEM ID and OEM Table ID, and wants a higher OEM Revision than QEMU's 1); tables QEMU does not
build are added. Without -numa QEMU's virt
machine builds no SRAT or SLIT, so the injected ones are the only ones.

The virt machine's memory as the kernel sees it with -m 2G under AAVMF: the flash bank 0x04000000-0x07ffffff
(UEFI's variable store, given to the kernel as memory) and RAM 0x40000000-0xbfffffff. The CPUs' MPIDRs are
0, 1, 2, ... (QEMU's CPU index, Aff0); the boot CPU is MPIDR 0.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
FLASH = (0x04000000, 0x04000000)
LOW = (0x40000000, 0x40000000)   # first GiB of RAM
HIGH = (0x80000000, 0x40000000)  # second GiB


def table(sig, revision, body, oem_revision=1, oem=b"BOCHS ", oem_table=b"BXPC    "):
    length = 36 + len(body)
    head = struct.pack("<4sIBB6s8sI4sI", sig, length, revision, 0, oem, oem_table, oem_revision, b"NMPL", 1)
    data = bytearray(head + body)
    data[9] = (-sum(data)) & 0xFF
    return bytes(data)


# SRAT (ACPI 6.6 5.2.16): revision 3, 12 header bytes after the standard header.
def gicc_affinity(pxm, uid, enabled=True, length=18):
    entry = struct.pack("<BBIIII", 3, length, pxm, uid, 1 if enabled else 0, 0)
    return entry[:length] if length < 18 else entry


def its_affinity(pxm, its_id, length=12):
    entry = struct.pack("<BBIHI", 4, length, pxm, 0, its_id)
    return entry[:length] if length < 12 else entry


def mem_affinity(pxm, base, size, hotplug=False, enabled=True):
    flags = (1 if enabled else 0) | (2 if hotplug else 0)
    return struct.pack("<BBIHQQIIQ", 1, 40, pxm, 0, base, size, 0, flags, 0)


def srat(entries):
    return table(b"SRAT", 3, struct.pack("<IQ", 1, 0) + b"".join(entries))


def slit(matrix):
    n = len(matrix)
    return table(b"SLIT", 1, struct.pack("<Q", n) + bytes(v for row in matrix for v in row))


# CEDT of CFMWS windows (CXL 3.1 9.18.1.3): one target each, no interleave, volatile.
def cedt(windows):
    body = b""
    for base, size in windows:
        # type, reserved, length, reserved, base, size, ENIW, arithmetic, reserved, HBIG, restrictions
        # (host-only coherent + volatile), QTG id, one target (host bridge UID 0)
        body += struct.pack("<BBHIQQBBHIHHI", 1, 0, 40, 0, base, size, 0, 0, 0, 0, 0x6, 0, 0)
    return table(b"CEDT", 1, body)


# MADT as QEMU's virt builds it (GICv3, 2 CPUs: revision 4, GICD + GICC per CPU + GICR + ITS), GICC list chosen.
def gicc(uid, mpidr, enabled=True, online_capable=False):
    flags = (1 if enabled else 0) | (8 if online_capable else 0)
    return struct.pack("<BBHIIIIIQQQQIQQBBH", 0xB, 80, 0, uid, uid, flags, 0, 0x17, 0, 0, 0, 0, 0, 0, mpidr, 0, 0, 0)


GICD = bytes.fromhex("0c1800000000000000000008000000000000000003000000")
GICR = bytes.fromhex("0e10000000000a08000000000000f600")
ITS = bytes.fromhex("0f14000000000000000008080000000000000000")


def madt(giccs, revision=4):
    return table(b"APIC", revision, struct.pack("<II", 0, 0) + GICD + b"".join(giccs) + GICR + ITS, oem_revision=2)


def two_nodes():
    return [mem_affinity(0, *FLASH), mem_affinity(0, *LOW), mem_affinity(1, *HIGH)]


CASES = {
    "02-inject-numa2": dict(
        doc="Injected SRAT: CPU 0 (UID 0) on PXM 0 with the flash bank and the first GiB, CPU 1 on PXM 1 with the "
            "second GiB; SLIT 10/21. The baseline: two nodes on every line.",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1)] + two_nodes(),
        slit=[[10, 21], [21, 10]]),
    "03-gicc-srat-order": dict(
        doc="SRAT lists UID 1 on PXM 7 before UID 0 on PXM 3: node ids go by first sight, so PXM 7 is node 0 and "
            "CPU 0 (UID 0) lands on node 1. Memory: PXM 3 the flash bank and first GiB, PXM 7 the second.",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(7, 1), gicc_affinity(3, 0), mem_affinity(3, *FLASH), mem_affinity(3, *LOW),
              mem_affinity(7, *HIGH)],
        slit=[[10 if i == j else 20 for j in range(8)] for i in range(8)]),
    "04-madt-order-uids": dict(
        doc="MADT (replacing QEMU's) lists the four GICCs as MPIDR 3/UID 10, MPIDR 1/UID 11, MPIDR 0/UID 12, "
            "MPIDR 2/UID 13. Logical CPU 0 is the boot CPU (MPIDR 0), the others follow in MADT order: CPU 1 = "
            "MPIDR 3, CPU 2 = MPIDR 1, CPU 3 = MPIDR 2. SRAT places UIDs 10, 11 on PXM 1 and 12, 13 on PXM 0.",
        qemu="-m 2G -smp 4",
        madt=[gicc(10, 3), gicc(11, 1), gicc(12, 0), gicc(13, 2)],
        srat=[gicc_affinity(0, 12), gicc_affinity(0, 13), gicc_affinity(1, 10), gicc_affinity(1, 11)] + two_nodes()),
    "05-memoryless-node": dict(
        doc="PXM 1 has CPU 1 and no memory: a memoryless node with a CPU (\"Initmem setup node 1 "
            "[<memory-less node>]\").",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1), mem_affinity(0, *FLASH), mem_affinity(0, *LOW),
              mem_affinity(0, *HIGH)]),
    "06-cpuless-node": dict(
        doc="Both CPUs on PXM 0; PXM 1 holds the second GiB only: a CPU-less memory node.",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(0, 1)] + two_nodes(),
        slit=[[10, 30], [30, 10]]),
    "07-hotplug-memory": dict(
        doc="Two nodes as in 02 plus PXM 2 with a hot-pluggable range 0x100000000-0x13fffffff the memory map does "
            "not have: PXM 2 is parsed from a memory entry alone. (With -m 2G,slots=2,maxmem=4G QEMU builds an SRAT "
            "of its own, which the kernel takes first.)",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1)] + two_nodes() +
             [mem_affinity(2, 0x100000000, 0x40000000, hotplug=True)]),
    "08-slit-asym-3": dict(
        doc="Three nodes (PXM 2 memory only, above the RAM QEMU gives: a reserved range), asymmetric SLIT.",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1)] + two_nodes() + [mem_affinity(2, 0x100000000, 0x40000000)],
        slit=[[10, 21, 31], [22, 10, 32], [41, 42, 10]]),
    "09-slit-invalid": dict(
        doc="SLIT whose local distance is 12: \"SLIT table looks invalid. Not used.\", default distances 10/20.",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1)] + two_nodes(),
        slit=[[12, 21], [21, 10]]),
    "10-cfmws-window": dict(
        doc="Two SRAT nodes and a CEDT with one CFMWS window 0x200000000+1G that SRAT does not describe: 5.17+ "
            "give it a node of its own (fake PXM 2), 5.10 reads no CEDT.",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1)] + two_nodes(),
        cedt=[(0x200000000, 0x40000000)]),
    "11-gicc-uid-not-in-madt": dict(
        doc="SRAT places UID 9, which MADT lacks, on PXM 2: the node is parsed (acpi_numa_gicc_affinity_init()) "
            "but no CPU maps to it (get_cpu_for_acpi_id() fails, the entry is skipped silently).",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1), gicc_affinity(2, 9)] + two_nodes()),
    "12-gicc-affinity-disabled": dict(
        doc="CPU 1's GICC Affinity entry is disabled (Enabled=0): PXM 5 makes no node, CPU 1 falls back to node 0.",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(5, 1, enabled=False)] + two_nodes()),
    "13-gicc-affinity-short": dict(
        doc="CPU 1's GICC Affinity entry has Length 12 (< 18): \"Invalid SRAT header length: 12\", bad_srat(), "
            "NUMA falls back to one node.",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1, length=12)] + two_nodes()),
    "14-numa-off": dict(
        doc="numa=off with the tables of 02: \"NUMA disabled\", one faked node.",
        qemu="-m 2G -smp 2",
        cmdline="numa=off",
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1)] + two_nodes(),
        slit=[[10, 21], [21, 10]]),
    "15-no-srat": dict(
        doc="No SRAT at all (no -numa, nothing injected): acpi_numa_init() fails, one faked node.",
        qemu="-m 2G -smp 2"),
    "16-gicc-online-capable": dict(
        doc="MADT (revision 6) adds a third GICC, MPIDR 2 / UID 2, disabled but Online Capable (ACPI 6.5): 6.12+ "
            "count it as a possible CPU (cpu.possible 0-2), older lines skip it. SRAT puts UID 2 on PXM 1.",
        qemu="-m 2G -smp 2",
        madt_revision=6,
        madt=[gicc(0, 0), gicc(1, 1), gicc(2, 2, enabled=False, online_capable=True)],
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1), gicc_affinity(1, 2)] + two_nodes()),
    "17-its-affinity": dict(
        doc="The tables of 02 plus three GIC ITS Affinity entries: ITS 0 (QEMU's one ITS) on PXM 1, ITS 5 (no such "
            "ITS in MADT) on PXM 1, ITS 7 on PXM 9, which no other entry names. The ITS driver reads them at "
            "init_IRQ(): \"SRAT: PXM 1 -> ITS 0 -> Node 1\", \"SRAT: PXM 1 -> ITS 5 -> Node 1\" and \"SRAT: "
            "Invalid NUMA node -1 in ITS affinity\"; no entry makes a node (possible 0-1). ITS 0 then allocates "
            "its tables on node 1 (the second GiB).",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1)] + two_nodes() +
             [its_affinity(1, 0), its_affinity(1, 5), its_affinity(9, 7)],
        slit=[[10, 21], [21, 10]]),
    "18-its-affinity-short": dict(
        doc="An ITS Affinity entry of Length 8 (< 12) before one for ITS 0 on PXM 1: \"SRAT: Invalid header length "
            "8 in ITS affinity\" stops the ITS driver's walk, so ITS 0 gets no node; NUMA (which skips type 4 by "
            "its length) is untouched.",
        qemu="-m 2G -smp 2",
        srat=[gicc_affinity(0, 0), gicc_affinity(1, 1)] + two_nodes() +
             [its_affinity(1, 3, length=8), its_affinity(1, 0)]),
}


def main():
    for name, case in CASES.items():
        d = os.path.join(HERE, name)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            if f.endswith(".dat"):
                os.remove(os.path.join(d, f))
        with open(os.path.join(d, "qemu-args"), "w") as out:
            words = case["doc"].split()
            line = "#"
            for w in words:
                if len(line) + 1 + len(w) > 116:
                    out.write(line + "\n")
                    line = "#"
                line += " " + w
            out.write(line + "\n# (written by ../gen.py)\n" + case["qemu"] + "\n")
        if "cmdline" in case:
            with open(os.path.join(d, "cmdline"), "w") as out:
                out.write(case["cmdline"] + "\n")
        tables = {}
        if "srat" in case:
            tables["srat"] = srat(case["srat"])
        if "slit" in case:
            tables["slit"] = slit(case["slit"])
        if "cedt" in case:
            tables["cedt"] = cedt(case["cedt"])
        if "madt" in case:
            tables["apic"] = madt(case["madt"], case.get("madt_revision", 4))
        for base, data in tables.items():
            with open(os.path.join(d, base + ".dat"), "wb") as out:
                out.write(data)


if __name__ == "__main__":
    main()
