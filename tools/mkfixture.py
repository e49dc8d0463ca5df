#!/usr/bin/env python3
"""Writes the fixtures that Debian 12's iasl (20200925) cannot compile, as
acpidump text (DESIGN §2; reference §5): CEDT, SRAT types 6 and 7, subtable
types no specification defines, and an MSCT laid out as iasl cannot express.

    tools/mkfixture.py [OUTDIR]      (default: tables/fixtures beside this script)

Each table is built field by field below, its Length and Checksum computed,
and written exactly as `acpidump` prints it.
"""
import pathlib
import struct
import sys

OEM_ID = b"NUMAPL"
CREATOR_ID = b"NMPL"
CREATOR_REVISION = 0x20250404


def table(signature: bytes, revision: int, oem_table_id: bytes, body: bytes) -> bytes:
    """The 36-byte common header with Length and Checksum filled in, then body."""
    length = 36 + len(body)
    header = struct.pack("<4sIBB6s8sI4sI", signature, length, revision, 0, OEM_ID, oem_table_id, 1,
                         CREATOR_ID, CREATOR_REVISION)
    data = bytearray(header + body)
    data[9] = (-sum(data)) & 0xFF
    return bytes(data)


def acpidump_text(data: bytes) -> str:
    """acpidump's format: "SIG @ 0x<16 hex>", then 16 bytes a line as "%8.4X: ",
    "%02X " per byte (3 spaces per missing byte on the last line), a space and
    the bytes as ASCII (0x20-0x7E, others '.'), then a blank line."""
    lines = [f"{data[:4].decode('ascii')} @ 0x{0:016X}"]
    for at in range(0, len(data), 16):
        chunk = data[at:at + 16]
        cells = "".join(f"{b:02X} " for b in chunk) + "   " * (16 - len(chunk))
        text = "".join(chr(b) if 0x20 <= b <= 0x7E else "." for b in chunk)
        lines.append(f"{at:04X}".rjust(8) + f": {cells} {text}")
    return "\n".join(lines) + "\n\n"


# ---- CEDT (CXL 3.2 §9.18.1) -------------------------------------------------

def cedt_record(kind: int, payload: bytes) -> bytes:
    return struct.pack("<BBH", kind, 0, 4 + len(payload)) + payload


def chbs(uid: int, cxl_version: int, base: int, length: int) -> bytes:
    return cedt_record(0, struct.pack("<IIIQQ", uid, cxl_version, 0, base, length))


def cfmws(base: int, size: int, eniw: int, arithmetic: int, hbig: int, restrictions: int, qtg_id: int,
          targets: list) -> bytes:
    fixed = struct.pack("<IQQBBHIHH", 0, base, size, eniw, arithmetic, 0, hbig, restrictions, qtg_id)
    return cedt_record(1, fixed + b"".join(struct.pack("<I", t) for t in targets))


def cxims(hbig: int, xormaps: list) -> bytes:
    return cedt_record(2, struct.pack("<HBB", 0, hbig, len(xormaps)) + b"".join(struct.pack("<Q", x) for x in xormaps))


def rdpas_17(segment: int, bdf: int, protocol: int, base: int) -> bytes:
    """CXL specification, fwts, Linux: Protocol at +8, Base Address at +9."""
    return cedt_record(3, struct.pack("<HHBQ", segment, bdf, protocol, base))


def rdpas_20(segment: int, bdf: int, protocol: int, base: int) -> bytes:
    """ACPICA 2026: Base Address at +8, Protocol at +16, 3 reserved bytes."""
    return cedt_record(3, struct.pack("<HHQB3s", segment, bdf, base, protocol, bytes(3)))


def csds(capabilities: int) -> bytes:
    return cedt_record(4, struct.pack("<HH", capabilities, 0))


def cedt_all_types() -> bytes:
    records = [
        chbs(uid=7, cxl_version=1, base=0x0000010370400000, length=0x10000),
        chbs(uid=8, cxl_version=0, base=0x00000000FED10000, length=0x2000),
        # 4 ways (ENIW 2), 512-byte granularity (HBIG 1), Type 3 + volatile.
        cfmws(0x0000001000000000, 0x100000000, eniw=2, arithmetic=0, hbig=1, restrictions=0x0006, qtg_id=1,
              targets=[7, 8, 9, 10]),
        # 3 ways (ENIW 8), XOR, 256 bytes, Type 3 + persistent + back-invalidate.
        cfmws(0x0000002000000000, 0xC0000000, eniw=8, arithmetic=1, hbig=0, restrictions=0x002A, qtg_id=2,
              targets=[7, 8, 9]),
        cxims(hbig=2, xormaps=[0x0000000000404100, 0x0000000000808200]),
        rdpas_17(segment=0, bdf=0x0010, protocol=1, base=0x00000000FED20000),
        rdpas_20(segment=1, bdf=0x0308, protocol=0, base=0x00000000FED30000),
        csds(capabilities=0x0005),
    ]
    return table(b"CEDT", 2, b"CEDTALL ", b"".join(records))


