"""Issue 13 against the real parts: Keystone tokens, Nova's default policies, a policy
file, and the clients with password authentication (the openstack CLI, the nova CLI,
novaclient, tempest.lib), with Neutron behind Keystone binding through the service's own
token."""
import os
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone

import pytest
import requests

from support.identity_stack import TOKEN_CACHE_SECONDS
from support.rest import wait_until

FORBIDDEN_ATTACH = "Policy doesn't allow os_compute_api:os-attach-interfaces:create to be performed."
FORBIDDEN_DETACH = "Policy doesn't allow os_compute_api:os-attach-interfaces:delete to be performed."


@pytest.fixture(scope="module")
def owned(identity):
    """alice's server in project demo, booted with one direct port, and a second direct port."""
    cli = identity.cli("alice")
    network = identity.shared_network["id"]
    first = cli.json("port", "create", "--network", network, "--vnic-type", "direct", f"id-a-{uuid.uuid4().hex[:6]}")
    second = cli.json("port", "create", "--network", network, "--vnic-type", "direct", f"id-b-{uuid.uuid4().hex[:6]}")
    server = cli.json("server", "create", "--flavor", "m1.tiny", "--image", "cirros-0.6.2", "--nic", f"port-id={first['id']}",
                      "--wait", f"id-vm-{uuid.uuid4().hex[:6]}")
    return {"server": server["id"], "first": first["id"], "second": second["id"]}


def interfaces(identity, server, token):
    response = identity.compute.call("GET", f"/servers/{server}/os-interface", token=token)
    assert response.status_code == 200, response.text
    return {entry["port_id"] for entry in response.json()["interfaceAttachments"]}


def fault(response):
    return next(iter(response.json().values()))["message"]


def test_member_attaches_and_detaches_on_its_own_server(identity, owned):
    cli = identity.cli("alice")
    admin = identity.token("admin")
    before = len(identity.compute.devices_of(owned["server"], token=admin))
    cli.run("server", "add", "port", owned["server"], owned["second"])
    assert interfaces(identity, owned["server"], identity.token("alice")) == {owned["first"], owned["second"]}
    assert len(identity.compute.devices_of(owned["server"], token=admin)) == before + 1
    # Bound by the service's own token (role service): Neutron's view as the admin.
    port = identity.network._call("GET", f"/ports/{owned['second']}", token=admin).json()["port"]
    assert port["binding:host_id"] == "compute0" and port["binding:vif_type"] == "hw_veb", port
    cli.run("server", "remove", "port", owned["server"], owned["second"])
    wait_until(lambda: len(identity.compute.devices_of(owned["server"], token=admin)) == before, "the VF freed")
    assert interfaces(identity, owned["server"], identity.token("alice")) == {owned["first"]}


def test_reader_lists_but_is_refused_attach(identity, owned):
    reader = identity.cli("reader1")
    assert owned["server"] in {s["ID"] for s in reader.json("server", "list")}
    refused = reader.run("server", "add", "port", owned["server"], owned["second"], expect_failure=True)
    assert FORBIDDEN_ATTACH in refused.stderr and "403" in refused.stderr, refused.stderr
    response = identity.compute.call("POST", f"/servers/{owned['server']}/os-interface", token=identity.token("reader1"),
                                     json={"interfaceAttachment": {"port_id": owned["second"]}})
    assert response.status_code == 403 and fault(response) == FORBIDDEN_ATTACH, response.text


def test_another_project_gets_404(identity, owned):
    bob = identity.token("bob")
    for method, path, body in (("GET", f"/servers/{owned['server']}", None),
                               ("GET", f"/servers/{owned['server']}/os-interface", None),
                               ("POST", f"/servers/{owned['server']}/os-interface", {"interfaceAttachment": {"port_id": owned["second"]}}),
                               ("DELETE", f"/servers/{owned['server']}/os-interface/{owned['first']}", None)):
        response = identity.compute.call(method, path, token=bob, json=body)
        assert response.status_code == 404, (method, path, response.text)
        assert fault(response) == f"Instance {owned['server']} could not be found.", response.text


def test_admin_acts_on_any_project(identity, owned):
    admin = identity.token("admin")
    response = identity.compute.call("POST", f"/servers/{owned['server']}/os-interface", token=admin,
                                     json={"interfaceAttachment": {"port_id": owned["second"]}})
    assert response.status_code == 200, response.text
    response = identity.compute.call("DELETE", f"/servers/{owned['server']}/os-interface/{owned['second']}", token=admin)
    assert response.status_code == 202, response.text
    wait_until(lambda: owned["second"] not in interfaces(identity, owned["server"], admin), "the admin's detach")


