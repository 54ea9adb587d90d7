"""The cross-host ledger checks (clusterlib/ledger.py) on hand-made worlds, so that a check
that finds nothing is known to be able to find something: a clean world of two hosts passes,
and each way of leaking, double-owning or disagreeing is found."""
import copy

from clusterlib.ledger import findings_in

SERVER_A = "aaaaaaaa-0000-4000-8000-000000000001"
SERVER_B = "bbbbbbbb-0000-4000-8000-000000000002"


def world():
    """compute1 holds server A with VF 0000:02:00.1 of PF 0000:02:00.0 on port pa;
    compute2 holds server B with no device; the same addresses exist on both hosts."""
    devices = [
        {"host": "compute1", "address": "0000:02:00.0", "type": "type-PF", "status": "unavailable", "owner": "", "parent": ""},
        {"host": "compute1", "address": "0000:02:00.1", "type": "type-VF", "status": "allocated", "owner": SERVER_A,
         "parent": "0000:02:00.0"},
        {"host": "compute2", "address": "0000:02:00.0", "type": "type-PF", "status": "available", "owner": "", "parent": ""},
        {"host": "compute2", "address": "0000:02:00.1", "type": "type-VF", "status": "available", "owner": "",
         "parent": "0000:02:00.0"},
    ]
    servers = {SERVER_A: {"host": "compute1", "vm_state": "active"}, SERVER_B: {"host": "compute2", "vm_state": "active"}}
    vifs = [{"port": "pa", "server": SERVER_A, "slot": "0000:02:00.1", "vnic": "direct"}]
    ports = [
        {"id": "pa", "binding:host_id": "compute1", "device_owner": "compute:nova", "device_id": SERVER_A,
         "binding:profile": {"pci_slot": "0000:02:00.1"}},
        {"id": "free", "binding:host_id": "", "device_owner": "", "device_id": "", "binding:profile": {}},
    ]
    return devices, servers, vifs, [], ports


def changed(change):
    parts = copy.deepcopy(world())
    change(*parts)
    return findings_in(*parts)


def test_a_clean_world_of_two_hosts_passes():
    assert findings_in(*world()) == []


def test_a_device_allocated_without_an_interface_is_leaked():
    def change(devices, servers, vifs, unsettled, ports):
        vifs.clear()
        ports[0].update({"binding:host_id": "", "device_owner": "", "device_id": "", "binding:profile": {}})
    assert changed(change) == ["compute1 0000:02:00.1 is allocated to " + SERVER_A + " through 0 interfaces (leaked or double-owned)"]


def test_a_device_owned_by_a_server_of_another_host_is_double_owned():
    def change(devices, servers, vifs, unsettled, ports):
        devices[3].update(status="allocated", owner=SERVER_A)
    found = changed(change)
    assert any("double-owned across hosts" in finding for finding in found), found


def test_a_device_of_a_server_that_is_gone_is_leaked():
    def change(devices, servers, vifs, unsettled, ports):
        devices[3].update(status="allocated", owner="cccccccc-0000-4000-8000-000000000003")
    found = changed(change)
    assert any("which does not exist (leaked)" in finding for finding in found), found


def test_an_interface_naming_another_servers_device_is_found():
    def change(devices, servers, vifs, unsettled, ports):
        vifs.append({"port": "pb", "server": SERVER_B, "slot": "0000:02:00.1", "vnic": "direct"})
        ports.append({"id": "pb", "binding:host_id": "compute2", "device_owner": "compute:nova", "device_id": SERVER_B,
                      "binding:profile": {"pci_slot": "0000:02:00.1"}})
    found = changed(change)
    assert any("interface of port pb" in finding and "available to nobody" in finding for finding in found), found


def test_a_port_bound_to_the_wrong_host_is_found():
    def change(devices, servers, vifs, unsettled, ports):
        ports[0]["binding:host_id"] = "compute2"
    found = changed(change)
    assert "port pa is bound to compute2 for a server of compute1" in found, found


def test_a_port_whose_slot_is_not_its_interfaces_device_is_found():
    def change(devices, servers, vifs, unsettled, ports):
        ports[0]["binding:profile"] = {"pci_slot": "0000:02:00.2"}
    assert changed(change) == ["port pa's pci_slot 0000:02:00.2 is not its interface's device 0000:02:00.1"]


def test_an_interface_whose_port_is_unbound_is_found():
    def change(devices, servers, vifs, unsettled, ports):
        ports[0].update({"binding:host_id": "", "device_owner": "", "device_id": ""})
    assert changed(change) == [f"port pa of server {SERVER_A} on compute1 is bound to no host for nobody"]


def test_quarantined_claimed_and_open_work_are_found():
    def change(devices, servers, vifs, unsettled, ports):
        devices[3].update(status="quarantined", owner=SERVER_B)
        unsettled.append(("attach", "bind", "open", SERVER_B))
    found = changed(change)
    assert "compute2 0000:02:00.1 is left quarantined (owner " + SERVER_B + ")" in found, found
    assert f"journal: attach of {SERVER_B} at bind is still open" in found, found


def test_a_free_pf_under_a_vf_in_use_is_found():
    def change(devices, servers, vifs, unsettled, ports):
        devices[0]["status"] = "available"
    assert changed(change) == ["compute1 0000:02:00.1 is in use while its PF 0000:02:00.0 is available"]
