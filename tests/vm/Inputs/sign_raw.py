#!/usr/bin/env python3
"""Signs any bytes the way iu images are signed, without looking at them.

usage: sign_raw.py strip IN OUT               the payload of a signed image
       sign_raw.py sign KEY CERT IN OUT [FORM] IN's payload, signed by KEY
       sign_raw.py cms-range IN               offset and length of the signed
                                              file's CMS blob, less the
                                              signature value's contents

FORM makes the CMS blob one of the forms the verifiers must refuse:
  certs     the signer's certificate embedded in the blob
  sha384    digest SHA-384
  keyid     the signer named by subject key identifier
  attrs     signed attributes
  zero-pad  16 zero bytes after the DER object (counted in sig_len)

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


def der_len(b, i):
    """(header length, content length) of the DER value at b[i]."""
    n = b[i + 1]
    if n < 0x80:
        return 2, n
    k = n & 0x7f
    return 2 + k, int.from_bytes(b[i + 2:i + 2 + k], "big")


def cms_range(data):
    """The CMS blob's offset and the length up to the signature value's
    contents (the last OCTET STRING of the only SignerInfo)."""
    end = len(data) - len(MAGIC) - TRAILER.size
    sig_len = TRAILER.unpack_from(data, end)[6]
    start = end - sig_len
    # Walk the last element of each nested structure down to the signature:
    # ContentInfo -> [0] -> SignedData -> signerInfos -> SignerInfo -> OCTET STRING.
    i = start
    for _ in range(5):
        hl, cl = der_len(data, i)
        i, stop = i + hl, i + hl + cl
        while True:  # the last child
            chl, ccl = der_len(data, i)
            if i + chl + ccl >= stop:
                break
            i += chl + ccl
    hl, _ = der_len(data, i)
    return start, i + hl - start


FORMS = {
    None: ["-noattr", "-nocerts", "-md", "sha256"],
    "certs": ["-noattr", "-md", "sha256"],
    "sha384": ["-noattr", "-nocerts", "-md", "sha384"],
    "keyid": ["-noattr", "-nocerts", "-md", "sha256", "-keyid"],
    "attrs": ["-nocerts", "-md", "sha256"],
    "zero-pad": ["-noattr", "-nocerts", "-md", "sha256"],
}


def main():
    if sys.argv[1] == "strip":
        src, dst = sys.argv[2:4]
        open(dst, "wb").write(payload(open(src, "rb").read()))
        return
    if sys.argv[1] == "cms-range":
        print(*cms_range(open(sys.argv[2], "rb").read()))
        return
    key, cert, src, dst = sys.argv[2:6]
    form = sys.argv[6] if len(sys.argv) > 6 else None
    body = payload(open(src, "rb").read())
    with tempfile.NamedTemporaryFile() as tmp:
        tmp.write(body)
        tmp.flush()
        sig = subprocess.run(["openssl", "cms", "-sign", "-binary", "-outform", "DER",
                              "-signer", cert, "-inkey", key, "-in", tmp.name] + FORMS[form],
                             check=True, stdout=subprocess.PIPE).stdout
    if form == "zero-pad":
        sig += bytes(16)
    trailer = TRAILER.pack(0, 0, 2, 0, 0, b"\0\0\0", len(sig))
    open(dst, "wb").write(body + sig + trailer + MAGIC)


if __name__ == "__main__":
    main()
