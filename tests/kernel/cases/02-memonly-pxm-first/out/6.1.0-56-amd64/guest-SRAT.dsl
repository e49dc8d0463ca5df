/*
 * Intel ACPI Component Architecture
 * AML/ASL+ Disassembler version 20200925 (64-bit version)
 * Copyright (c) 2000 - 2020 Intel Corporation
 * 
 * Disassembly of guest-SRAT.dat, Tue Nov 24 19:43:28 2026
 *
 * ACPI Data Table [SRAT]
 *
 * Format: [HexOffset DecimalOffset ByteLength]  FieldName : FieldValue
 */

[000h 0000   4]                    Signature : "SRAT"    [System Resource Affinity Table]
[004h 0004   4]                 Table Length : 000000C8
[008h 0008   1]                     Revision : 03
[009h 0009   1]                     Checksum : 78
[00Ah 0010   6]                       Oem ID : "NUMAPL"
[010h 0016   8]                 Oem Table ID : "MEMFIRST"
[018h 0024   4]                 Oem Revision : 00000001
[01Ch 0028   4]              Asl Compiler ID : "INTL"
[020h 0032   4]        Asl Compiler Revision : 20200925

[024h 0036   4]               Table Revision : 00000001
[028h 0040   8]                     Reserved : 0000000000000000

[030h 0048   1]                Subtable Type : 01 [Memory Affinity]
[031h 0049   1]                       Length : 28

[032h 0050   4]             Proximity Domain : 00000000
[036h 0054   2]                    Reserved1 : 0000
[038h 0056   8]                 Base Address : 0000000100000000
[040h 0064   8]               Address Length : 0000000040000000
[048h 0072   4]                    Reserved2 : 00000000
[04Ch 0076   4]        Flags (decoded below) : 00000001
                                     Enabled : 1
                               Hot Pluggable : 0
                                Non-Volatile : 0
[050h 0080   8]                    Reserved3 : 0000000000000000

[058h 0088   1]                Subtable Type : 00 [Processor Local APIC/SAPIC Affinity]
[059h 0089   1]                       Length : 10

[05Ah 0090   1]      Proximity Domain Low(8) : 01
[05Bh 0091   1]                      Apic ID : 00
[05Ch 0092   4]        Flags (decoded below) : 00000001
                                     Enabled : 1
[060h 0096   1]              Local Sapic EID : 00
[061h 0097   3]    Proximity Domain High(24) : 000000
[064h 0100   4]                 Clock Domain : 00000000

[068h 0104   1]                Subtable Type : 00 [Processor Local APIC/SAPIC Affinity]
[069h 0105   1]                       Length : 10

[06Ah 0106   1]      Proximity Domain Low(8) : 02
[06Bh 0107   1]                      Apic ID : 01
[06Ch 0108   4]        Flags (decoded below) : 00000001
                                     Enabled : 1
[070h 0112   1]              Local Sapic EID : 00
[071h 0113   3]    Proximity Domain High(24) : 000000
[074h 0116   4]                 Clock Domain : 00000000

[078h 0120   1]                Subtable Type : 01 [Memory Affinity]
[079h 0121   1]                       Length : 28

[07Ah 0122   4]             Proximity Domain : 00000001
[07Eh 0126   2]                    Reserved1 : 0000
[080h 0128   8]                 Base Address : 0000000000000000
[088h 0136   8]               Address Length : 0000000040000000
[090h 0144   4]                    Reserved2 : 00000000
[094h 0148   4]        Flags (decoded below) : 00000001
                                     Enabled : 1
                               Hot Pluggable : 0
                                Non-Volatile : 0
[098h 0152   8]                    Reserved3 : 0000000000000000

[0A0h 0160   1]                Subtable Type : 01 [Memory Affinity]
[0A1h 0161   1]                       Length : 28

[0A2h 0162   4]             Proximity Domain : 00000002
[0A6h 0166   2]                    Reserved1 : 0000
[0A8h 0168   8]                 Base Address : 0000000040000000
[0B0h 0176   8]               Address Length : 0000000040000000
[0B8h 0184   4]                    Reserved2 : 00000000
[0BCh 0188   4]        Flags (decoded below) : 00000001
                                     Enabled : 1
                               Hot Pluggable : 0
                                Non-Volatile : 0
[0C0h 0192   8]                    Reserved3 : 0000000000000000

Raw Table Data: Length 200 (0xC8)

    0000: 53 52 41 54 C8 00 00 00 03 78 4E 55 4D 41 50 4C  // SRAT.....xNUMAPL
    0010: 4D 45 4D 46 49 52 53 54 01 00 00 00 49 4E 54 4C  // MEMFIRST....INTL
    0020: 25 09 20 20 01 00 00 00 00 00 00 00 00 00 00 00  // %.  ............
    0030: 01 28 00 00 00 00 00 00 00 00 00 00 01 00 00 00  // .(..............
    0040: 00 00 00 40 00 00 00 00 00 00 00 00 01 00 00 00  // ...@............
    0050: 00 00 00 00 00 00 00 00 00 10 01 00 01 00 00 00  // ................
    0060: 00 00 00 00 00 00 00 00 00 10 02 01 01 00 00 00  // ................
    0070: 00 00 00 00 00 00 00 00 01 28 01 00 00 00 00 00  // .........(......
    0080: 00 00 00 00 00 00 00 00 00 00 00 40 00 00 00 00  // ...........@....
    0090: 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00  // ................
    00A0: 01 28 02 00 00 00 00 00 00 00 00 40 00 00 00 00  // .(.........@....
    00B0: 00 00 00 40 00 00 00 00 00 00 00 00 01 00 00 00  // ...@............
    00C0: 00 00 00 00 00 00 00 00                          // ........
