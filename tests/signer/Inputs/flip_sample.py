#!/usr/bin/env python3
# Flip single bytes of a signed image and check through the CLI that
# `iu-sign verify` rejects every variant with exit status 1 and a one-line
# "iu-sign: FILE: reason" message.
#
#   flip_sample.py IU_SIGN IMAGE CERT WORKDIR [--all]
#
# By default a sample: the first 64 bytes (ELF header), 16 from the middle
# of the payload, the first 24 and every 8th byte of the CMS blob, every
# trailer byte and every magic byte. --all flips every byte (slow: one
# process per byte; the GoogleTest unit flips every bit in-process).
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sigfile  # noqa: E402


def positions(payload, cms, total, everything):
    if everything:
        return list(range(total))
    pos = set(range(min(64, payload)))
    mid = payload // 2
    pos.update(range(mid - 8, mid + 8))
    pos.update(range(payload, payload + min(24, cms)))
    pos.update(range(payload, payload + cms, 8))
    pos.update(range(payload + cms, total))  # trailer and magic
    return sorted(p for p in pos if 0 <= p < total)


def region(p, payload, cms, total):
    if p < payload:
        return "payload"
    if p < payload + cms:
        return "cms"
    if p < total - len(sigfile.MAGIC):
        return "trailer"
    return "magic"


def main():
    iusign, image, cert, work = sys.argv[1:5]
    everything = "--all" in sys.argv[5:]
    data = sigfile.read(image)
    payload, cms = sigfile.layout(data)
    total = len(data)
    bad = 0
    seen = {}
    probe = os.path.join(work, "flipped.iu")
    for p in positions(payload, cms, total, everything):
        variant = bytearray(data)
        variant[p] ^= 0xFF
        sigfile.write(probe, bytes(variant))
        r = subprocess.run([iusign, "verify", "--cert", cert, probe],
                           capture_output=True, text=True)
        where = region(p, payload, cms, total)
        lines = r.stderr.splitlines()
        if r.returncode != 1 or len(lines) != 1 or \
                not lines[0].startswith("iu-sign: " + probe + ": "):
            bad += 1
            print("FAIL: flip at %d (%s): exit %d, stdout %r, stderr %r"
                  % (p, where, r.returncode, r.stdout, r.stderr))
            continue
        seen[where] = seen.get(where, 0) + 1
    print("flipped %d positions: %s" % (
        sum(seen.values()) + bad,
        ", ".join("%s %d" % (k, seen.get(k, 0))
                  for k in ("payload", "cms", "trailer", "magic"))))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
