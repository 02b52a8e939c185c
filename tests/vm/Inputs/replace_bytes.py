#!/usr/bin/env python3
"""Replaces every FROM in IN's bytes by TO (as long, escapes such as \\0
allowed) and writes OUT; fails if FROM does not occur. The VM tests use it
to make an image that names another tracepoint or field, then sign it
again (sign_raw.py), as a hostile toolchain could.

usage: replace_bytes.py IN OUT FROM TO
"""
import sys


def unescape(s):
    return s.encode("latin1").decode("unicode_escape").encode("latin1")


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    src, dst, old, new = sys.argv[1], sys.argv[2], unescape(sys.argv[3]), unescape(sys.argv[4])
    if len(old) != len(new):
        sys.exit(f"replace_bytes.py: {sys.argv[3]!r} and {sys.argv[4]!r} differ in length")
    data = open(src, "rb").read()
    if old not in data:
        sys.exit(f"replace_bytes.py: {src}: no {sys.argv[3]!r}")
    open(dst, "wb").write(data.replace(old, new))


if __name__ == "__main__":
    main()
