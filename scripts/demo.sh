#!/usr/bin/env bash
# make demo: the workflow on generated data and the test keys: keys, a run, the review list (filled in
# here as staff would), a signed request, the court's list, a ruling (the order made here), verification
# and offline proofs checked with sh + openssl.
set -euo pipefail
cd "$(dirname "$0")/.."
sealkit=${SEALKIT:-.build/release/sealkit}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== 1. A throwaway key set (deleted when the demo ends): $work/keys"
"$sealkit" keygen --out "$work/keys"
ls -l "$work/keys"

echo
echo "== 2. Key IDs: sealkit key-id and plain openssl agree"
echo "public key file:  $("$sealkit" key-id "$work/keys/signing.pub.pem")"
echo "private key file: $("$sealkit" key-id "$work/keys/signing.key.pem")"
echo "openssl:          $(openssl pkey -pubin -in "$work/keys/signing.pub.pem" -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)"

echo
echo "== 3. The committed TEST-ONLY keys (keys/test/; git does not keep file modes, so set 0600 first)"
chmod 600 keys/test/signing.key.pem keys/test/pseudonym.secret
echo "keys/test/signing.pub.pem: $("$sealkit" key-id keys/test/signing.pub.pem)"

echo
echo "== 4. A fabricated Los Angeles research file (seeded: the same bytes every time), and its profile"
"$sealkit" generate --county "LOS ANGELES" --rows 20000 --seed 2020 --out "$work/la.csv"
"$sealkit" inspect "$work/la.csv"

echo
echo "== 4b. Pseudonymized with the test secret: no name, number, birth date or comment leaves"
"$sealkit" pseudonymize --input "$work/la.csv" --secret keys/test/pseudonym.secret --as-of 2020-07-01 \
    --out "$work/la.jsonl"
echo "header: $(head -c 160 "$work/la.jsonl")..."
echo "first subject: $(sed -n 2p "$work/la.jsonl" | head -c 240)..."

echo
echo "== 4c. The whole job in one pass: pseudonymize and decide under Los Angeles' 2020 criteria"
report=.build/demo/run
"$sealkit" run --input "$work/la.csv" --rules los-angeles-2020 --county "LOS ANGELES" \
    --secret keys/test/pseudonym.secret --as-of 2020-07-01 --out "$report" --force
echo "a decision: $(head -n 1 "$report/decisions.jsonl" | head -c 400)..."
echo "the same records under the statute (HS 11361.8):"
"$sealkit" evaluate --input "$report/deidentified.jsonl" --rules statutory --county "LOS ANGELES" \
    --out "$report/statutory" --force | sed -n '4,10p'
echo "County report (open in a browser, works offline): $report/summary.html"

echo
echo "== 4d. The review list: every needsReview conviction with who it is, for staff (identified, 0600)"
"$sealkit" review-list --run "$report" --input "$work/la.csv" --secret keys/test/pseudonym.secret \
    --out "$work/review.csv"
echo "columns: $(head -n 1 "$work/review.csv")"
echo "staff decide the first rows (this script stands in for them):"
# final_decision and reviewer_note are the two empty fields before the last four (which hold no comma).
tail4=',[^,]*,[^,]*,[^,]*,[^,]*$'
sed -e "2,6s/,,\\($tail4\\)/,dismissAndSeal,Docket read: possession for personal use\\1/" \
    -e "7,8s/,,\\($tail4\\)/,notEligible,Sale to a minor (docket)\\1/" \
    "$work/review.csv" > "$work/reviewed.csv"

echo
echo "== 4e. Seal: the run's relief and the reviewed decisions, signed (manifest and checkpoint)"
sealed=.build/demo/sealed
"$sealkit" seal --run "$report" --key keys/test/signing.key.pem --secret keys/test/pseudonym.secret \
    --date 2020-08-03 --reviewed "$work/reviewed.csv" --out "$sealed" --force

