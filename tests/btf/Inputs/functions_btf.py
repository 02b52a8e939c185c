"""Writes raw BTF with functions for iu-btf's --functions tests: prototypes
typed arguments take, and ones they cannot (variadic, a struct by value,
seven arguments, a 128-bit return value), as C would declare them:

    int do_unlinkat(int dfd, struct filename *name);
    ssize_t vfs_write(struct file *file, const char *buf, size_t count, loff_t *pos);
    void exit_void(int code);
    int vprint(const char *fmt, ...);
    int by_value(struct big b);
    int seven(int a, int b, int c, int d, int e, int f, int g);
    unsigned __int128 wide(int x);
    int new_op(struct new *n, enum mode m, _Bool flag, char c);
    int proto_user(struct function_prototype *p);

    functions_btf.py OUT
"""
import struct
import sys

INT, PTR, STRUCT, ENUM, FWD, TYPEDEF, CONST, FUNC, FUNC_PROTO = 1, 2, 4, 6, 7, 8, 10, 12, 13
SIGNED, CHAR, BOOL = 1, 2, 4


class Btf:
    def __init__(self):
        self.strings = b"\0"
        self.types = b""
        self.count = 0

    def name(self, s):
        if not s:
            return 0
        off = len(self.strings)
        self.strings += s.encode() + b"\0"
        return off

    def type(self, name, kind, vlen, size_or_type, extra=b"", kflag=0):
        self.types += struct.pack("<III", self.name(name), kflag << 31 | kind << 24 | vlen,
                                  size_or_type) + extra
        self.count += 1
        return self.count

    def int(self, name, size, enc=0):
        return self.type(name, INT, 0, size, struct.pack("<I", enc << 24 | size * 8))

    def ptr(self, to):
        return self.type("", PTR, 0, to)

    def struct(self, name, size, members):  # (name, type, bit offset)
        extra = b"".join(struct.pack("<III", self.name(n), t, o) for n, t, o in members)
        return self.type(name, STRUCT, len(members), size, extra)

    def func(self, name, ret, params):  # (name, type); type 0 ends a variadic list
        extra = b"".join(struct.pack("<II", self.name(n), t) for n, t in params)
        proto = self.type("", FUNC_PROTO, len(params), ret, extra)
        return self.type(name, FUNC, 1, proto)

    def bytes(self):
        hdr = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(self.types), len(self.types),
                          len(self.strings))
        return hdr + self.types + self.strings


def build():
    b = Btf()
    s32 = b.int("int", 4, SIGNED)
    ulong = b.int("long unsigned int", 8)
    slong = b.int("long int", 8, SIGNED)
    llong = b.int("long long int", 8, SIGNED)
    char = b.int("char", 1, SIGNED | CHAR)
    boolean = b.int("_Bool", 1, BOOL)
    u128 = b.int("unsigned __int128", 16)
    size_t = b.type("size_t", TYPEDEF, 0, ulong)
    ssize_t = b.type("ssize_t", TYPEDEF, 0, slong)
    loff_t = b.type("loff_t", TYPEDEF, 0, llong)
    const_char = b.type("", CONST, 0, char)
    filename = b.struct("filename", 8, [("name", b.ptr(const_char), 0)])
    file = b.type("file", FWD, 0, 0)
    big = b.struct("big", 16, [("a", slong, 0), ("b", slong, 64)])
    new = b.struct("new", 4, [("x", s32, 0)])
    reserved = b.struct("function_prototype", 4, [("x", s32, 0)])
    mode = b.type("mode", ENUM, 1, 4, struct.pack("<Ii", b.name("MODE_A"), 0))

    filename_ptr, file_ptr = b.ptr(filename), b.ptr(file)
    const_char_ptr, loff_ptr = b.ptr(const_char), b.ptr(loff_t)
    new_ptr, reserved_ptr = b.ptr(new), b.ptr(reserved)
    b.func("do_unlinkat", s32, [("dfd", s32), ("name", filename_ptr)])
    b.func("vfs_write", ssize_t,
           [("file", file_ptr), ("buf", const_char_ptr), ("count", size_t), ("pos", loff_ptr)])
    b.func("exit_void", 0, [("code", s32)])
    b.func("vprint", s32, [("fmt", const_char_ptr), ("", 0)])
    b.func("by_value", s32, [("b", big)])
    b.func("seven", s32, [(n, s32) for n in "abcdefg"])
    b.func("wide", u128, [("x", s32)])
    b.func("new_op", s32, [("n", new_ptr), ("m", mode), ("flag", boolean), ("c", char)])
    b.func("proto_user", s32, [("p", reserved_ptr)])
    return b.bytes()


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as f:
        f.write(build())
