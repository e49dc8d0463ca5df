/*
 * MSCT for the sparse-SRAT machine (oracle case d1: SRAT PXMs 0, 3 (GI), 7
 * enabled, 9 disabled): 10 proximity domains, so 7 are spare. Ranges 1-2
 * and 8-9 are domains SRAT does not use and give the spare nodes their
 * capacity: 512 MiB each for PXMs 1-2, 1 GiB each for 8-9.
 */
[0004]                          Signature : "MSCT"
[0004]                       Table Length : 00000000
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "NUMAPL"
[0008]                       Oem Table ID : "SPARE"
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "INTL"
[0004]              Asl Compiler Revision : 20200925

[0004]                   Proximity Offset : 00000038
[0004]              Max Proximity Domains : 00000009
[0004]                  Max Clock Domains : 00000000
[0008]               Max Physical Address : 000000FFFFFFFFFF

[0001]                           Revision : 01
[0001]                             Length : 16
[0004]                 Domain Range Start : 00000000
[0004]                   Domain Range End : 00000000
[0004]                 Processor Capacity : 00000001
[0008]                    Memory Capacity : 0000000080000000

[0001]                           Revision : 01
[0001]                             Length : 16
[0004]                 Domain Range Start : 00000001
[0004]                   Domain Range End : 00000002
[0004]                 Processor Capacity : 00000000
[0008]                    Memory Capacity : 0000000020000000

[0001]                           Revision : 01
[0001]                             Length : 16
[0004]                 Domain Range Start : 00000007
[0004]                   Domain Range End : 00000007
[0004]                 Processor Capacity : 00000001
[0008]                    Memory Capacity : 00000000C0000000

[0001]                           Revision : 01
[0001]                             Length : 16
[0004]                 Domain Range Start : 00000008
[0004]                   Domain Range End : 00000009
[0004]                 Processor Capacity : 00000000
[0008]                    Memory Capacity : 0000000040000000
