"""Every route the service serves, each with a valid example body where it takes one.

Taken from the sources: `grep -rn "routes.on(" Sources/ComputeAPI`,
`Sources/NetworkAPI/Routes/*.swift` and `Sources/ComputeAPI/ImageAPI/ImageAPI.swift`.
A path template names its parameters by the kind of resource they pick (`{server}`,
`{port}`, …); `{net}` is the network API's prefix, `""` or `"/networking"`."""
from dataclasses import dataclass, field
from typing import Callable

FIXTURE_PHYSNET = "physnet1"
NETWORK_PREFIXES = ("", "/networking")

# Query parameters each list understands (names from ServerQuerySchema.swift,
# QueryFilters.swift, FlavorListQuery.swift, GlanceImageQuery.swift).
SERVER_FILTERS = ("name", "status", "limit", "marker", "all_tenants", "project_id", "sort_key", "sort_dir",
                  "changes-since", "changes-before", "locked", "flavor", "image", "ip", "deleted", "host", "tags")
FLAVOR_FILTERS = ("is_public", "minRam", "minDisk", "limit", "marker", "sort_key", "sort_dir")
IMAGE_FILTERS = ("name", "status", "limit", "marker", "id", "visibility")
NETWORK_FILTERS = ("name", "id", "tenant_id", "project_id", "shared", "router:external", "provider:network_type",
                   "provider:physical_network", "provider:segmentation_id", "fields")
SUBNET_FILTERS = ("name", "id", "network_id", "tenant_id", "cidr", "fields")
PORT_FILTERS = ("name", "id", "network_id", "device_id", "device_owner", "binding:host_id", "fixed_ips",
                "mac_address", "tenant_id", "fields", "binding:vnic_type", "status")

SERVER_ACTIONS = ("lock", "unlock", "os-stop", "os-start", "pause", "unpause", "suspend", "resume", "reboot", "rebuild",
                  "os-getConsoleOutput")
VNIC_TYPES = ("direct", "direct-physical", "macvtap", "normal", "virtio-forwarder", "remote-managed")


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    # (rng, pools, identity, params) -> a valid example body
    body: Callable | None = None
    # Query parameters of a list route, for the query mutations.
    filters: tuple = ()
    # The kind of resource a 2xx creates, and the path parameter a 2xx deletes.
    creates: str | None = None
    deletes: str | None = None
    # Whether the body names other resources (a port, a network) another project must not use.
    references: bool = False
    # How often it is picked relative to the others: the stateful routes more, so sequences
    # of actions, attaches and detaches reach deeper states.
    weight: int = 1
    parameters: tuple = field(default=())

    def __post_init__(self):
        names = tuple(part[1:-1] for part in self.template.split("/") if part.startswith("{") and part != "{net}")
        object.__setattr__(self, "parameters", names)

    def __str__(self):
        return f"{self.method} {self.template}"


# --- example bodies -------------------------------------------------------------------

def server_create(rng, pools, identity, params):
    server = {"name": f"fz-{rng.randrange(10**6)}", "flavorRef": "1",
              "imageRef": rng.choice(["", pools.image_id]), "networks": "none"}
    choice = rng.random()
    if choice < 0.3:
        server["networks"] = [{"port": pools.pick("port", rng, identity, "reference")}]
    elif choice < 0.4:
        server["networks"] = [{"uuid": pools.pick("network", rng, identity, "reference")}]
    return {"server": server}


def server_action(rng, pools, identity, params):
    action = rng.choice(SERVER_ACTIONS)
    if action == "lock" and rng.random() < 0.5:
        return {"lock": {"locked_reason": "fuzz"}}
    if action == "reboot":
        return {"reboot": {"type": rng.choice(["SOFT", "HARD"])}}
    if action == "rebuild":
        return {"rebuild": {"imageRef": pools.image_id, "name": f"fz-{rng.randrange(10**6)}"}}
    if action == "os-getConsoleOutput":
        return {"os-getConsoleOutput": {"length": rng.choice([None, -1, 0, 3, "5"])}}
    return {action: None}


def interface_attach(rng, pools, identity, params):
    if rng.random() < 0.2:
        return {"interfaceAttachment": {"net_id": pools.pick("network", rng, identity, "reference")}}
    attachment = {"port_id": pools.pick("port", rng, identity, "reference")}
    if rng.random() < 0.3:
        attachment["tag"] = "fuzz-tag"
    return {"interfaceAttachment": attachment}


