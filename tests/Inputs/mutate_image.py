#!/usr/bin/env python3
"""Writes a damaged copy of an iu image, for the loader's error-path tests.

usage: mutate_image.py KIND IN OUT   (KIND program-target=TEXT sets program 0's target)

Each KIND breaks one property the loader checks, and nothing else.
"""
import struct
import sys

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR = struct.Struct("<IIQQQQQQ")
SHDR = struct.Struct("<IIQQQQIIQQ")
RELA = struct.Struct("<QQq")
PT_LOAD, PF_X, PF_W = 1, 1, 2


def headers(b):
    e = EHDR.unpack_from(b, 0)
    phoff, shoff, phnum, shnum, shstrndx = e[5], e[6], e[10], e[12], e[13]
    phdrs = [(phoff + i * PHDR.size, list(PHDR.unpack_from(b, phoff + i * PHDR.size))) for i in range(phnum)]
    shdrs = [(shoff + i * SHDR.size, list(SHDR.unpack_from(b, shoff + i * SHDR.size))) for i in range(shnum)]
    strtab = shdrs[shstrndx][1]
    def name(sh):
        start = strtab[4] + sh[0]
        return bytes(b[start:b.index(b"\0", start)]).decode()
    return phdrs, {name(sh): (off, sh) for off, sh in shdrs}


def section(b, name):
    _, secs = headers(b)
    return secs[name][1]