def test_pci_inventory_refuses_members(identity):
    # neutron has the service role only: a service is no admin.
    for user in ("alice", "reader1", "neutron"):
        response = identity.compute.call("GET", "/os-pci-devices", token=identity.token(user))
        assert response.status_code == 403, (user, response.text)
        assert fault(response) == "Policy doesn't allow os_compute_api:os-pci-devices:index to be performed."
    assert identity.compute.call("GET", "/os-pci-devices", token=identity.token("admin")).status_code == 200


def assert_unauthorized(response, identity):
    assert response.status_code == 401, response.text
    assert response.headers["WWW-Authenticate"] == f'Keystone uri="{identity.keystone.url}"'
    assert response.json()["error"]["message"] == "The request you have made requires authentication."


def test_revoked_token_gets_401(identity):
    never_used, _ = identity.keystone.issue("alice", "demo")
    identity.keystone.revoke(never_used)
    assert_unauthorized(identity.compute.call("GET", "/servers", token=never_used), identity)
    used, _ = identity.keystone.issue("alice", "demo")
    assert identity.compute.call("GET", "/servers", token=used).status_code == 200
    identity.keystone.revoke(used)
    revoked_at = time.monotonic()
    # Trusted from the cache for at most token_cache_time after the revocation.
    wait_until(lambda: identity.compute.call("GET", "/servers", token=used).status_code == 401,
               "the revoked token refused", timeout=TOKEN_CACHE_SECONDS + 10)
    print(f"revoked token refused {time.monotonic() - revoked_at:.2f} s after its revocation "
          f"(token_cache_time {TOKEN_CACHE_SECONDS} s)")
    assert_unauthorized(identity.compute.call("GET", "/servers", token=used), identity)


