#!/usr/bin/env bash
# Prepares a real Neutron (openstack-parts §1) in STATE_DIR: its configuration (noauth,
# fake:// transport, ML2 with sriovnicswitch, VLAN ranges on physnet1 and physnet2) and a
# SQLite schema built from the models and stamped (alembic cannot migrate SQLite).
# With KEYSTONE_URL (e.g. http://127.0.0.1:5000/v3) and NEUTRON_PASSWORD, Neutron is
# behind keystonemiddleware instead, as the user `neutron` of project `service`, and its
# Nova notifier sends port events to the compute endpoint of Keystone's catalog
# (keystone-postgres-here.md §3).
# usage: prepare.sh STATE_DIR    (PYTHON: the venv's python, default python3;
#        NOVA_URL: without Keystone, the Compute API root, e.g. http://127.0.0.1:8774/v2.1,
#        that Neutron's Nova notifier tells about deleted and changed ports; unset: off)
set -euo pipefail
state=$(realpath -m "${1:?usage: prepare.sh STATE_DIR}")
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
venv=$(dirname "$(dirname "$(command -v "$python")")")
mkdir -p "$state/etc" "$state/lock" "$state/logs"

if [ -n "${KEYSTONE_URL:-}" ]; then
  auth_strategy=keystone
  notify_status=true
  notify_data=true
else
  auth_strategy=noauth
  notify_status=false
  notify_data=$([ -n "${NOVA_URL:-}" ] && echo true || echo false)
fi

cat > "$state/etc/neutron.conf" <<CONF
[DEFAULT]
auth_strategy = $auth_strategy
core_plugin = ml2
service_plugins =
transport_url = fake://
api_paste_config = $state/etc/api-paste.ini
state_path = $state
lock_path = $state/lock
notify_nova_on_port_status_changes = $notify_status
notify_nova_on_port_data_changes = $notify_data
send_events_interval = 2
# The largest value accepted: an agent row written once stays alive for the whole run.
agent_down_time = 2147483
api_workers = 1
rpc_workers = 0
rpc_state_report_workers = 0
debug = false
log_file = $state/logs/neutron-api.log
host = neutron-acceptance

[database]
connection = sqlite:///$state/neutron.db

[oslo_concurrency]
lock_path = $state/lock
CONF

if [ -z "${KEYSTONE_URL:-}" ]; then
  # noauth: the wrapper's identities, without scopes; the Nova notifier's client
  # (keystoneauth) without Keystone, the endpoint given as it is.
  cat >> "$state/etc/neutron.conf" <<CONF

[nova]
auth_type = none
endpoint = ${NOVA_URL:-http://127.0.0.1:9/v2.1}

[oslo_policy]
enforce_scope = false
enforce_new_defaults = false
CONF
else
  # Behind Keystone: Neutron 29's default policies, as a real deployment has them.
  for section in keystone_authtoken nova; do
    cat >> "$state/etc/neutron.conf" <<CONF

[$section]
www_authenticate_uri = $KEYSTONE_URL
auth_url = $KEYSTONE_URL
auth_type = password
username = neutron
password = ${NEUTRON_PASSWORD:?NEUTRON_PASSWORD goes with KEYSTONE_URL}
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = RegionOne
endpoint_type = public
CONF
  done
fi

cat > "$state/etc/ml2_conf.ini" <<CONF
[ml2]
type_drivers = flat,vlan
project_network_types = vlan
mechanism_drivers = sriovnicswitch,openvswitch
extension_drivers = port_security,port_trusted

[ml2_type_flat]
flat_networks = physnet1,physnet2

[ml2_type_vlan]
network_vlan_ranges = physnet1:100:199,physnet2:200:299

[securitygroup]
firewall_driver = noop
enable_security_group = true
CONF

paste=$(find "$venv" -path '*/etc/neutron/api-paste.ini' | head -n 1)
[ -n "$paste" ] || { echo "prepare.sh: api-paste.ini not found under $venv (is neutron installed there?)" >&2; exit 1; }
cp "$paste" "$state/etc/api-paste.ini"

rm -f "$state/neutron.db"
"$python" "$here/create_schema.py" "sqlite:///$state/neutron.db"
"$venv/bin/neutron-db-manage" --config-file "$state/etc/neutron.conf" --config-file "$state/etc/ml2_conf.ini" \
  stamp heads > "$state/logs/db-manage.log" 2>&1 || { cat "$state/logs/db-manage.log" >&2; exit 1; }
echo "neutron prepared in $state"
