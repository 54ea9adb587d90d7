"""The compute host the Neutron-backed runs use, and how Neutron learns about it.

2 NUMA nodes × 2 PFs × 4 VFs: PFs 0–2 (buses 01/03/05, VFs on 02/04/06) are on physnet1,
which the NIC Switch agent maps; PF 3 (bus 07, VFs on 08) is on physnet2, which it does
not, so binding a port there fails in Neutron."""
import os

from .sriov_server import SRIOVComputeServer
from .sysfs_oracle import SysfsOracle

HOST = "compute0"
FAKE_HOST = "2x2x4"
MAPPED_PFS = ["0000:01:00.0", "0000:03:00.0", "0000:05:00.0"]
UNMAPPED_PF = "0000:07:00.0"
DEVICE_SPEC = [{"address": pf, "physical_network": "physnet1"} for pf in MAPPED_PFS] + [
    {"address": UNMAPPED_PF, "physical_network": "physnet2"}]


def neutron_backed_service(binary, directory, port, neutron_url, timeout="5s", log_level="info"):
    return SRIOVComputeServer(binary, directory, port,
                              network={"backend": "neutron", "url": neutron_url, "timeout": timeout},
                              fake_host=FAKE_HOST, device_spec=DEVICE_SPEC, host_name=HOST, log_level=log_level)


def register_nic_switch_agent(neutron, service, host=HOST, pfs=MAPPED_PFS):
    """The agent row of `host` mapping physnet1 to the netdevs of `pfs` on the fake host of
    `service` (anything with the `sysfs_root` of a started service)."""
    oracle = SysfsOracle(service.sysfs_root)
    neutron.register_agent(host, [("physnet1", oracle.netdev(pf)) for pf in pfs])


def default_binary(repo):
    return os.environ.get("SRIOV_COMPUTE_BIN", os.path.join(repo, ".build", "debug", "sriov-compute"))
