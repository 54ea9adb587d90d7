"""`sriov-compute serve` with its compute store on PostgreSQL: a server, a direct port
attached and detached over HTTP, each step checked against the rows in PostgreSQL (psql),
a restart that finds the same server and ledger, then PostgreSQL stopped under the running
service: an attach fails cleanly and leaves nothing, and once PostgreSQL is back the same
process attaches again. Python 3 standard library and psql. The last line is
`postgres: N passed, M failed`."""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

from harness.api import APIClient, wait_for_status, wait_until
from harness.config import HOST, ServiceLayout, free_port
from harness.service import ServiceProcess

SETTLE_SECONDS = 30


def psql(url, query):
    """The rows of `query`, each a list of column texts."""
    output = subprocess.run(["psql", "-X", "-A", "-t", "-F", "|", url, "-c", query], check=True, capture_output=True, text=True).stdout
    return [line.split("|") for line in output.splitlines() if line]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--cluster", required=True, help="the cluster's folder (cluster.sh)")
    arguments = parser.parse_args()
    url = arguments.database_url
    passed, failed = 0, 0

    def check(name, condition, detail=""):
        nonlocal passed, failed
        if condition:
            passed += 1
            print(f"ok    {name}")
        else:
            failed += 1
            print(f"FAIL  {name} {detail}")

    layout = ServiceLayout(os.path.join(arguments.workdir, "host"), free_port(), "compute0")
    layout.write("1x1x4", database_url=url)
    service = ServiceProcess(arguments.binary, layout.config_path, HOST, layout.port, arguments.workdir)
    try:
        service.start()
        check("serve starts on PostgreSQL and says where", "postgres://sriov:***@127.0.0.1" in service.log_since_start(),
              service.log_tail())
        check("the password is never logged", url.split(":")[2].split("@")[0] not in service.log_since_start())
        api = APIClient(HOST, layout.port)
        network = api.expect(201, "POST", "/v2.0/networks", {"network": {
            "name": "pg", "provider:network_type": "vlan", "provider:physical_network": "physnet1", "provider:segmentation_id": 100}})["network"]["id"]
        api.expect(201, "POST", "/v2.0/subnets", {"subnet": {"network_id": network, "ip_version": 4, "cidr": "10.7.0.0/24"}})
        port = api.expect(201, "POST", "/v2.0/ports", {"port": {"network_id": network, "binding:vnic_type": "direct"}})["port"]["id"]
        server = api.expect(202, "POST", "/v2.1/servers", {"server": {
            "name": "pg-vm", "flavorRef": "1", "imageRef": "", "networks": "none"}})["server"]["id"]
        check("the server is ACTIVE", wait_for_status(api, server, "ACTIVE", SETTLE_SECONDS) == "ACTIVE")
        check("its row is in PostgreSQL", psql(url, f"SELECT vm_state FROM servers WHERE lower(id) = '{server}'") == [["active"]])

        attached = api.expect(200, "POST", f"/v2.1/servers/{server}/os-interface", {"interfaceAttachment": {"port_id": port}})
        check("attach answers with the port", attached["interfaceAttachment"]["port_id"] == port)
        devices = psql(url, "SELECT address, lower(instance_uuid) FROM pci_devices WHERE status = 'allocated'")
        check("one VF is allocated to the server in PostgreSQL's ledger", [row[1] for row in devices] == [server], devices)
        check("the interface row has the VF's slot", psql(url, f"SELECT pci_slot FROM vifs WHERE port_id = '{port}'") == [[devices[0][0]]] if devices else False)
        check("the attach's journal row is done", psql(url, "SELECT kind, state FROM journal") == [["attach", "done"]])

        api.expect(202, "DELETE", f"/v2.1/servers/{server}/os-interface/{port}")
        freed = wait_until(lambda: not psql(url, "SELECT 1 FROM pci_devices WHERE status <> 'available'")
                           and not psql(url, "SELECT 1 FROM vifs"), SETTLE_SECONDS)
        check("detach frees the VF and drops the interface row", freed)
        check("the detach's journal row is done", sorted(map(tuple, psql(url, "SELECT kind, state FROM journal"))) == [("attach", "done"), ("detach", "done")])

        service.stop()
        service.start()
        servers = api.expect(200, "GET", "/v2.1/servers")["servers"]
        check("a restart finds the server in PostgreSQL", [entry["id"] for entry in servers] == [server])
        pci = psql(url, "SELECT count(*), count(*) FILTER (WHERE status = 'available') FROM pci_devices WHERE device_type = 'type-VF'")
        check("and the ledger's four VFs available", pci == [["4", "4"]], pci)

        subprocess.run(["bash", os.path.join(HERE, "cluster.sh"), "stop", arguments.cluster], check=True)
        status, document, _ = api.call("POST", f"/v2.1/servers/{server}/os-interface", {"interfaceAttachment": {"port_id": port}})
        check("with PostgreSQL gone an attach fails with Nova's fault", status == 500 and "computeFault" in (document or {}),
              f"{status} {document}")
        check("and the service stays up", service.answers_root())
        subprocess.run(["bash", os.path.join(HERE, "cluster.sh"), "resume", arguments.cluster], check=True)
        check("the failed attach left no row", not psql(url, "SELECT 1 FROM pci_devices WHERE status <> 'available'")
              and not psql(url, "SELECT 1 FROM vifs") and not psql(url, "SELECT 1 FROM journal WHERE state <> 'done'"))
        status, _, reply = api.call("POST", f"/v2.1/servers/{server}/os-interface", {"interfaceAttachment": {"port_id": port}})
        check("once PostgreSQL is back the same process attaches", status == 200, f"{status} {reply.body[:300]!r}")
        api.expect(202, "DELETE", f"/v2.1/servers/{server}/os-interface/{port}")
        check("and detaches", wait_until(lambda: not psql(url, "SELECT 1 FROM pci_devices WHERE status <> 'available'"), SETTLE_SECONDS))
        api.expect(204, "DELETE", f"/v2.1/servers/{server}")
        check("delete removes the server's row", wait_until(lambda: not psql(url, "SELECT 1 FROM servers"), SETTLE_SECONDS))
    except Exception as error:  # a step that could not run is a failure, with its reason
        check("the flow ran to its end", False, repr(error))
        print(service.log_tail(), file=sys.stderr)
    finally:
        service.stop()
    print(f"postgres: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
