[0004]                          Signature : "SLIT"
[0004]                       Table Length : 00000000
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "NUMAPL"
[0008]                       Oem Table ID : "FALLBACK"
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "INTL"
[0004]              Asl Compiler Revision : 20200925

[0008]                         Localities : 0000000000000006
[0006]                       Locality   0 : 0A 14 14 1E 19 19
[0006]                       Locality   1 : 14 0A 1E 14 19 19
[0006]                       Locality   2 : 14 1E 0A 14 11 1E
[0006]                       Locality   3 : 1E 14 14 0A 1E 11
[0006]                       Locality   4 : 19 19 11 1E 0A 14
[0006]                       Locality   5 : 19 19 1E 11 14 0A
