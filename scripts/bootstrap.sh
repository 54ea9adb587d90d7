#!/usr/bin/env bash
# What a fresh Debian 12 machine needs before `swift build` of this package: the C
# libraries it links (libvirt's C API for the Libvirt module, SQLite, libcurl and libxml2
# for Foundation) and the schema tools the XML tests use. Installs only what is missing,
# so it costs nothing on a prepared machine. Needs root (or sudo) when something is missing.
set -euo pipefail
packages=(pkg-config libvirt-dev libsqlite3-dev libcurl4 libxml2 libvirt-clients libxml2-utils)
need=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
[ "${#need[@]}" -eq 0 ] && exit 0
echo "bootstrap: installing ${need[*]}"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
