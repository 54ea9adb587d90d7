"""The service's state around the fuzzing: the fixtures made before it, the ids the fuzz
requests pick from, the snapshot compared before and after, and the clean-up of whatever
the fuzz requests created."""
import glob
import hashlib
import json
import os
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field

from harness.api import OWNER_TOKEN, OWNER_PROJECT, APIError, list_servers, wait_for_status
from .routes import FIXTURE_PHYSNET

SEEDED_IMAGE_ID = "c3a9b0b4-5e6f-4a0e-9d6b-0f8f3b0a1c01"
SETTLE_SECONDS = 30
# Swift's Regex backtracks: a run of "a"s that cannot end the match makes `(a+)+$`
# exponential. Any tenant can name a server this, so the fixture does, and the query
# mutations' regex-like `name` values then find the amplification if there is one.
BACKTRACKING_NAME = "fuzz-" + "a" * 28 + "!"
NETWORK_KINDS = ("port", "subnet", "network")


@dataclass
class Fixtures:
    network: str
    subnet: str
    ports: list
    servers: list
    # x-compute-request-id of the fixture calls: the instance actions' ids.
    request_ids: list
    flavors: list
    extension_aliases: list

    def ids(self, kind):
        return {"server": self.servers, "port": self.ports, "network": [self.network],
                "subnet": [self.subnet], "flavor": self.flavors}.get(kind, [])


# --- set-up -----------------------------------------------------------------------------

def create_fixtures(api) -> Fixtures:
    """As project `owner` (the admin where policy wants one): a VLAN network on the physnet
    with a subnet, VF ports (and a PF port when PFs are tracked), two servers, one port
    attached after boot, one server locked by the admin."""
    devices = api.expect(200, "GET", "/v2.1/os-pci-devices")["pci_devices"]
    pf_tracked = any(d["dev_type"] == "type-PF" and d["physical_network"] == FIXTURE_PHYSNET for d in devices)
    network = api.expect(201, "POST", "/v2.0/networks", {"network": {
        "name": "fuzz-net", "tenant_id": OWNER_PROJECT, "provider:network_type": "vlan",
        "provider:physical_network": FIXTURE_PHYSNET, "provider:segmentation_id": 100}})["network"]["id"]
    subnet = api.expect(201, "POST", "/v2.0/subnets", {"subnet": {
        "network_id": network, "ip_version": 4, "cidr": "10.77.0.0/24", "name": "fuzz-subnet"}},
        token=OWNER_TOKEN)["subnet"]["id"]
    vnic_types = ["direct", "direct"] + (["direct-physical"] if pf_tracked else [])
    ports = [api.expect(201, "POST", "/v2.0/ports", {"port": {
        "network_id": network, "binding:vnic_type": vnic, "name": f"fuzz-port-{index}"}},
        token=OWNER_TOKEN)["port"]["id"] for index, vnic in enumerate(vnic_types)]
    request_ids = []
    servers = []
    for name, networks in (("fuzz-owner-a", [{"port": ports[0]}]), (BACKTRACKING_NAME, "none")):
        _, document, reply = api.call("POST", "/v2.1/servers", {"server": {
            "name": name, "flavorRef": "1", "imageRef": "", "networks": networks}}, token=OWNER_TOKEN)
        if reply.status != 202:
            raise APIError(f"fixture boot {name}: {reply.status} {reply.body[:500]!r}")
        servers.append(document["server"]["id"])
        request_ids.append(reply.header("x-compute-request-id"))
    for server in servers:
        wait_for_status(api, server, "ACTIVE", SETTLE_SECONDS)
    for port in ports[1:]:
        _, _, reply = api.call("POST", f"/v2.1/servers/{servers[1]}/os-interface",
                               {"interfaceAttachment": {"port_id": port}}, token=OWNER_TOKEN)
        if reply.status != 200:
            raise APIError(f"fixture attach {port}: {reply.status} {reply.body[:500]!r}")
        request_ids.append(reply.header("x-compute-request-id"))
    _, _, reply = api.call("POST", f"/v2.1/servers/{servers[1]}/action", {"lock": None})
    if reply.status != 202:
        raise APIError(f"fixture lock: {reply.status} {reply.body[:500]!r}")
    request_ids.append(reply.header("x-compute-request-id"))
    flavors = [flavor["id"] for flavor in api.expect(200, "GET", "/v2.1/flavors?is_public=none")["flavors"]]
    aliases = [extension["alias"] for extension in api.expect(200, "GET", "/v2.0/extensions")["extensions"]]
    return Fixtures(network, subnet, ports, servers, request_ids, flavors, aliases)



