"""Writes small raw BTF files for iu-btf's error tests: a valid one and
corrupt ones (a reference to a type the file lacks, a typedef loop, a
struct that contains itself, a member name that is no identifier, a
truncated file, no magic number).

    make_btf.py KIND OUT    KIND: valid, bad-ref, typedef-loop, self-embed,
                            bad-name, truncated, bad-magic
"""
import struct
import sys

KIND_INT, KIND_PTR, KIND_STRUCT, KIND_TYPEDEF = 1, 2, 4, 8


class Btf:
    def __init__(self):
        self.strings = b"\0"
        self.types = b""

    def name(self, s):
        off = len(self.strings)
        self.strings += s.encode() + b"\0"
        return off

    def type(self, name, kind, vlen, size_or_type, extra=b""):
        info = (kind << 24) | vlen
        self.types += struct.pack("<III", self.name(name) if name else 0, info, size_or_type)
        self.types += extra

    def int(self, name, size, signed):
        self.type(name, KIND_INT, 0, size, struct.pack("<I", (1 if signed else 0) << 24 | size * 8))

    def struct(self, name, size, members):  # members: (name, type id, bit offset)
        extra = b"".join(struct.pack("<III", self.name(n), t, off) for n, t, off in members)
        self.type(name, KIND_STRUCT, len(members), size, extra)

    def bytes(self):
        hdr = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(self.types), len(self.types),
                          len(self.strings))
        return hdr + self.types + self.strings


def build(kind):
    b = Btf()
    b.int("int", 4, True)                                   # [1]
    if kind == "bad-ref":
        b.struct("task", 8, [("pid", 1, 0), ("parent", 9, 32)])  # [2]: type 9 does not exist
    elif kind == "typedef-loop":
        b.type("a_t", KIND_TYPEDEF, 0, 3)                   # [2] -> [3]
        b.type("b_t", KIND_TYPEDEF, 0, 2)                   # [3] -> [2]
        b.struct("task", 8, [("pid", 1, 0), ("x", 2, 32)])  # [4]
    elif kind == "bad-name":
        b.struct("task", 4, [('pid"); x(', 1, 0)])          # [2]
    elif kind == "self-embed":
        b.struct("task", 8, [("pid", 1, 0), ("me", 2, 32)])  # [2] contains [2]
    else:
        b.type("", KIND_PTR, 0, 3)                          # [2] -> task
        b.struct("task", 16, [("pid", 1, 0), ("parent", 2, 64)])  # [3]
    data = b.bytes()
    if kind == "truncated":
        data = data[: len(data) - 20]
    if kind == "bad-magic":
        data = b"\0\0" + data[2:]
    return data


if __name__ == "__main__":
    with open(sys.argv[2], "wb") as f:
        f.write(build(sys.argv[1]))
