#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of Tests/Fuzz with AddressSanitizer (swiftc
# -sanitize=fuzzer,address, the modules they need compiled from Sources/ into static libraries), then
# runs each for SECONDS seconds (default 60) on a copy of its seed corpus (seeds below).
# A crash, leak or sanitizer report stops the run; its input is saved as
# Fixtures/fuzz/TARGET/crashes/crash-<sha1>, where `make test` replays it from then on (commit it with
# the fix). Inputs that add coverage go to a temporary corpus, not the repository; FUZZ_KEEP=1 keeps it
# under .build-fuzz/.
#   scripts/fuzz.sh [SECONDS] [TARGET...]    targets: doj-reader deidentified-reader rule-file manifest-reader
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(doj-reader deidentified-reader rule-file manifest-reader decision-reader)

out=.build-fuzz
mkdir -p "$out"
flags=(-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
    -enable-upcoming-feature InternalImportsByDefault -package-name SealKit -I "$out")

# One static library per module, in dependency order.
library() {
    local module=$1
    echo "fuzz: building $module" >&2
    swiftc "${flags[@]}" -module-name "$module" -emit-module -emit-module-path "$out/$module.swiftmodule" \
        -emit-library -static -o "$out/lib$module.a" $(find "Sources/$module" -name '*.swift' | sort) 2>&1 \
        | { grep -v 'Cannot export local symbol' || true; }
}
library SealCore
library CriminalRecords
library Deidentified
library Eligibility
# SealCrypto imports the system OpenSSL through the COpenSSL module map.
flags+=(-Xcc -fmodule-map-file=Sources/COpenSSL/module.modulemap -I Sources/COpenSSL)
library SealCrypto
library Manifest

# target name, source file, libraries
build() {
    local name=$1 source=$2
    shift 2
    echo "fuzz: building $name" >&2
    swiftc "${flags[@]}" -module-name "Fuzz_${name//-/_}" "Tests/Fuzz/$source" -L "$out" "$@" -o "$out/fuzz-$name" \
        2>&1 | { grep -v 'Cannot export local symbol' || true; }
    [ -x "$out/fuzz-$name" ] || { echo "fuzz: $name did not build" >&2; exit 1; }
}

# The seed corpus of a target: the fixtures of its format, and every crash reproducer found so far.
seeds() {
    case "$1" in
        doj-reader) ls Fixtures/doj/*.csv ;;
        deidentified-reader) ls Fixtures/fuzz/deidentified-reader/corpus/* ;;
        rule-file) ls Sources/SealKit/RuleSets/*.json Fixtures/rules/*.json Fixtures/json-conformance/*.json ;;
        manifest-reader) ls Fixtures/fuzz/manifest-reader/corpus/* ;;
        decision-reader) ls Fixtures/fuzz/decision-reader/corpus/* ;;
    esac
    ls Fixtures/fuzz/"$1"/crashes/crash-* 2>/dev/null || true
}

for target in "${targets[@]}"; do
    case "$target" in
        doj-reader) build doj-reader FuzzDOJReader.swift -lCriminalRecords -lSealCore ;;
        deidentified-reader) build deidentified-reader FuzzDeidentifiedReader.swift -lDeidentified -lSealCore ;;
        rule-file) build rule-file FuzzRuleFile.swift -lEligibility -lDeidentified -lSealCore ;;
        manifest-reader) build manifest-reader FuzzManifestReader.swift -lManifest -lSealCrypto -lDeidentified -lSealCore -lcrypto ;;
        decision-reader) build decision-reader FuzzDecisionReader.swift -lEligibility -lCriminalRecords -lDeidentified -lSealCore ;;
        *) echo "fuzz: unknown target $target (doj-reader, deidentified-reader, rule-file, manifest-reader, decision-reader)" >&2; exit 64 ;;
    esac
    corpus=$(mktemp -d "${TMPDIR:-/tmp}/sealkit-fuzz-$target-XXXXXX")
    seeds "$target" | while read -r seed; do cp "$seed" "$corpus"/; done
    mkdir -p Fixtures/fuzz/"$target"/crashes
    echo "fuzz: running $target for $seconds s" >&2
    status=0
    "$out/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix=Fixtures/fuzz/"$target"/crashes/ "$corpus" 2>&1 \
        | grep -E '^(#[0-9]+[[:space:]]+(DONE|INITED)|stat::|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' || true
    status=${PIPESTATUS[0]}
    if [ "${FUZZ_KEEP:-0}" = 1 ]; then mv "$corpus" "$out/corpus-$target"; else rm -rf "$corpus"; fi
    if [ "$status" -ne 0 ]; then
        echo "fuzz: $target found a failure (exit $status); its input is in Fixtures/fuzz/$target/crashes/" >&2
        exit 1
    fi
done
echo "fuzz: ${targets[*]}: nothing found in $seconds s each" >&2
