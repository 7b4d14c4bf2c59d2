#!/bin/sh
# verify-proof.sh PROOF ENTRY PUBKEY
#
# Checks a SealKit .tlog-proof (C2SP tlog-proof) with POSIX sh and the stock openssl command only:
#   1. the checkpoint's signature line is by PUBKEY (an Ed25519 public key PEM): its key hash is the
#      first 4 bytes of SHA-256(name || 0x0A || 0x01 || raw key), and the signature verifies over the
#      checkpoint's text with `openssl pkeyutl -verify -rawin`; SealKit names its key after the log,
#      so the name must equal the checkpoint's origin;
#   2. ENTRY (the leaf's entry bytes, a file) is at the proof's index in the checkpoint's tree: the
#      leaf hash SHA-256(0x00 || entry) and the path's node hashes SHA-256(0x01 || left || right)
#      reach the checkpoint's root by RFC 9162's algorithm (section 2.1.3.2).
# The proof's `extra` line is not used: the entry is the one the caller holds.
# Prints "verified: index I of SIZE in ORIGIN" and exits 0, or names the first failure and exits 1.
set -eu

if [ $# -ne 3 ]; then
    echo "usage: verify-proof.sh PROOF ENTRY PUBKEY" >&2
    exit 2
fi
proof=$1
entry=$2
pubkey=$3
for file in "$proof" "$entry" "$pubkey"; do
    if [ ! -r "$file" ]; then
        echo "verify-proof: cannot read $file" >&2
        exit 2
    fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
fail() {
    echo "verify-proof: $*" >&2
    exit 1
}
b64() { openssl base64 -d -A 2>/dev/null; }
sha() { openssl dgst -sha256 -binary; }

# The proof's parts: header, optional extra, index, hashes; a blank line; the note.
awk -v dir="$work" '
    BEGIN { part = 0; n = 0 }
    part == 0 && NR == 1 { if ($0 != "c2sp.org/tlog-proof@v1") { exit 3 } next }
    part == 0 && $0 == "" { part = 1; next }
    part == 0 && /^extra / { next }
    part == 0 && /^index / { print substr($0, 7) > (dir "/index"); next }
    part == 0 { n++; print $0 > (dir "/hash." n); next }
    part == 1 && $0 == "" { part = 2; next }
    part == 1 { print $0 > (dir "/text.lines"); next }
    part == 2 { print $0 > (dir "/signatures") }
    END { print n > (dir "/count") }
' "$proof" || fail "not a c2sp.org/tlog-proof@v1 proof"
[ -s "$work/index" ] || fail "the proof has no index line"
[ -s "$work/text.lines" ] || fail "the proof has no checkpoint"
[ -s "$work/signatures" ] || fail "the checkpoint has no signature line"
index=$(cat "$work/index")
count=$(cat "$work/count")
case $index in '' | *[!0-9]*) fail "the index is not a number" ;; esac

# The checkpoint: exactly origin, size, root.
[ "$(wc -l < "$work/text.lines")" -eq 3 ] || fail "the checkpoint is not three lines"
origin=$(sed -n 1p "$work/text.lines")
size=$(sed -n 2p "$work/text.lines")
case $size in '' | *[!0-9]*) fail "the checkpoint's size is not a number" ;; esac
sed -n 3p "$work/text.lines" | b64 > "$work/root" || fail "the checkpoint's root is not base64"
[ "$(wc -c < "$work/root")" -eq 32 ] || fail "the checkpoint's root is not 32 bytes"
cp "$work/text.lines" "$work/text"

# 1. The signature line named after the origin, by PUBKEY.
openssl pkey -pubin -in "$pubkey" -outform DER 2>/dev/null | tail -c 32 > "$work/raw" \
    || fail "$pubkey is not a public key"
[ "$(wc -c < "$work/raw")" -eq 32 ] || fail "$pubkey is not an Ed25519 public key"
{ printf '%s\n\001' "$origin"; cat "$work/raw"; } | sha | dd bs=4 count=1 2>/dev/null > "$work/keyhash"
found=no
while IFS= read -r line; do
    name=$(printf '%s\n' "$line" | cut -d' ' -f2)
    [ "$name" = "$origin" ] || continue
    printf '%s\n' "$line" | cut -d' ' -f3 | b64 > "$work/sig.all" || continue
    dd bs=4 count=1 < "$work/sig.all" 2>/dev/null > "$work/sig.hash"
    cmp -s "$work/sig.hash" "$work/keyhash" || continue
    tail -c 64 "$work/sig.all" > "$work/sig"
    [ "$(wc -c < "$work/sig.all")" -eq 68 ] || fail "the signature is not 4 + 64 bytes"
    openssl pkeyutl -verify -pubin -inkey "$pubkey" -rawin -in "$work/text" -sigfile "$work/sig" \
        > /dev/null 2>&1 || fail "the checkpoint's signature does not verify"
    found=yes
    break
done < "$work/signatures"
[ "$found" = yes ] || fail "the checkpoint has no signature by this key under the name $origin"

# 2. The inclusion path (RFC 9162, 2.1.3.2).
[ "$index" -lt "$size" ] || fail "the index is not in the tree"
{ printf '\000'; cat "$entry"; } | sha > "$work/r"
fn=$index
sn=$((size - 1))
i=1
while [ "$i" -le "$count" ]; do
    [ "$sn" -ne 0 ] || fail "the path is longer than the tree"
    b64 < "$work/hash.$i" > "$work/p" || fail "a path hash is not base64"
    [ "$(wc -c < "$work/p")" -eq 32 ] || fail "a path hash is not 32 bytes"
    if [ $((fn % 2)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
        { printf '\001'; cat "$work/p" "$work/r"; } | sha > "$work/next"
        if [ $((fn % 2)) -eq 0 ]; then
            while [ $((fn % 2)) -eq 0 ] && [ "$fn" -ne 0 ]; do
                fn=$((fn / 2))
                sn=$((sn / 2))
            done
        fi
    else
        { printf '\001'; cat "$work/r" "$work/p"; } | sha > "$work/next"
    fi
    mv "$work/next" "$work/r"
    fn=$((fn / 2))
    sn=$((sn / 2))
    i=$((i + 1))
done
[ "$sn" -eq 0 ] || fail "the path is shorter than the tree"
cmp -s "$work/r" "$work/root" || fail "the entry is not at index $index of the checkpoint's tree"
echo "verified: index $index of $size in $origin"
