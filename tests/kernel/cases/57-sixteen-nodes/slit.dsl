[0004]                          Signature : "SLIT"
[0004]                       Table Length : 00000000
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "NUMAPL"
[0008]                       Oem Table ID : "SIXTEEN "
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "INTL"
[0004]              Asl Compiler Revision : 20200925

[0008]                         Localities : 0000000000000010
[0010]                       Locality   0 : 0A 0C 0C 0C 15 15 15 15 15 15 15 15 20 20 20 20
[0010]                       Locality   1 : 0C 0A 0C 0C 15 15 15 15 15 15 15 15 20 20 20 20
[0010]                       Locality   2 : 0C 0C 0A 0C 15 15 15 15 15 15 15 15 20 20 20 20
[0010]                       Locality   3 : 0C 0C 0C 0A 15 15 15 15 15 15 15 15 20 20 20 20
[0010]                       Locality   4 : 15 15 15 15 0A 0C 0C 0C 20 20 20 20 15 15 15 15
[0010]                       Locality   5 : 15 15 15 15 0C 0A 0C 0C 20 20 20 20 15 15 15 15
[0010]                       Locality   6 : 15 15 15 15 0C 0C 0A 0C 20 20 20 20 15 15 15 15
[0010]                       Locality   7 : 15 15 15 15 0C 0C 0C 0A 20 20 20 20 15 15 15 15
[0010]                       Locality   8 : 15 15 15 15 20 20 20 20 0A 0C 0C 0C 15 15 15 15
[0010]                       Locality   9 : 15 15 15 15 20 20 20 20 0C 0A 0C 0C 15 15 15 15
[0010]                       Locality  10 : 15 15 15 15 20 20 20 20 0C 0C 0A 0C 15 15 15 15
[0010]                       Locality  11 : 15 15 15 15 20 20 20 20 0C 0C 0C 0A 15 15 15 15
[0010]                       Locality  12 : 20 20 20 20 15 15 15 15 15 15 15 15 0A 0C 0C 0C
[0010]                       Locality  13 : 20 20 20 20 15 15 15 15 15 15 15 15 0C 0A 0C 0C
[0010]                       Locality  14 : 20 20 20 20 15 15 15 15 15 15 15 15 0C 0C 0A 0C
[0010]                       Locality  15 : 20 20 20 20 15 15 15 15 15 15 15 15 0C 0C 0C 0A
