#!/usr/bin/env bash
# Installs what SealKit needs on a Debian machine, or says exactly what to do.
#   - the Swift toolchain (6.2 or later): cannot come from apt; we only check for it;
#   - libssl-dev (OpenSSL 3 headers and libcrypto.pc), openssl (the command the interop tests and
#     `make bench` compare against), pkg-config, strace (the tests kill commands at chosen system
#     calls with its fault injection), python3-minimal (an independent implementation of RFC 9162's
#     tree, run by a test), jq (a JSON tool that is not RFC 8785: a test rewrites a manifest body
#     with `jq -S` and checks it is refused): installed with apt-get when missing.
set -euo pipefail

missing=()
for package in libssl-dev openssl pkg-config strace python3-minimal jq; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "sealkit: installing missing packages: ${missing[*]}" >&2
    if [ "$(id -u)" -eq 0 ]; then
        apt_get=(apt-get)
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        apt_get=(sudo apt-get)
    else
        echo "sealkit: cannot install ${missing[*]} without root. Run:" >&2
        echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    if ! DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" update -qq \
        || ! DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq "${missing[@]}" >/dev/null; then
        echo "sealkit: apt-get could not install ${missing[*]}. Check the network and apt sources, then run:" >&2
        echo "    apt-get update && apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "sealkit: the Swift toolchain (6.2 or later) is not on PATH. Install it from swift.org" >&2
    echo "    (Debian 12 tarball or swiftly), put its usr/bin on PATH, and run make again." >&2
    exit 1
fi

version=$(pkg-config --modversion libcrypto 2>/dev/null || echo 0)
case "$version" in
    3.*) ;;
    *)
        echo "sealkit: OpenSSL 3 is required (libcrypto reports '$version'). Debian 12 and later ship it." >&2
        exit 1
        ;;
esac
