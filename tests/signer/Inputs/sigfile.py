#!/usr/bin/env python3
# Independent reader/writer of the signed-image layout, for the signer
# tests: it knows the format from docs/signature.md, not from the library.
#
#   [payload][CMS, sig_len bytes][trailer, 12 bytes][magic, 24 bytes]
#   trailer = algo, hash, id_type (2), signer_len, key_id_len, pad[3],
#             sig_len (big-endian u32)
import struct
import sys

MAGIC = b"~iu signature appended~\n"
TRAILER = 12


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def layout(data):
    """(payload_len, cms_len) of a well-formed signed image, or raise."""
    if not data.endswith(MAGIC):
        raise ValueError("no magic")
    t = data[-len(MAGIC) - TRAILER:-len(MAGIC)]
    if len(t) != TRAILER:
        raise ValueError("short trailer")
    sig_len = struct.unpack(">I", t[8:12])[0]
    payload_len = len(data) - len(MAGIC) - TRAILER - sig_len
    if t[2] != 2 or payload_len < 1:
        raise ValueError("bad trailer")
    return payload_len, sig_len


def trailer(sig_len):
    return bytes([0, 0, 2, 0, 0, 0, 0, 0]) + struct.pack(">I", sig_len) + MAGIC


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "layout":  # IMAGE -> "payload N cms N total N"
        data = read(args[0])
        p, c = layout(data)
        print("payload %d cms %d total %d" % (p, c, len(data)))
    elif cmd == "cut":  # IMAGE PAYLOAD SIG
        data = read(args[0])
        p, c = layout(data)
        write(args[1], data[:p])
        write(args[2], data[p:p + c])
    elif cmd == "assemble":  # PAYLOAD SIG OUT
        payload, sig = read(args[0]), read(args[1])
        write(args[2], payload + sig + trailer(len(sig)))
    elif cmd == "transplant":  # DONOR IMAGE OUT: IMAGE's payload, DONOR's CMS
        donor, image = read(args[0]), read(args[1])
        dp, dc = layout(donor)
        ip, _ = layout(image)
        sig = donor[dp:dp + dc]
        write(args[2], image[:ip] + sig + trailer(len(sig)))
    elif cmd == "truncate":  # IMAGE N OUT: keep N bytes (N < 0: drop -N)
        data = read(args[0])
        n = int(args[1])
        write(args[2], data[:n] if n >= 0 else data[:len(data) + n])
    elif cmd == "append":  # IMAGE HEXBYTES OUT
        write(args[2], read(args[0]) + bytes.fromhex(args[1]))
    elif cmd == "set-siglen":  # IMAGE VALUE OUT
        data = bytearray(read(args[0]))
        at = len(data) - len(MAGIC) - 4
        data[at:at + 4] = struct.pack(">I", int(args[1], 0))
        write(args[2], bytes(data))
    elif cmd == "flip":  # IMAGE POS MASK OUT (POS < 0 counts from the end)
        data = bytearray(read(args[0]))
        data[int(args[1])] ^= int(args[2], 0)
        write(args[3], bytes(data))
    elif cmd == "random":  # OUT SIZE SEED: deterministic bytes
        size, seed = int(args[1]), int(args[2])
        out = bytearray()
        x = seed * 2654435761 + 12345
        while len(out) < size:
            x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            out.append(x >> 56)
        write(args[0], bytes(out))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
