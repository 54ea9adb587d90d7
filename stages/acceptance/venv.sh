#!/usr/bin/env bash
# The acceptance venv (the real OpenStack clients, Neutron, Keystone, pytest), made from
# requirements.txt in ${SRIOV_ACCEPTANCE_VENV:-~/.cache/sriov-acceptance-venv} and made
# again only when that file changed since. Shared by the acceptance and the cluster stages;
# prints the venv's path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${SRIOV_ACCEPTANCE_VENV:-$HOME/.cache/sriov-acceptance-venv}
stamp="$venv/.sriov-acceptance-requirements"
if ! cmp -s "$here/requirements.txt" "$stamp" 2>/dev/null; then
  echo "== acceptance: creating the venv in $venv" >&2
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >&2
  fi
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip >&2
  "$venv/bin/pip" install -q -r "$here/requirements.txt" >&2
  cp "$here/requirements.txt" "$stamp"
fi
echo "$venv"