def main():
    kind, src, dst = sys.argv[1:4]
    b = bytearray(open(src, "rb").read())
    phdrs, secs = headers(b)
    loads = [(off, ph) for off, ph in phdrs if ph[0] == PT_LOAD]
    if kind == "not-elf":
        b[0:4] = b"\x7fEFL"
    elif kind == "wrong-machine":
        struct.pack_into("<H", b, 18, 183)  # EM_AARCH64
    elif kind == "wrong-type":
        struct.pack_into("<H", b, 16, 2)  # ET_EXEC
    elif kind == "truncated":
        b = b[: len(b) // 3]
    elif kind == "truncated-header":
        b = b[:40]
    elif kind == "wx-segment":
        off, ph = next((o, p) for o, p in loads if p[1] & PF_X)
        ph[1] |= PF_W
        PHDR.pack_into(b, off, *ph)
    elif kind == "overlapping-segments":
        (o0, p0), (o1, p1) = loads[0], loads[1]
        p1[3] = p0[3]  # second segment at the first one's address
        p1[2] = p0[2]
        PHDR.pack_into(b, o1, *p1)
    elif kind == "segment-outside-file":
        off, ph = loads[-1]
        ph[5] = len(b) * 4  # p_filesz
        ph[6] = max(ph[6], ph[5])
        PHDR.pack_into(b, off, *ph)
    elif kind == "unknown-helper":
        sh = section(b, ".dynstr")
        start, end = sh[4], sh[4] + sh[5]
        i = b.index(b"iu_trace_printk\0", start, end)
        b[i:i + 15] = b"iu_trace_evilk\0"[:15]
        b[i:i + 16] = b"iu_hack_printk\0\0"
    elif kind == "bad-relocation":
        sh = section(b, ".rela.dyn")
        r = list(RELA.unpack_from(b, sh[4]))
        r[1] = (r[1] & ~0xffffffff) | 1  # R_X86_64_64
        RELA.pack_into(b, sh[4], *r)
    elif kind == "relative-outside":
        sh = section(b, ".rela.dyn")
        for i in range(sh[5] // RELA.size):
            r = list(RELA.unpack_from(b, sh[4] + i * RELA.size))
            if r[1] & 0xffffffff == 8:
                r[2] = 0x7fffffff0000
                RELA.pack_into(b, sh[4] + i * RELA.size, *r)
                break
    elif kind == "entry-outside-code":
        # Point the first program's entry at the program table itself.
        progs = section(b, ".iu.progs")
        rela = section(b, ".rela.dyn")
        for i in range(rela[5] // RELA.size):
            r = list(RELA.unpack_from(b, rela[4] + i * RELA.size))
            if r[1] & 0xffffffff == 8 and progs[3] <= r[0] < progs[3] + progs[5]:
                r[2] = progs[3]
                RELA.pack_into(b, rela[4] + i * RELA.size, *r)
                break
    elif kind == "bad-program-magic":
        progs = section(b, ".iu.progs")
        struct.pack_into("<I", b, progs[4], 0xdeadbeef)
    elif kind == "bad-program-type":
        progs = section(b, ".iu.progs")
        struct.pack_into("<I", b, progs[4] + 4, 99)
    elif kind.startswith("program-target="):
        # Program 0's attach target (iu_prog_desc: magic, type, name[64],
        # target[128]), NUL-padded.
        progs = section(b, ".iu.progs")
        target = kind[len("program-target="):].encode()
        b[progs[4] + 72:progs[4] + 200] = target.ljust(128, b"\0")
    elif kind == "program-table-outside":
        off, sh = headers(b)[1][".iu.progs"]
        sh[4] = len(b) + 4096  # sh_offset past the end
        SHDR.pack_into(b, off, *sh)
    elif kind == "two-program-tables":
        # Name a second section .iu.progs: which table would the image mean?
        _, secs = headers(b)
        off, sh = secs[".shstrtab"]
        sh[0] = secs[".iu.progs"][1][0]
        SHDR.pack_into(b, off, *sh)
    elif kind == "no-note":
        # Rename the section: the image then carries no .note.iu.
        shstr = headers(b)[1][".shstrtab"][1]
        i = b.index(b".note.iu\0", shstr[4], shstr[4] + shstr[5])
        b[i:i + 8] = b".note.xx"
    elif kind == "bad-note-abi":
        note = section(b, ".note.iu")
        struct.pack_into("<I", b, note[4] + 16, 99)  # desc.abi_version
    elif kind == "fuel-over-max":
        note = section(b, ".note.iu")
        struct.pack_into("<Q", b, note[4] + 32, 10000001)  # desc.fuel_budget: IU_FUEL_MAX + 1
    # .maps descriptors: magic, type, key_size, value_size, max_entries,
    # flags, name[64], values, reserved (abi.h struct iu_map_desc, 104 bytes).
    elif kind == "map-bad-magic":
        struct.pack_into("<I", b, section(b, ".maps")[4], 0xdeadbeef)
    elif kind == "map-bad-type":
        struct.pack_into("<I", b, section(b, ".maps")[4] + 4, 42)
    elif kind == "map-array-key-size":
        # the first map is an array: its key is a 4-byte index
        struct.pack_into("<I", b, section(b, ".maps")[4] + 8, 8)
    elif kind == "map-values-set":
        # an address the image would choose for the array's values
        struct.pack_into("<Q", b, section(b, ".maps")[4] + 88, 0xffffffff81000000)
    elif kind == "map-zero-entries":
        struct.pack_into("<I", b, section(b, ".maps")[4] + 16, 0)
    elif kind == "map-huge":
        struct.pack_into("<I", b, section(b, ".maps")[4] + 16, 0x7fffffff)
    elif kind == "map-duplicate-name":
        maps = section(b, ".maps")
        b[maps[4] + 104 + 24:maps[4] + 104 + 88] = b[maps[4] + 24:maps[4] + 88]
    elif kind == "map-bad-name":
        b[section(b, ".maps")[4] + 24] = ord("-")
    elif kind == "map-unterminated-name":
        maps = section(b, ".maps")
        b[maps[4] + 24:maps[4] + 88] = b"x" * 64
    # .iu.config records: magic, kind, size, reserved, name[48], value.
    elif kind == "config-bad-size":
        struct.pack_into("<I", b, section(b, ".iu.config")[4] + 8, 3)  # a 3-byte integer
    elif kind == "config-bad-kind":
        struct.pack_into("<I", b, section(b, ".iu.config")[4] + 4, 9)
    elif kind == "config-bad-kind-16":
        # an unknown kind with a kernel type field's size
        struct.pack_into("<II", b, section(b, ".iu.config")[4] + 4, 7, 16)
    elif kind == "config-overruns":
        struct.pack_into("<I", b, section(b, ".iu.config")[4] + 4, 5)  # bytes
        struct.pack_into("<I", b, section(b, ".iu.config")[4] + 8, 4000)
    elif kind == "config-duplicate-name":
        conf = section(b, ".iu.config")
        b[conf[4] + 72 + 16:conf[4] + 72 + 64] = b[conf[4] + 16:conf[4] + 64]
    elif kind == "note-map-count":
        note = section(b, ".note.iu")
        struct.pack_into("<I", b, note[4] + 16 + 104, 5)  # desc.map_count
    elif kind == "note-config-count":
        note = section(b, ".note.iu")
        struct.pack_into("<I", b, note[4] + 16 + 108, 0)  # desc.config_count
    else:
        sys.exit("unknown kind " + kind)
    open(dst, "wb").write(bytes(b))


if __name__ == "__main__":
    main()
