[0004]                          Signature : "SLIT"
[0004]                       Table Length : 00000000
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "NUMAPL"
[0008]                       Oem Table ID : "SLITCFM "
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "INTL"
[0004]              Asl Compiler Revision : 20200925

[0008]                         Localities : 0000000000000003
[0003]                       Locality   0 : 0A 15 1F
[0003]                       Locality   1 : 15 0A 20
[0003]                       Locality   2 : 21 22 0A
