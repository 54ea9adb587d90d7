import TestSupport
import Foundation

/// A node file for libvirt's in-process test driver (`test:///PATH`): one running domain
/// holding a VF as `<interface type='hostdev'>` with the user alias `ua-sriov-1`. Every
/// connection opened on it reads the file afresh, so a reconnection finds the same domain,
/// and a missing file makes opening fail as an absent libvirtd would.
struct TestNode {
    static let domain = UUID(uuidString: "11111111-2222-3333-4444-000000000001")!
    static let presentAlias = "ua-sriov-1"

    let path: String
    var uri: String { "test://" + path }

    static func write() throws -> TestNode {
        let file = try TemporaryDirectory(prefix: "libvirt-node").url.appendingPathComponent("node.xml")
        try Data(xml.utf8).write(to: file)
        return TestNode(path: file.path)
    }

    /// Makes opening fail (the file gone) until `restore`.
    func hide() throws {
        try FileManager.default.moveItem(atPath: path, toPath: path + ".hidden")
    }

    func restore() throws {
        try FileManager.default.moveItem(atPath: path + ".hidden", toPath: path)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    private static let xml = """
        <?xml version="1.0"?>
        <node>
          <cpu><mhz>2000</mhz><model>x86_64</model><active>2</active><nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads></cpu>
          <memory>8192000</memory>
          <domain type='test'>
            <name>vm1</name>
            <uuid>\(domain.uuidString.lowercased())</uuid>
            <memory unit='MiB'>512</memory>
            <vcpu>1</vcpu>
            <os><type arch='x86_64' machine='q35'>hvm</type></os>
            <devices>
              <interface type='hostdev' managed='yes'>
                <mac address='52:54:00:00:00:01'/>
                <source><address type='pci' domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/></source>
                <vlan><tag id='42'/></vlan>
                <alias name='\(presentAlias)'/>
              </interface>
            </devices>
          </domain>
        </node>
        """
}