# --- the ids fuzz requests use ------------------------------------------------------------

@dataclass
class Pools:
    """Fixture ids and the ids of resources fuzz requests created (`scratch`, by project).

    Reads may name anything. A write (any method but GET/HEAD/OPTIONS) by the admin or the
    owner names only scratch resources, so that the fixtures stay as they were and the
    snapshot comparison means something; a write by another project may name the owner's
    resources too, because refusing that is what the isolation check verifies."""
    fixtures: Fixtures
    image_id: str = SEEDED_IMAGE_ID
    scratch: dict = field(default_factory=dict)  # kind -> project -> [id]

    def pick(self, kind, rng, identity, purpose):
        """An id of `kind` ("server", "port", "network", "subnet", "flavor", "image",
        "attachment", "action_request", "spec_key", "extension", "pci_address") for a `purpose` of
        "read", "write" or "reference" (an id inside a body)."""
        kind = "port" if kind == "attachment" else kind
        special = {"image": lambda: [self.image_id], "action_request": lambda: self.fixtures.request_ids,
                   # PFs and VFs of the fuzz host (fake_host 2x2x4), and one it does not have.
                   "pci_address": lambda: ["0000:01:00.0", "0000:02:00.0", "0000:02:00.3", "0000:08:00.1", "0000:7f:00.1"],
                   "spec_key": lambda: ["hw:numa_nodes", "hw:pci_numa_affinity_policy", "fuzz:key"],
                   "extension": lambda: self.fixtures.extension_aliases}
        if rng.random() < 0.1:
            # Never a real id: the seeded flavors are called "1", "2", "3".
            return rng.choice([str(uuid.UUID(int=rng.getrandbits(128), version=4)), "not-a-uuid", "0", "req-0"])
        if kind in special:
            return rng.choice(special[kind]())
        mine = self._scratch(kind, identity)
        protected = self.fixtures.ids(kind)
        if purpose == "read" or (purpose == "reference" and kind == "network"):
            candidates = protected + self._scratch(kind, None)
        elif identity.foreign:
            # Its own scratch, or the owner's resources and the fixtures: refusing those is
            # what the isolation check and the snapshot verify.
            candidates = mine if mine and rng.random() < 0.5 else protected + self.owner_ids_of(kind)
        elif purpose == "reference" and rng.random() < 0.1:
            candidates = protected  # a fixture port is in use: expect a refusal
        elif purpose == "write" and rng.random() < 0.7:
            # Mostly the newest few, so successive actions walk one server through its states.
            candidates = mine[-3:]
        else:
            candidates = mine
        if not candidates:
            return str(uuid.UUID(int=rng.getrandbits(128), version=4))
        return rng.choice(candidates)

    def _scratch(self, kind, identity):
        """Scratch ids of `kind` the identity may write (all of them for the admin or None)."""
        by_project = self.scratch.get(kind, {})
        if identity is None or identity.is_admin:
            return [id for ids in by_project.values() for id in ids]
        return list(by_project.get(identity.project, []))

    def names_fixture(self, path):
        """Whether a path names a fixture (or seeded flavor) in one of its segments."""
        fixture_ids = {id.lower() for kind in ("server", "port", "network", "subnet", "flavor")
                       for id in self.fixtures.ids(kind)}
        return any(urllib.parse.unquote(segment).lower() in fixture_ids for segment in path.split("/"))

    def owner_ids_of(self, kind):
        owned = [] if kind == "flavor" else list(self.fixtures.ids(kind))
        return owned + list(self.scratch.get(kind, {}).get(OWNER_PROJECT, []))

    def owner_ids(self):
        """Every id the owner project owns: another project must never meet them."""
        return {id for kind in ("server", "port", "network", "subnet") for id in self.owner_ids_of(kind)}

    def learn(self, case, reply):
        """Adds what a 2xx created to the scratch ids, drops what it deleted."""
        if reply.status is None or not 200 <= reply.status < 300:
            return
        route = case.route
        if route.creates and case.method == route.method:
            created = _created_resource(route.creates, reply.body)
            if created:
                id, project = created
                project = project or case.identity.project
                self.scratch.setdefault(route.creates, {}).setdefault(project, []).append(id)
        if route.deletes and case.method == "DELETE":
            gone = case.params.get(route.deletes)
            for ids in self.scratch.get(route.deletes, {}).values():
                if gone in ids:
                    ids.remove(gone)


