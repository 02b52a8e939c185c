#!/usr/bin/env python3
"""Signs any bytes the way iu images are signed, without looking at them.

usage: sign_raw.py strip IN OUT          the payload of a signed image
       sign_raw.py sign KEY CERT IN OUT  IN's payload, signed by KEY

The signature is abi.h's layout: [payload][CMS DER, detached SHA-256, no
certificates, no attributes][trailer, big-endian sig_len][magic]. The VM
tests use it to hand iu.ko malformed images that carry a valid signature,
which iu-sign (rightly) would refuse to produce.
"""
import struct
import subprocess
import sys
import tempfile

MAGIC = b"~iu signature appended~\n"
TRAILER = struct.Struct(">BBBBB3sI")


def payload(data):
    if not data.endswith(MAGIC):
        return data
    end = len(data) - len(MAGIC) - TRAILER.size
    sig_len = TRAILER.unpack_from(data, end)[6]
    return data[:end - sig_len]


def main():
    if sys.argv[1] == "strip":
        src, dst = sys.argv[2:4]
        open(dst, "wb").write(payload(open(src, "rb").read()))
        return
    key, cert, src, dst = sys.argv[2:6]
    body = payload(open(src, "rb").read())
    with tempfile.NamedTemporaryFile() as tmp:
        tmp.write(body)
        tmp.flush()
        sig = subprocess.run(["openssl", "cms", "-sign", "-binary", "-noattr", "-nocerts",
                              "-outform", "DER", "-md", "sha256", "-signer", cert, "-inkey", key,
                              "-in", tmp.name], check=True, stdout=subprocess.PIPE).stdout
    trailer = TRAILER.pack(0, 0, 2, 0, 0, b"\0\0\0", len(sig))
    open(dst, "wb").write(body + sig + trailer + MAGIC)


if __name__ == "__main__":
    main()
