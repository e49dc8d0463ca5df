"""Helpers for the kernel-oracle case generators (each case's gen.py imports this).

Two outputs:
  * iasl data-table source (.dsl) for SRAT and SLIT, in the format Debian 12's
    iasl 20200925 compiles (iasl fills in lengths and the checksum);
  * raw binary tables (.dat) for what that iasl cannot express (CEDT, SRAT
    subtables with a wrong Length); here we compute the Length and checksum.
All integers are little-endian. Addresses/sizes are ints.
"""
import struct

OEM_ID = "NUMAPL"


# ---------------------------------------------------------------- dsl (iasl)
def dsl_header(sig, rev, oem_table_id):
    return (
        f'[0004]                          Signature : "{sig}"\n'
        f'[0004]                       Table Length : 00000000\n'
        f'[0001]                           Revision : {rev:02X}\n'
        f'[0001]                           Checksum : 00\n'
        f'[0006]                             Oem ID : "{OEM_ID}"\n'
        f'[0008]                       Oem Table ID : "{oem_table_id:<8.8}"\n'
        f'[0004]                       Oem Revision : 00000001\n'
        f'[0004]                    Asl Compiler ID : "INTL"\n'
        f'[0004]              Asl Compiler Revision : 20200925\n\n')


def dsl_lapic(pxm_lo, apic, pxm_hi=0, enabled=1, comment=None):
    c = f"// {comment}\n" if comment else ""
    return c + (
        '[0001]                      Subtable Type : 00 [Processor Local APIC/SAPIC Affinity]\n'
        '[0001]                             Length : 10\n'
        f'[0001]            Proximity Domain Low(8) : {pxm_lo:02X}\n'
        f'[0001]                            Apic ID : {apic:02X}\n'
        f'[0004]              Flags (decoded below) : {enabled:08X}\n'
        f'                                  Enabled : {enabled}\n'
        '[0001]                    Local Sapic EID : 00\n'
        f'[0003]          Proximity Domain High(24) : {pxm_hi:06X}\n'
        '[0004]                       Clock Domain : 00000000\n\n')


def dsl_mem(pxm, base, length, enabled=1, hotplug=0, nonvolatile=0, comment=None):
    c = f"// {comment}\n" if comment else ""
    flags = enabled | (hotplug << 1) | (nonvolatile << 2)
    return c + (
        '[0001]                      Subtable Type : 01 [Memory Affinity]\n'
        '[0001]                             Length : 28\n'
        f'[0004]                   Proximity Domain : {pxm:08X}\n'
        '[0002]                          Reserved1 : 0000\n'
        f'[0008]                       Base Address : {base:016X}\n'
        f'[0008]                     Address Length : {length:016X}\n'
        '[0004]                          Reserved2 : 00000000\n'
        f'[0004]              Flags (decoded below) : {flags:08X}\n'
        f'                                  Enabled : {enabled}\n'
        f'                            Hot Pluggable : {hotplug}\n'
        f'                             Non-Volatile : {nonvolatile}\n'
        '[0008]                          Reserved3 : 0000000000000000\n\n')


def dsl_x2apic(pxm, apic, enabled=1, comment=None):
    c = f"// {comment}\n" if comment else ""
    return c + (
        '[0001]                      Subtable Type : 02 [Processor Local x2APIC Affinity]\n'
        '[0001]                             Length : 18\n'
        '[0002]                          Reserved1 : 0000\n'
        f'[0004]                   Proximity Domain : {pxm:08X}\n'
        f'[0004]                            Apic ID : {apic:08X}\n'
        f'[0004]              Flags (decoded below) : {enabled:08X}\n'
        f'                                  Enabled : {enabled}\n'
        '[0004]                       Clock Domain : 00000000\n'
        '[0004]                          Reserved2 : 00000000\n\n')


def dsl_gi(pxm, enabled=1, comment=None):
    """Generic Initiator with an ACPI device handle (_HID ACPI0016, _UID 1)."""
    c = f"// {comment}\n" if comment else ""
    return c + (
        '[0001]                      Subtable Type : 05 [Generic Initiator Affinity]\n'
        '[0001]                             Length : 20\n'
        '[0001]                          Reserved1 : 00\n'
        '[0001]                 Device Handle Type : 00\n'
        f'[0004]                   Proximity Domain : {pxm:08X}\n'
        '[0016]                      Device Handle : 41 43 50 49 30 30 31 36 01 00 00 00 00 00 00 00\n'
        f'[0004]              Flags (decoded below) : {enabled:08X}\n'
        f'                                  Enabled : {enabled}\n'
        '[0004]                          Reserved2 : 00000000\n\n')


def dsl_srat(oem_table_id, entries, rev=3, comment=None):
    head = f"// {comment}\n" if comment else ""
    return (head + dsl_header("SRAT", rev, oem_table_id) +
            '[0004]                     Table Revision : 00000001\n'
            '[0008]                           Reserved : 0000000000000000\n\n' +
            "".join(entries))


