"""Robustness of iu-btf on damaged BTF: mutates a valid raw BTF file
(truncations, flipped bytes, 32-bit fields set to extremes) and runs
iu-btf on each. Every run must end with status 0 and a header, or status 1,
an "iu-btf: error: FILE: ..." message and no output file; never a crash.
Some accepted headers are compiled with iu-cc -fsyntax-only: what iu-btf
accepts, the checker accepts.

    fuzz_btf.py IU_BTF IU_CC INPUT.btf WORKDIR [CASES]
"""
import os
import random
import subprocess
import sys


def mutate(rng, data):
    d = bytearray(data)
    how = rng.randrange(4)
    if how == 0:
        return bytes(d[: rng.randrange(len(d))])
    if how == 1:
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(24, len(d))  # past the header: the types and strings
            d[i] ^= 1 << rng.randrange(8)
        return bytes(d)
    at = rng.randrange(24, len(d) - 4) & ~3
    value = rng.choice([0, 1, 2, 0x7FFFFFFF, 0xFFFFFFFF, rng.randrange(1 << 32), rng.randrange(64)])
    d[at : at + 4] = value.to_bytes(4, "little")
    return bytes(d)


def main():
    iubtf, iucc, src, work = sys.argv[1:5]
    cases = int(sys.argv[5]) if len(sys.argv) > 5 else 300
    data = open(src, "rb").read()
    rng = random.Random(15)
    os.makedirs(work, exist_ok=True)
    accepted = compiled = 0
    for n in range(cases):
        path = os.path.join(work, "case%d.btf" % n)
        out = os.path.join(work, "out.hpp")
        with open(path, "wb") as f:
            f.write(mutate(rng, data))
        r = subprocess.run([iubtf, "dump", "--btf", path, "-o", out], capture_output=True, text=True)
        if r.returncode == 1:
            prefix = "iu-btf: error: %s: " % path
            if not r.stderr.startswith(prefix) or os.path.exists(out):
                sys.exit("case %d: status 1 without a message naming the file, or with an output: %r"
                         % (n, r.stderr))
        elif r.returncode == 0:
            accepted += 1
            if not os.path.exists(out):
                sys.exit("case %d: status 0 without an output" % n)
            if compiled < 10:
                compiled += 1
                os.replace(out, os.path.join(work, "vmlinux.hpp"))
                cpp = os.path.join(work, "use.cpp")
                with open(cpp, "w") as f:
                    f.write('#include <iu/iu.h>\n#include "vmlinux.hpp"\n')
                c = subprocess.run([iucc, "-fsyntax-only", cpp], capture_output=True, text=True)
                if c.returncode != 0:
                    sys.exit("case %d: the header does not compile:\n%s" % (n, c.stderr[:2000]))
            else:
                os.remove(out)
        else:
            sys.exit("case %d: status %d: %s" % (n, r.returncode, r.stderr[:500]))
        os.remove(path)
    print("fuzz_btf: %d cases, %d accepted, %d compiled" % (cases, accepted, compiled))


if __name__ == "__main__":
    main()