def cedt_invalid_cfmws() -> bytes:
    """Encodings the decoder must survive; kept apart from cedt_all_types
    because iasl 20250404 reads 1 << ENIW targets past the record's end."""
    records = [
        # ENIW 5 and HBIG 7 are not valid encodings: no targets are expected.
        cfmws(0x0000003000000000, 0x10000000, eniw=5, arithmetic=0, hbig=7, restrictions=0x0004, qtg_id=0,
              targets=[]),
        # 2 ways (ENIW 1) but room for 1 target only.
        cfmws(0x0000004000000000, 0x20000000, eniw=1, arithmetic=0, hbig=0, restrictions=0x0004, qtg_id=0,
              targets=[7]),
    ]
    return table(b"CEDT", 2, b"CEDTBAD ", b"".join(records))


# ---- SRAT types 6 and 7 (ACPI 6.6 §5.2.16) ----------------------------------

def srat_generic_port(proximity_domain: int, hid: bytes, uid: int, flags: int) -> bytes:
    handle = struct.pack("<8sI4s", hid, uid, bytes(4))  # ACPI device handle
    return struct.pack("<BBBBI16sII", 6, 32, 0, 0, proximity_domain, handle, flags, 0)


def srat_rintc(proximity_domain: int, processor_uid: int, flags: int, clock_domain: int) -> bytes:
    return struct.pack("<BBHIIII", 7, 20, 0, proximity_domain, processor_uid, flags, clock_domain)


def srat_gp_rintc() -> bytes:
    header = struct.pack("<IQ", 1, 0)  # Table Revision, Reserved
    records = [
        srat_generic_port(proximity_domain=2, hid=b"ACPI0016", uid=0x0C, flags=1),
        srat_rintc(proximity_domain=3, processor_uid=4, flags=1, clock_domain=5),
    ]
    return table(b"SRAT", 3, b"SRATGPRI", header + b"".join(records))


# ---- types no decoder knows, and layouts iasl walks differently --------------

def srat_unknown_type() -> bytes:
    """A type 8 subtable (no ACPI version defines it) between two known ones:
    shown raw and walked over by its Length."""
    header = struct.pack("<IQ", 1, 0)
    local_apic = struct.pack("<BBBBIB3sI", 0, 16, 0, 0, 1, 0, bytes(3), 0)
    unknown = struct.pack("<BB10s", 8, 12, bytes(range(1, 11)))
    memory = struct.pack("<BBIHQQIIQ", 1, 40, 0, 0, 0, 0x80000000, 0, 1, 0)
    return table(b"SRAT", 3, b"SRATUNKN", header + local_apic + unknown + memory)


def hmat_unknown_types() -> bytes:
    """HMAT types 3 and 0x0100 (iasl prints only a type's low byte) around a
    type 0 structure."""
    def structure(kind: int, payload: bytes) -> bytes:
        return struct.pack("<HHI", kind, 0, 8 + len(payload)) + payload
    memory_domain = structure(0, struct.pack("<HHIIIQQ", 1, 0, 0, 1, 0, 0, 0))
    records = [structure(3, bytes(4)), memory_domain, structure(0x0100, bytes(8))]
    return table(b"HMAT", 2, b"HMATUNKN", bytes(4) + b"".join(records))


def cedt_unknown_type() -> bytes:
    """CEDT type 5 (no CXL version defines it) after a host bridge."""
    records = [
        chbs(uid=1, cxl_version=1, base=0x0000010370400000, length=0x10000),
        cedt_record(5, bytes(range(1, 9))),
        chbs(uid=2, cxl_version=1, base=0x0000010370410000, length=0x10000),
    ]
    return table(b"CEDT", 1, b"CEDTUNKN", b"".join(records))


def msct_odd_layout() -> bytes:
    """Proximity Offset 0x3C (4 bytes of padding after the header) and
    24-byte structures (2 bytes past the 22 the specification has): numaplan
    follows the offset and the Length fields; iasl starts at 0x38 and steps 22."""
    header = struct.pack("<IIIQ", 0x3C, 3, 0, 0x0000FFFFFFFFFFFF) + bytes(4)
    records = [struct.pack("<BBIIIQH", 1, 24, low, high, 2, 0x80000000, 0) for low, high in ((0, 1), (2, 3))]
    return table(b"MSCT", 1, b"MSCTODD ", header + b"".join(records))


FIXTURES = {
    "cedt-all-types.txt": cedt_all_types,
    "cedt-invalid-cfmws.txt": cedt_invalid_cfmws,
    "srat-gp-rintc.txt": srat_gp_rintc,
    "srat-unknown-type.txt": srat_unknown_type,
    "hmat-unknown-types.txt": hmat_unknown_types,
    "cedt-unknown-type.txt": cedt_unknown_type,
    "msct-odd-layout.txt": msct_odd_layout,
}


def main() -> int:
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "tables" / "fixtures"
    out.mkdir(parents=True, exist_ok=True)
    for name, build in FIXTURES.items():
        (out / name).write_text(acpidump_text(build()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
