#!/bin/sh
# Split a signed iu image into its payload and its CMS signature with
# standard tools only, then check the signature with openssl. This is the
# procedure docs/signature.md shows; tests/signer/openssl.test runs it.
#
#   cut-signature.sh IMAGE CERT OUTDIR
#
# Layout: [payload][CMS, sig_len bytes][12-byte trailer][24-byte magic];
# sig_len is the trailer's last 4 bytes, big-endian; the trailer's first 8
# bytes are 0 0 2 0 0 0 0 0 (id_type 2 = PKCS#7).
set -eu
img=$1 cert=$2 out=$3

[ "$(tail -c 24 "$img")" = "~iu signature appended~" ] || { echo "$img: unsigned" >&2; exit 1; }
[ "$(tail -c 36 "$img" | head -c 8 | od -An -tu1 | tr -s ' ')" = " 0 0 2 0 0 0 0 0" ] ||
	{ echo "$img: malformed trailer" >&2; exit 1; }
sig_len=$(tail -c 28 "$img" | head -c 4 | od -An -tu1 |
	awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
size=$(wc -c < "$img")
payload_len=$((size - 36 - sig_len))
[ "$sig_len" -gt 0 ] && [ "$payload_len" -gt 0 ] || { echo "$img: bad sig_len" >&2; exit 1; }

head -c "$payload_len" "$img" > "$out/payload"
tail -c $((sig_len + 36)) "$img" | head -c "$sig_len" > "$out/sig.der"
echo "payload $payload_len bytes, signature $sig_len bytes"

openssl cms -verify -binary -inform DER -in "$out/sig.der" -content "$out/payload" \
	-certfile "$cert" -CAfile "$cert" -purpose any -out /dev/null
