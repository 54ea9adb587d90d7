#!/usr/bin/env bash
# Prepares a real Keystone (PyPI keystone 30; keystone-postgres-here.md §2) in STATE_DIR:
# keystone.conf (SQLite, fernet tokens, bcrypt at its minimum 4 rounds and an in-process
# cache, both for speed), db_sync, fernet_setup, credential_setup, and bootstrap (admin /
# ADMIN_PASSWORD in project admin; roles admin → manager → member → reader, and service;
# region RegionOne; the identity endpoint http://127.0.0.1:PORT/v3/).
# usage: prepare.sh STATE_DIR PORT [ADMIN_PASSWORD]    (PYTHON: the venv's python;
#        KEYSTONE_TOKEN_EXPIRATION: token lifetime in seconds, default 3600)
set -euo pipefail
state=$(realpath -m "${1:?usage: prepare.sh STATE_DIR PORT [ADMIN_PASSWORD]}")
port=${2:?usage: prepare.sh STATE_DIR PORT [ADMIN_PASSWORD]}
admin_pw=${3:-admin-pw}
python=${PYTHON:-python3}
bin=$(dirname "$(command -v "$python")")
mkdir -p "$state/etc" "$state/logs"
rm -rf "$state/keystone.db" "$state/fernet-keys" "$state/fernet-receipts" "$state/credential-keys"
cat > "$state/etc/keystone.conf" <<CONF
[DEFAULT]
log_file = $state/logs/keystone.log
debug = false

[database]
connection = sqlite:///$state/keystone.db

[token]
provider = fernet
expiration = ${KEYSTONE_TOKEN_EXPIRATION:-3600}

[fernet_tokens]
key_repository = $state/fernet-keys

[fernet_receipts]
key_repository = $state/fernet-receipts

[credential]
key_repository = $state/credential-keys

[identity]
# bcrypt's minimum: a password check costs ~1 ms instead of ~250 ms (test only).
password_hash_rounds = 4

[cache]
# In-process cache: a validation ~5 ms instead of ~70 ms; revocation still answers 404 at once.
enabled = true
backend = oslo_cache.dict
CONF
km() { "$bin/keystone-manage" --config-file "$state/etc/keystone.conf" "$@" 2>> "$state/logs/keystone-manage.err"; }
km db_sync
km fernet_setup --keystone-user root --keystone-group root
km credential_setup --keystone-user root --keystone-group root
url="http://127.0.0.1:$port/v3/"
km bootstrap --bootstrap-password "$admin_pw" --bootstrap-region-id RegionOne \
  --bootstrap-admin-url "$url" --bootstrap-internal-url "$url" --bootstrap-public-url "$url"
echo "keystone prepared in $state"