def _created_resource(kind, body):
    """(id, project or None) of the resource a create answered with, if it reads as one."""
    try:
        resource = json.loads(body)[kind]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(resource, dict) or not isinstance(resource.get("id"), str):
        return None
    project = resource.get("project_id") or resource.get("tenant_id")
    return resource["id"], project if isinstance(project, str) else None


# --- snapshots ------------------------------------------------------------------------

def snapshot(api, hypervisor_dir):
    """The state the fuzzing must leave as it found it (after the clean-up)."""
    devices = api.expect(200, "GET", "/v2.1/os-pci-devices")["pci_devices"]
    ports = api.expect(200, "GET", "/v2.0/ports")["ports"]
    servers = list_servers(api)
    flavors = api.expect(200, "GET", "/v2.1/flavors/detail?is_public=none")["flavors"]
    domains = []
    for path in sorted(glob.glob(os.path.join(hypervisor_dir, "**", "*.json"), recursive=True)):
        with open(path, "rb") as domain:
            domains.append([os.path.relpath(path, hypervisor_dir), hashlib.sha256(domain.read()).hexdigest()])
    return {
        "ledger": sorted((dict(sorted(d.items())) for d in devices), key=lambda d: d["address"]),
        "ports": sorted(({key: p.get(key) for key in ("id", "device_id", "binding:host_id", "binding:profile",
                                                      "binding:vif_type")} for p in ports), key=lambda p: p["id"]),
        "domains": domains,
        "servers": sorted(({"id": s["id"], "status": s["status"], "locked": s.get("locked")} for s in servers),
                          key=lambda s: s["id"]),
        "flavors": sorted(({"id": f["id"], "extra_specs": f.get("extra_specs")} for f in flavors),
                          key=lambda f: f["id"]),
    }


def snapshot_differences(before, after):
    """One line per part that differs: what was there before and what is there now."""
    lines = []
    for part in before:
        if before[part] == after.get(part):
            continue
        old = {json.dumps(item, sort_keys=True) for item in before[part]}
        new = {json.dumps(item, sort_keys=True) for item in after.get(part, [])}
        lines.append(f"{part}: gone {sorted(old - new)[:5]} / new or changed {sorted(new - old)[:5]}")
    return lines



# --- clean-up -------------------------------------------------------------------------

def remove_fuzz_resources(api, fixtures):
    """Deletes every server, port, subnet, network and flavor that is not a fixture (the
    fuzz requests' creations, including ports a boot made), servers first so their ports
    are free. Returns the problems met (deletions refused)."""
    problems = []
    doomed = [s for s in list_servers(api) if s["id"] not in fixtures.servers]
    for server in doomed:
        if server.get("locked"):
            api.call("POST", f"/v2.1/servers/{server['id']}/action", {"unlock": None})
        status, _, reply = api.call("DELETE", f"/v2.1/servers/{server['id']}")
        if status not in (204, 404):
            problems.append(f"DELETE server {server['id']}: {status} {reply.body[:300]!r}")
    _wait_until_gone(api, {s["id"] for s in doomed}, problems)
    for kind in NETWORK_KINDS:
        collection = kind + "s"
        for resource in api.expect(200, "GET", f"/v2.0/{collection}")[collection]:
            if resource["id"] not in fixtures.ids(kind):
                status, _, reply = api.call("DELETE", f"/v2.0/{collection}/{resource['id']}")
                if status not in (204, 404):
                    problems.append(f"DELETE {kind} {resource['id']}: {status} {reply.body[:300]!r}")
    for flavor in api.expect(200, "GET", "/v2.1/flavors?is_public=none")["flavors"]:
        if flavor["id"] not in fixtures.flavors:
            status, _, reply = api.call("DELETE", f"/v2.1/flavors/{flavor['id']}")
            if status not in (202, 204, 404):
                problems.append(f"DELETE flavor {flavor['id']}: {status} {reply.body[:300]!r}")
    return problems


def _wait_until_gone(api, server_ids, problems):
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        left = server_ids & {s["id"] for s in list_servers(api)}
        if not left:
            return
        time.sleep(0.1)
    problems.append(f"servers still listed {SETTLE_SECONDS} s after DELETE: {sorted(left)[:10]}")


def wait_for_snapshot(api, hypervisor_dir, expected):
    """Polls (background detaches and domain removals finish after the DELETEs answer)
    until the snapshot equals `expected`, or SETTLE_SECONDS pass; returns the last one."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        current = snapshot(api, hypervisor_dir)
        if current == expected or time.monotonic() > deadline:
            return current
        time.sleep(0.2)

