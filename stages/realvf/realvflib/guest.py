"""What a nested L2 guest sees, from its serial console file (stages/libvirt/guest-init.sh):
GUEST-PCI lines list each PCI function as ADDRESS=VENDOR:DEVICE:DRIVER, GUEST-NET lines its
netdevs and MACs; both are printed again on every change."""
import re

PCI_ENTRY = re.compile(r"(\S+)=([0-9a-f]{4}):([0-9a-f]{4}):(\S*)")


def _lines(path, prefix):
    try:
        with open(path, errors="replace") as console:
            return [line.strip() for line in console if line.startswith(prefix)]
    except FileNotFoundError:
        return []


def pci_functions(path):
    """The last GUEST-PCI line as [(address, "vendor:device", driver)], or None before one."""
    lines = _lines(path, "GUEST-PCI")
    if not lines:
        return None
    return [(address, f"{vendor}:{device}", driver) for address, vendor, device, driver in PCI_ENTRY.findall(lines[-1])]


def macs(path):
    """The MACs of the last GUEST-NET line, or None before one."""
    lines = _lines(path, "GUEST-NET")
    if not lines:
        return None
    found = re.search(r"macs=\[([^\]]*)\]", lines[-1])
    return found.group(1).split() if found else []


def ready(path):
    return bool(_lines(path, "GUEST-READY"))


def last_lines(path, count=3):
    try:
        with open(path, errors="replace") as console:
            return " | ".join(line.strip() for line in console.readlines()[-count:])
    except FileNotFoundError:
        return "(no console file)"
