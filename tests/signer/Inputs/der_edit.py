#!/usr/bin/env python3
"""Re-encodes a DER CMS blob with one change, for the strict-form tests.

usage: der_edit.py digest-null IN OUT    give the SignerInfo's SHA-256
                                         digestAlgorithm NULL parameters
       der_edit.py pad N IN OUT          append N zero bytes

Everything else stays byte for byte; the lengths of the values around the
change are recomputed (DER, definite, minimal).
"""
import sys

SHA256_ALG = bytes.fromhex("300b0609608648016503040201")
SHA256_ALG_NULL = bytes.fromhex("300d06096086480165030402010500")


def parse(b, i=0, end=None):
    """[(tag, children or bytes)] of the values in b[i:end]."""
    end = len(b) if end is None else end
    out = []
    while i < end:
        tag, n = b[i], b[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7f
            n = int.from_bytes(b[i:i + k], "big")
            i += k
        body = b[i:i + n]
        out.append((tag, parse(b, i, i + n) if tag & 0x20 else body))
        i += n
    return out


def encode(values):
    out = b""
    for tag, v in values:
        body = encode(v) if isinstance(v, list) else v
        n = len(body)
        if n < 0x80:
            head = bytes([tag, n])
        else:
            raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
            head = bytes([tag, 0x80 | len(raw)]) + raw
        out += head + body
    return out


def signer_info(tree):
    # ContentInfo -> [0] -> SignedData -> signerInfos (last) -> SignerInfo
    return tree[0][1][1][1][0][1][-1][1][0][1]


def main():
    if sys.argv[1] == "pad":
        n, src, dst = int(sys.argv[2]), sys.argv[3], sys.argv[4]
        open(dst, "wb").write(open(src, "rb").read() + bytes(n))
        return
    src, dst = sys.argv[2:4]
    tree = parse(open(src, "rb").read())
    si = signer_info(tree)
    for k, (tag, v) in enumerate(si):
        if tag == 0x30 and encode([(tag, v)]) == SHA256_ALG:
            si[k] = parse(SHA256_ALG_NULL)[0]
            break
    else:
        sys.exit("no SHA-256 digestAlgorithm in the SignerInfo")
    open(dst, "wb").write(encode(tree))


if __name__ == "__main__":
    main()
