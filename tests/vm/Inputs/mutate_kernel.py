#!/usr/bin/env python3
"""Damaged copies of an iu image for what only iu.ko checks (the shared
kinds are tests/Inputs/mutate_image.py's).

usage: mutate_kernel.py KIND IN OUT

  relro-inside  the writable segment that holds RELRO grows by a page and
                PT_GNU_RELRO moves to its second page: a RELRO range that
                does not start its segment
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Inputs"))
from mutate_image import PHDR, PT_LOAD, PF_W, headers  # noqa: E402

PT_GNU_RELRO = 0x6474E552


def main():
    kind, src, dst = sys.argv[1:4]
    b = bytearray(open(src, "rb").read())
    phdrs, _ = headers(b)
    if kind == "relro-inside":
        roff, relro = next((o, p) for o, p in phdrs if p[0] == PT_GNU_RELRO)
        soff, seg = next((o, p) for o, p in phdrs
                         if p[0] == PT_LOAD and p[1] & PF_W and p[3] == relro[3])
        # Two pages of memory (the next segment, if any, starts at least a
        # page after this one's first page ends: move it up a page too).
        for o, p in phdrs:
            if p[0] == PT_LOAD and p[3] > seg[3]:
                p[2] += 0x1000
                p[3] += 0x1000
                p[4] += 0x1000
                PHDR.pack_into(b, o, *p)
        seg[6] = 0x2000  # p_memsz
        PHDR.pack_into(b, soff, *seg)
        # RELRO: the whole second page.
        relro[2] += 0x1000  # p_offset
        relro[3] += 0x1000  # p_vaddr
        relro[4] += 0x1000  # p_paddr
        relro[5] = relro[6] = 0x1000
        PHDR.pack_into(b, roff, *relro)
    else:
        sys.exit("unknown kind " + kind)
    open(dst, "wb").write(bytes(b))


if __name__ == "__main__":
    main()
