"""What L1's kernel says, read independently of the service: the PCI devices under the real
/sys (ids, driver, netdevs, IOMMU group, the virtfnN and physfn links) and, through
netlink (iproute2's JSON), the VF settings a PF holds (IFLA_VF_INFO) and the macvtaps."""
import json
import os
import subprocess

DEVICES = "/sys/bus/pci/devices"
PF_IDS = ("8086", "10c9")   # Intel 82576, QEMU's igb
VF_IDS = ("8086", "10ca")   # its VF, igbvf


def _read(path):
    with open(path) as handle:
        return handle.read().strip()


def _link_name(path):
    return os.path.basename(os.readlink(path)) if os.path.islink(path) else None


def ids(address):
    base = os.path.join(DEVICES, address)
    return _read(os.path.join(base, "vendor")).removeprefix("0x"), _read(os.path.join(base, "device")).removeprefix("0x")


def addresses(wanted_ids):
    return sorted(address for address in os.listdir(DEVICES) if ids(address) == wanted_ids)


def driver(address):
    """The bound driver's name, or None."""
    return _link_name(os.path.join(DEVICES, address, "driver"))


def netdevs(address):
    path = os.path.join(DEVICES, address, "net")
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def iommu_group(address):
    name = _link_name(os.path.join(DEVICES, address, "iommu_group"))
    return int(name) if name is not None else None


def virtual_functions(pf):
    """VF number -> address, from the PF's virtfnN links."""
    base = os.path.join(DEVICES, pf)
    return {int(name[len("virtfn"):]): _link_name(os.path.join(base, name))
            for name in os.listdir(base) if name.startswith("virtfn")}


def physical_function(vf):
    return _link_name(os.path.join(DEVICES, vf, "physfn"))


def mac(netdev):
    return _read(f"/sys/class/net/{netdev}/address")


def _ip_json(*arguments):
    result = subprocess.run(["ip", "-j", "-d", *arguments], capture_output=True, text=True, check=True)
    return json.loads(result.stdout or "[]")


def vf_settings(pf_netdev):
    """VF number -> {"mac": …, "vlan": N or 0} as the PF reports them (IFLA_VF_INFO)."""
    (link,) = _ip_json("link", "show", "dev", pf_netdev)
    settings = {}
    for vf in link.get("vfinfo_list", []):
        vlans = [entry.get("vlan", 0) for entry in vf.get("vlan_list", [])]
        settings[vf["vf"]] = {"mac": vf.get("address", "").lower(), "vlan": vlans[0] if vlans else 0}
    return settings


def ip_link_text(netdev):
    """`ip link show` as a person reads it, for messages."""
    return subprocess.run(["ip", "link", "show", "dev", netdev], capture_output=True, text=True).stdout.strip()


def macvtaps():
    """macvtap name -> the netdev it sits on."""
    return {link["ifname"]: link.get("link") for link in _ip_json("link", "show", "type", "macvtap")}
