"""Prints an image's typed-arguments records (.iu.config records of kind
IU_CONFIG_ARGS, abi.h struct iu_args_value), one line per program:

    unlinked: int 4, kptr filename

    args_records.py IMAGE
"""
import struct
import sys

CONFIG_MAGIC, CONFIG_ARGS = 0x43554955, 8
NAME_MAX, ARGS_MAX, TYPE_MAX = 48, 7, 56
KINDS = {1: "int", 2: "uint", 3: "kptr", 4: "uptr"}


def section(data, wanted):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    def header(i):
        return struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
    strtab = header(shstrndx)
    for i in range(shnum):
        h = header(i)
        name = data[strtab[4] + h[0]:].split(b"\0", 1)[0].decode()
        if name == wanted:
            return data[h[4]:h[4] + h[5]]
    return b""


def main():
    data = open(sys.argv[1], "rb").read()
    config = section(data, ".iu.config")
    off = 0
    while off + 16 + NAME_MAX <= len(config):
        magic, kind, size, _ = struct.unpack_from("<IIII", config, off)
        if magic != CONFIG_MAGIC:
            sys.exit("bad record at %d" % off)
        name = config[off + 16:off + 16 + NAME_MAX].split(b"\0", 1)[0].decode()
        value = off + 16 + NAME_MAX
        if kind == CONFIG_ARGS:
            count, flags = struct.unpack_from("<II", config, value)
            params = []
            for i in range(count):
                at = value + 8 + i * (8 + TYPE_MAX)
                k, sz = struct.unpack_from("<II", config, at)
                typ = config[at + 8:at + 8 + TYPE_MAX].split(b"\0", 1)[0].decode()
                if KINDS[k] in ("int", "uint"):
                    params.append("%s %d" % (KINDS[k], sz))
                else:
                    params.append(" ".join(filter(None, [KINDS[k], typ])))
            print(("%s: %s" % (name, ", ".join(params))).rstrip())
        off = value + ((size + 7) & ~7)


main()