def dsl_slit(oem_table_id, matrix, comment=None):
    n = len(matrix)
    head = f"// {comment}\n" if comment else ""
    out = head + dsl_header("SLIT", 1, oem_table_id)
    out += f'[0008]                         Localities : {n:016X}\n'
    for i, row in enumerate(matrix):
        assert len(row) == n
        out += f'[{n:04X}]                       Locality {i:3d} : ' + " ".join(f"{v:02X}" for v in row) + "\n"
    return out


# ---------------------------------------------------------------- binary
def checksum_fix(buf):
    b = bytearray(buf)
    b[9] = 0
    b[9] = (-sum(b)) & 0xFF
    assert sum(b) & 0xFF == 0
    return bytes(b)


def header(sig, rev, oem_table_id, body_len):
    return struct.pack("<4sIBB6s8sI4sI", sig.encode(), 36 + body_len, rev, 0,
                       OEM_ID.encode(), oem_table_id.encode().ljust(8)[:8], 1, b"NPLN", 1)


def table(sig, rev, oem_table_id, body):
    return checksum_fix(header(sig, rev, oem_table_id, len(body)) + body)


def srat_bin(oem_table_id, subtables, rev=3):
    body = struct.pack("<IQ", 1, 0) + b"".join(subtables)
    return table("SRAT", rev, oem_table_id, body)


def srat_lapic(pxm, apic, enabled=1, length=16, pad=b""):
    """LAPIC affinity; `length` is written as given, `pad` bytes are appended after the 16."""
    pxm_hi = (pxm >> 8) & 0xFFFFFF
    return struct.pack("<BBBBIB3sI", 0, length, pxm & 0xFF, apic, enabled, 0,
                       pxm_hi.to_bytes(3, "little"), 0) + pad


def srat_mem(pxm, base, size, enabled=1, hotplug=0, nonvolatile=0, length=40):
    flags = enabled | (hotplug << 1) | (nonvolatile << 2)
    raw = struct.pack("<BBIHQQIIQ", 1, length, pxm, 0, base, size, 0, flags, 0)
    assert len(raw) == 40
    return raw


def srat_raw(type_, length, payload_len=None):
    """A subtable with arbitrary Length; payload_len bytes in total (default: length)."""
    n = length if payload_len is None else payload_len
    return bytes([type_, length]) + bytes(max(0, n - 2))


def cedt_chbs(uid, base=0xFE000000, length=0x10000, version=1):
    return struct.pack("<BBHIIIQQ", 0, 0, 32, uid, version, 0, base, length)


def cedt_cfmws(base, size, targets=(7,), eniw=0, arith=0, hbig=0, restrictions=0x000E, qtg=0):
    n = 36 + 4 * len(targets)
    return (struct.pack("<BBHIQQBBHIHH", 1, 0, n, 0, base, size, eniw, arith, 0, hbig,
                        restrictions, qtg) +
            b"".join(struct.pack("<I", t) for t in targets))


def cedt_bin(oem_table_id, subtables):
    return table("CEDT", 1, oem_table_id, b"".join(subtables))


def madt_lapic(uid, apic, enabled=1):
    return struct.pack("<BBBBI", 0, 8, uid, apic, enabled)


def madt_x2apic(apic, uid, enabled=1):
    return struct.pack("<BBHIII", 9, 16, 0, apic, enabled, uid)


def qemu_madt(oem_table_id, cpus, late_cpus=(), rev=3):
    """QEMU 7.2's q35 MADT (as the guest of case 01 shows it: Local APIC Address 0xFEE00000, PC-AT flag,
    the I/O APIC, five interrupt source overrides, the LAPIC NMI) with `cpus` (madt_lapic/madt_x2apic
    records) in place of its Local APIC structures and `late_cpus` after the overrides. Revision 3
    (ACPI 4.0, the first with x2APIC structures, before Online Capable) unless given."""
    ioapic = struct.pack("<BBBBII", 1, 12, 0, 0, 0xFEC00000, 0)
    overrides = b"".join(struct.pack("<BBBBIH", 2, 10, 0, src, gsi, flags)
                         for src, gsi, flags in ((0, 2, 0), (5, 5, 0xD), (9, 9, 0xD), (10, 10, 0xD), (11, 11, 0xD)))
    lapic_nmi = struct.pack("<BBBHB", 4, 6, 0xFF, 0, 1)
    body = struct.pack("<II", 0xFEE00000, 1) + b"".join(cpus) + ioapic + overrides + b"".join(late_cpus) + lapic_nmi
    return table("APIC", rev, oem_table_id, body)


def write(path, data):
    mode = "wb" if isinstance(data, (bytes, bytearray)) else "w"
    with open(path, mode) as f:
        f.write(data)


GiB = 1 << 30
MiB = 1 << 20
