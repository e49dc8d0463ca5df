[0004]                          Signature : "SLIT"
[0004]                       Table Length : 00000000
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "NUMAPL"
[0008]                       Oem Table ID : "SLITBIG "
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "INTL"
[0004]              Asl Compiler Revision : 20200925

[0008]                         Localities : 0000000000000008
[0008]                       Locality   0 : 0A 11 12 13 14 15 16 17
[0008]                       Locality   1 : 18 0A 1A 1B 1C 1D 1E 1F
[0008]                       Locality   2 : 20 21 0A 23 24 25 26 27
[0008]                       Locality   3 : 28 29 2A 0A 2C 2D 2E 2F
[0008]                       Locality   4 : 30 31 32 33 0A 35 36 37
[0008]                       Locality   5 : 38 39 3A 3B 3C 0A 3E 3F
[0008]                       Locality   6 : 40 41 42 43 44 45 0A 47
[0008]                       Locality   7 : 48 49 4A 4B 4C 4D 4E 0A