def audit_run(rng, pools, identity, params):
    return rng.choice([{}, {"heal": False}, {"heal": True}])


EXTERNAL_EVENT_NAMES = ["network-changed", "network-vif-plugged", "network-vif-unplugged", "network-vif-deleted",
                        "volume-extended", "power-update", "accelerator-request-bound", "volume-reimaged"]


def external_events(rng, pools, identity, params):
    """Events as Neutron's notifier sends them, about the fuzz's own servers and ports (a
    network-vif-deleted detaches and frees a scratch port's device, as a detach does)."""
    events = []
    for _ in range(rng.randrange(1, 4)):
        event = {"server_uuid": pools.pick("server", rng, identity, "write"), "name": rng.choice(EXTERNAL_EVENT_NAMES)}
        if rng.random() < 0.8:
            event["tag"] = pools.pick("port", rng, identity, "write")
        if rng.random() < 0.3:
            event["status"] = rng.choice(["completed", "failed", "in-progress"])
        events.append(event)
    return {"events": events}


def pci_device_action(rng, pools, identity, params):
    return {"release": None}


def flavor_create(rng, pools, identity, params):
    flavor = {"name": f"fz-flavor-{rng.randrange(10**9)}", "ram": 512, "vcpus": 1, "disk": 1}
    if rng.random() < 0.5:
        flavor["id"] = f"fz-{rng.randrange(10**9)}"
    return {"flavor": flavor}


def extra_specs_create(rng, pools, identity, params):
    return {"extra_specs": {"hw:numa_nodes": "1", "fuzz:key": "value"}}


def extra_spec_update(rng, pools, identity, params):
    return {params.get("spec_key", "fuzz:key"): "2"}


def network_create(rng, pools, identity, params):
    network = {"name": f"fz-net-{rng.randrange(10**6)}"}
    if identity.is_admin:
        network.update({"provider:network_type": "vlan", "provider:physical_network": FIXTURE_PHYSNET,
                        "provider:segmentation_id": rng.randrange(200, 4000)})
    return {"network": network}


def network_update(rng, pools, identity, params):
    return {"network": {"name": f"fz-renamed-{rng.randrange(1000)}", "description": "fuzz"}}


def subnet_create(rng, pools, identity, params):
    return {"subnet": {"network_id": pools.pick("network", rng, identity, "reference"), "ip_version": 4,
                       "cidr": f"10.{rng.randrange(100, 250)}.{rng.randrange(256)}.0/24"}}


def subnet_update(rng, pools, identity, params):
    return {"subnet": {"name": "fz-subnet", "dns_nameservers": ["192.0.2.53"]}}


def port_create(rng, pools, identity, params):
    return {"port": {"network_id": pools.pick("network", rng, identity, "reference"),
                     "binding:vnic_type": rng.choice(VNIC_TYPES), "name": f"fz-port-{rng.randrange(10**6)}"}}


def port_update(rng, pools, identity, params):
    update = rng.choice([
        {"name": "fz-renamed"},
        {"binding:host_id": "fuzzhost", "binding:profile": {}},
        {"binding:vnic_type": rng.choice(VNIC_TYPES)},
        {"device_id": "", "device_owner": ""},
    ])
    return {"port": update}


# --- the catalogue ----------------------------------------------------------------------

def _network_routes():
    routes = [Route("GET", "{net}/v2.0"), Route("GET", "/networking"),
              Route("GET", "{net}/v2.0/extensions"),
              Route("GET", "{net}/v2.0/extensions/{extension}")]
    resources = [("networks", "network", NETWORK_FILTERS, network_create, network_update),
                 ("subnets", "subnet", SUBNET_FILTERS, subnet_create, subnet_update),
                 ("ports", "port", PORT_FILTERS, port_create, port_update)]
    for collection, kind, filters, create, update in resources:
        routes += [
            Route("GET", f"{{net}}/v2.0/{collection}", filters=filters),
            Route("POST", f"{{net}}/v2.0/{collection}", body=create, creates=kind,
                  references=kind != "network"),
            Route("GET", f"{{net}}/v2.0/{collection}/{{{kind}}}", filters=("fields",)),
            Route("PUT", f"{{net}}/v2.0/{collection}/{{{kind}}}", body=update),
            Route("DELETE", f"{{net}}/v2.0/{collection}/{{{kind}}}", deletes=kind),
        ]
    return routes