def test_expired_token_gets_401(identity):
    token, body = identity.early_token
    expires = datetime.strptime(body["expires_at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    wait_until(lambda: datetime.now(timezone.utc) > expires, "the early token's expiry", timeout=120)
    assert_unauthorized(identity.compute.call("GET", "/servers", token=token), identity)


def test_garbage_and_missing_tokens_get_401(identity):
    for token in (None, "garbage", "gAAAAA" + "x" * 177):
        assert_unauthorized(identity.compute.call("GET", "/servers", token=token), identity)


def test_forged_identity_headers_change_nothing(identity, owned):
    forged = {"X-Roles": "admin,member,reader", "X-Project-Id": "demo", "X-Tenant-Id": "demo", "X-User-Id": "admin",
              "X-Identity-Status": "Confirmed", "X-Service-Roles": "service"}
    body = {"interfaceAttachment": {"port_id": owned["second"]}}
    path = f"/servers/{owned['server']}/os-interface"
    reader = identity.compute.call("POST", path, token=identity.token("reader1"), json=body, headers=forged)
    assert reader.status_code == 403 and fault(reader) == FORBIDDEN_ATTACH, reader.text
    other = identity.compute.call("POST", path, token=identity.token("bob"), json=body, headers=forged)
    assert other.status_code == 404, other.text
    assert_unauthorized(identity.compute.call("POST", path, json=body, headers=forged), identity)
    inventory = identity.compute.call("GET", "/os-pci-devices", token=identity.token("alice"), headers=forged)
    assert inventory.status_code == 403, inventory.text


def test_policy_file_forbidding_detach_for_members_takes_effect(identity, owned, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text('# members may attach but not detach\n'
                      '"os_compute_api:os-attach-interfaces:delete": "rule:context_is_admin"\n')
    alice = identity.token("alice")
    path = f"/servers/{owned['server']}/os-interface"
    response = identity.compute.call("POST", path, token=alice, json={"interfaceAttachment": {"port_id": owned["second"]}})
    assert response.status_code == 200, response.text
    identity.restart_service(policy_file=str(policy))
    try:
        refused = identity.compute.call("DELETE", f"{path}/{owned['second']}", token=alice)
        assert refused.status_code == 403 and fault(refused) == FORBIDDEN_DETACH, refused.text
        assert owned["second"] in interfaces(identity, owned["server"], alice)
        done = identity.compute.call("DELETE", f"{path}/{owned['second']}", token=identity.token("admin"))
        assert done.status_code == 202, done.text
        wait_until(lambda: owned["second"] not in interfaces(identity, owned["server"], alice), "the admin's detach")
    finally:
        identity.restart_service()


def test_nova_cli_with_password_auth(identity, owned):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(OS_AUTH_URL=identity.keystone.url, OS_USERNAME="alice", OS_PASSWORD="alice-pw", OS_PROJECT_NAME="demo",
               OS_USER_DOMAIN_NAME="Default", OS_PROJECT_DOMAIN_NAME="Default", OS_REGION_NAME="RegionOne",
               OS_IDENTITY_API_VERSION="3", OS_COMPUTE_API_VERSION="2.70")
    nova = os.path.join(os.path.dirname(sys.executable), "nova")
    listed = subprocess.run([nova, "list"], env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and owned["server"] in listed.stdout, listed.stderr
    ifaces = subprocess.run([nova, "interface-list", owned["server"]], env=env, capture_output=True, text=True, timeout=120)
    assert ifaces.returncode == 0 and owned["first"] in ifaces.stdout, ifaces.stderr
    env.update(OS_USERNAME="reader1", OS_PASSWORD="reader1-pw")
    refused = subprocess.run([nova, "interface-attach", "--port-id", owned["second"], owned["server"]], env=env,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and FORBIDDEN_ATTACH in refused.stderr, refused.stderr


def test_novaclient_with_a_keystone_session(identity, owned):
    from keystoneauth1 import identity as ksa_identity, session
    from novaclient import client, exceptions

    def nova(user, password, project):
        auth = ksa_identity.Password(auth_url=identity.keystone.url, username=user, password=password, project_name=project,
                                     user_domain_name="Default", project_domain_name="Default")
        return client.Client("2.70", session=session.Session(auth=auth), region_name="RegionOne")

    alice = nova("alice", "alice-pw", "demo")
    assert owned["server"] in {s.id for s in alice.servers.list()}
    assert {i.port_id for i in alice.servers.interface_list(owned["server"])} == {owned["first"]}
    with pytest.raises(exceptions.NotFound):
        nova("bob", "bob-pw", "other").servers.get(owned["server"])
    with pytest.raises(exceptions.Forbidden) as refused:
        nova("reader1", "reader1-pw", "demo").servers.interface_attach(owned["server"], port_id=owned["second"],
                                                                         net_id=None, fixed_ip=None)
    assert FORBIDDEN_ATTACH in str(refused.value)


def test_tempest_clients_with_keystone_auth(identity, owned):
    from tempest.lib import auth
    from tempest.lib.services.compute import base_compute_client, interfaces_client, servers_client

    credentials = auth.KeystoneV3Credentials(username="alice", password="alice-pw", project_name="demo",
                                             user_domain_name="Default", project_domain_name="Default")
    provider = auth.KeystoneV3AuthProvider(credentials, identity.keystone.url)
    base_compute_client.COMPUTE_MICROVERSION = "2.70"
    try:
        servers = servers_client.ServersClient(provider, "compute", "RegionOne")
        ifaces = interfaces_client.InterfacesClient(provider, "compute", "RegionOne")
        # Each answer is checked against Tempest's schema for 2.70.
        assert owned["server"] in {s["id"] for s in servers.list_servers()["servers"]}
        assert {i["port_id"] for i in ifaces.list_interfaces(owned["server"])["interfaceAttachments"]} == {owned["first"]}
    finally:
        base_compute_client.COMPUTE_MICROVERSION = None


def test_token_validation_benchmark(identity, sriov_binary):
    """The figures of `sriov-compute bench tokens` against this Keystone (printed; only
    the counts are asserted: one Keystone call per token, also under a burst)."""
    done = subprocess.run([sriov_binary, "bench", "tokens", "--keystone-url", identity.keystone.url,
                           "--username", "sriov-compute", "--password", "sriov-compute-pw", "--project-name", "service",
                           "--tokens", "10", "--repeats", "2000", "--burst", "50"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    print(done.stdout)
    import json
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["keystone_calls_per_token"] == 1.0
    assert figures["burst"] == {"requests": 50, "valid": 50, "keystone_calls": 1}


def test_keystone_unreachable_gives_503(identity):
    token = identity.token("alice")
    identity.keystone.stop()
    try:
        response = identity.compute.call("GET", "/servers", token=token)
        assert response.status_code == 503, response.text
        message = response.json()["error"]["message"]
        assert "Keystone" in message and "unreachable" in message, message
    finally:
        identity.keystone.start()
    wait_until(lambda: identity.compute.call("GET", "/servers", token=token).status_code == 200, "Keystone back")
