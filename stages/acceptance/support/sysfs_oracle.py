"""The binding profile Nova would write for a device (nova-behavior §5.3 and §7.1), read
straight from the fake host's sysfs tree rather than from sriov-compute: vendor info,
slot and physnet for every device; the PF's MAC and the VF's number (the N of the PF's
`virtfnN` link) for a VF; the PF's own MAC for a PF."""
import glob
import os


class SysfsOracle:
    def __init__(self, sysfs_root):
        self.devices = os.path.join(sysfs_root, "bus", "pci", "devices")

    def _read(self, address, name):
        with open(os.path.join(self.devices, address, name)) as f:
            return f.read().strip()

    def vendor_info(self, address):
        return self._read(address, "vendor").removeprefix("0x") + ":" + self._read(address, "device").removeprefix("0x")

    def mac(self, address):
        netdevs = sorted(glob.glob(os.path.join(self.devices, address, "net", "*", "address")))
        assert len(netdevs) == 1, f"{address} should have one netdev, has {netdevs}"
        with open(netdevs[0]) as f:
            return f.read().strip()

    def netdev(self, address):
        return os.path.basename(os.path.dirname(glob.glob(os.path.join(self.devices, address, "net", "*", "address"))[0]))

    def parent(self, address):
        link = os.path.join(self.devices, address, "physfn")
        return os.path.basename(os.readlink(link)) if os.path.islink(link) else None

    def vf_number(self, address):
        parent = self.parent(address)
        for link in glob.glob(os.path.join(self.devices, parent, "virtfn*")):
            if os.path.basename(os.readlink(link)) == address:
                return int(os.path.basename(link).removeprefix("virtfn"))
        raise AssertionError(f"{address} is not a VF of {parent}")

    def vfs(self, pf_address):
        links = glob.glob(os.path.join(self.devices, pf_address, "virtfn*"))
        return sorted(os.path.basename(os.readlink(link)) for link in links)

    def pfs(self):
        return sorted(os.path.basename(d) for d in glob.glob(os.path.join(self.devices, "*"))
                      if glob.glob(os.path.join(d, "virtfn*")))

    def expected_profile(self, address, physnet):
        assert not os.path.exists(os.path.join(self.devices, address, "vpd")), \
            "the fake host has VPD: the expected profile would need card_serial_number"
        profile = {"pci_vendor_info": self.vendor_info(address), "pci_slot": address, "physical_network": physnet}
        parent = self.parent(address)
        if parent:
            profile["pf_mac_address"] = self.mac(parent)
            profile["vf_num"] = self.vf_number(address)
        else:
            profile["device_mac_address"] = self.mac(address)
        return profile
