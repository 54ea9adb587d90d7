"""What L1's libvirtd says, through virsh: a domain's live XML, and the device-removed events
(one `virsh event --loop` for the whole run, its lines in a file)."""
import re
import subprocess
import xml.etree.ElementTree as ET


class Libvirt:
    def __init__(self, uri, events_path):
        self.uri = uri
        self.events_path = events_path
        self.watcher = None

    def virsh(self, *arguments):
        return subprocess.run(["virsh", "-c", self.uri, *arguments], capture_output=True, text=True, check=True).stdout

    def watch_events(self):
        """Starts recording every domain event. It starts before the first server boots,
        minutes before the first detach whose event it must see."""
        log = open(self.events_path, "w")
        self.watcher = subprocess.Popen(["virsh", "-c", self.uri, "event", "--all", "--loop", "--timestamp"],
                                        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()

    def stop_watching(self):
        if self.watcher and self.watcher.poll() is None:
            self.watcher.terminate()
            self.watcher.wait()

    def domain_name(self, server):
        return self.virsh("domname", server).strip()

    def removed_aliases(self, server):
        """The aliases of the device-removed events of the server's domain so far."""
        name = self.domain_name(server)
        with open(self.events_path, errors="replace") as events:
            text = events.read()
        return re.findall(rf"event 'device-removed' for domain '{re.escape(name)}': (\S+)", text)

    def live_devices(self, server):
        """(kind, source, alias) of each hostdev / interface in the live XML: kind is
        `hostdev-interface`, `hostdev`, or `direct`; source a PCI address or a netdev."""
        root = ET.fromstring(self.virsh("dumpxml", server))
        found = []
        for element in root.find("devices"):
            alias = element.find("alias")
            alias = alias.get("name") if alias is not None else None
            if element.tag == "interface" and element.get("type") == "hostdev":
                found.append(("hostdev-interface", _pci(element.find("source/address")), alias))
            elif element.tag == "hostdev":
                found.append(("hostdev", _pci(element.find("source/address")), alias))
            elif element.tag == "interface" and element.get("type") == "direct":
                found.append(("direct", element.find("source").get("dev"), alias))
        return found


def _pci(address):
    numbers = [int(address.get(name), 16) for name in ("domain", "bus", "slot", "function")]
    return "{:04x}:{:02x}:{:02x}.{:x}".format(*numbers)