echo
echo "== 4e2. The court's list: each sealed count with who it is, grouped by court and case (identified, 0600)"
"$sealkit" court-list --manifest "$sealed/manifest.json" --pubkey keys/test/signing.pub.pem \
    --input "$work/la.csv" --secret keys/test/pseudonym.secret --out "$sealed/court" --force
echo "printable exhibit (open in a browser): $sealed/court/court-list.html"

echo
echo "== 4e3. The court rules (this script stands in for the clerk: every 10th count denied, the rest granted)"
awk -F, -v OFS=, 'NR == 1 { print; next }
    { $4 = (NR % 10 == 0) ? "denied" : "granted"; $6 = "2020-CR-0815"; $7 = "2020-09-14"; print }' \
    "$sealed/court/order.csv" > "$work/order.csv"
"$sealkit" ruling --manifest "$sealed/manifest.json" --pubkey keys/test/signing.pub.pem --order "$work/order.csv" \
    --key keys/test/signing.key.pem --date 2020-09-15 --out "$sealed/ruling" --force

echo
echo "== 4f. An auditor verifies it with the public key alone, and against the run it came from"
"$sealkit" verify --manifest "$sealed/manifest.json" --pubkey keys/test/signing.pub.pem --run "$report"
"$sealkit" verify --manifest "$sealed/ruling/ruling.json" --pubkey keys/test/signing.pub.pem --run "$report"
echo "and audits the request without the secret: every automatic entry re-derived under the rule set"
"$sealkit" audit --manifest "$sealed/manifest.json" --pubkey keys/test/signing.pub.pem \
    --deidentified "$report/deidentified.jsonl" --rules los-angeles-2020 | grep -v '^  reviewed:'

echo
echo "== 4g. Offline proofs for every count the court granted; one checked with sh and openssl only"
"$sealkit" prove --manifest "$sealed/ruling/ruling.json" --pubkey keys/test/signing.pub.pem --all \
    --out "$sealed/proofs.tar" --force
rm -rf "$sealed/proofs"
mkdir -p "$sealed/proofs"
tar -xf "$sealed/proofs.tar" -C "$sealed/proofs"
proof=$(ls "$sealed/proofs" | sed -n 1p)
sed -n 2p "$sealed/proofs/$proof" | cut -d' ' -f2 | openssl base64 -d -A > "$work/entry.json"
echo "the entry (leaf): $(cat "$work/entry.json")"
sh scripts/verify-proof.sh "$sealed/proofs/$proof" "$work/entry.json" keys/test/signing.pub.pem
echo "the same entry with another effective date is refused:"
sed 's/2020-09-14/2020-09-15/' "$work/entry.json" > "$work/forged.json"
if sh scripts/verify-proof.sh "$sealed/proofs/$proof" "$work/forged.json" keys/test/signing.pub.pem; then
    echo "a forged entry verified" >&2
    exit 1
fi
echo "request: $sealed/manifest.json; court's list: $sealed/court/; ruling: $sealed/ruling/ruling.json;"
echo "proofs: $sealed/proofs.tar, extracted in $sealed/proofs/ (each checks with scripts/verify-proof.sh PROOF ENTRY PUBKEY)"

echo
echo "== 5. A damaged file: strict by default (exit 65), or rejected rows set aside with --rejects"
"$sealkit" generate --rows 5000 --seed 7 --defects 0.01 --out "$work/damaged.csv" > /dev/null
set +e
"$sealkit" inspect "$work/damaged.csv" > /dev/null 2> "$work/errors.txt"
status=$?
set -e
echo "exit status: $status; first problems:"
head -4 "$work/errors.txt"
"$sealkit" inspect "$work/damaged.csv" --rejects "$work/rejects.csv" | grep -A3 "rejected rows"

echo
echo "== 6. A secret key readable by others is refused (exit 77)"
cp "$work/keys/signing.key.pem" "$work/loose.key.pem"
chmod 644 "$work/loose.key.pem"
set +e
"$sealkit" key-id "$work/loose.key.pem"
status=$?
set -e
echo "exit status: $status"
[ "$status" -eq 77 ]