ROUTES = [
    Route("GET", "/"),
    Route("GET", "/v2.1"),
    Route("GET", "/v2.1/servers", filters=SERVER_FILTERS),
    Route("GET", "/v2.1/servers/detail", filters=SERVER_FILTERS),
    Route("POST", "/v2.1/servers", body=server_create, creates="server", references=True, weight=2),
    Route("GET", "/v2.1/servers/{server}"),
    Route("DELETE", "/v2.1/servers/{server}", deletes="server"),
    Route("POST", "/v2.1/servers/{server}/action", body=server_action, weight=6),
    Route("GET", "/v2.1/servers/{server}/os-instance-actions"),
    Route("GET", "/v2.1/servers/{server}/os-instance-actions/{action_request}"),
    Route("GET", "/v2.1/servers/{server}/os-interface"),
    Route("POST", "/v2.1/servers/{server}/os-interface", body=interface_attach, references=True, weight=3),
    Route("GET", "/v2.1/servers/{server}/os-interface/{attachment}"),
    Route("DELETE", "/v2.1/servers/{server}/os-interface/{attachment}", weight=2),
    Route("GET", "/v2.1/servers/{server}/os-interface-fit/{attachment}"),
    Route("GET", "/v2.1/os-pci-devices"),
    Route("POST", "/v2.1/os-pci-devices/{pci_address}/action", body=pci_device_action),
    Route("GET", "/v2.1/os-sriov-audit"),
    Route("POST", "/v2.1/os-sriov-audit", body=audit_run),
    Route("POST", "/v2.1/os-server-external-events", body=external_events),
    Route("GET", "/v2.1/images", filters=IMAGE_FILTERS),
    Route("GET", "/v2.1/images/detail", filters=IMAGE_FILTERS),
    Route("GET", "/v2.1/images/{image}"),
    Route("GET", "/v2.1/flavors", filters=FLAVOR_FILTERS),
    Route("GET", "/v2.1/flavors/detail", filters=FLAVOR_FILTERS),
    Route("GET", "/v2.1/flavors/{flavor}"),
    Route("POST", "/v2.1/flavors", body=flavor_create, creates="flavor"),
    Route("DELETE", "/v2.1/flavors/{flavor}", deletes="flavor"),
    Route("GET", "/v2.1/flavors/{flavor}/os-extra_specs"),
    Route("POST", "/v2.1/flavors/{flavor}/os-extra_specs", body=extra_specs_create),
    Route("GET", "/v2.1/flavors/{flavor}/os-extra_specs/{spec_key}"),
    Route("PUT", "/v2.1/flavors/{flavor}/os-extra_specs/{spec_key}", body=extra_spec_update),
    Route("DELETE", "/v2.1/flavors/{flavor}/os-extra_specs/{spec_key}"),
    Route("GET", "/v2.1/os-services"),
    Route("GET", "/v2.1/os-hypervisors"),
    Route("GET", "/v2.1/os-hypervisors/detail"),
    Route("GET", "/v2.1/os-availability-zone"),
    Route("GET", "/v2.1/os-availability-zone/detail"),
    Route("GET", "/v2.1/os-aggregates"),
    # Not a route: UnknownRoutes answers anything else under /v2.1 with Nova's 404.
    Route("GET", "/v2.1/os-quota-sets"),
    Route("GET", "/image"),
    Route("GET", "/image/versions"),
    Route("GET", "/image/v2/images", filters=IMAGE_FILTERS),
    Route("GET", "/image/v2/images/{image}"),
] + _network_routes()
ROUTE_WEIGHTS = [route.weight for route in ROUTES]


def api_of_path(path):
    """Which error shape a path's 4xx must have, from the path as sent: "compute" (Nova's
    fault), "network" (NeutronError) or None (the root, the Image API: not checked)."""
    if path == "/v2.1" or path.startswith(("/v2.1/", "/v2.1?")):
        return "compute"
    if path == "/v2.0" or path.startswith(("/v2.0/", "/v2.0?", "/networking/")):
        return "network"
    return None
