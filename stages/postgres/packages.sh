#!/usr/bin/env bash
# Installs Debian's PostgreSQL server and client (--no-install-recommends) if missing,
# refreshing apt's lists first only then. stages/postgres/run.sh uses it.
set -euo pipefail
need=()
for package in postgresql postgresql-client; do dpkg -s "$package" >/dev/null 2>&1 || need+=("$package"); done
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
