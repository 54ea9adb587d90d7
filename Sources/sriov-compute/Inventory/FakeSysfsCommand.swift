import ArgumentParser
import HostInventory

/// `sriov-compute fake-sysfs`: writes a believable SR-IOV host under a folder, for tests,
/// demos and benchmarks on machines without SR-IOV hardware.
struct FakeSysfsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-sysfs",
        abstract: "Write a fake sysfs tree (PCI devices, SR-IOV links, netdevs, NUMA nodes) under a folder."
    )

    @Option(help: "The folder that plays /sys. Created if missing; an earlier fake tree there is replaced.")
    var root: String

    @Option(help: "Number of PFs.")
    var pfs = 2

    @Option(help: "VFs enabled per PF (at most 256).")
    var vfsPerPF = 8

    @Option(help: "NUMA nodes (PF p sits on node p mod nodes).")
    var numaNodes = 2

    @Option(help: "CPU sockets the NUMA nodes are spread over.")
    var sockets = 1

    @Option(help: "CPUs per NUMA node.")
    var cpusPerNode = 4

    @Option(help: "PCI vendor id of the card.")
    var vendorID = "15b3"

    @Option(help: "PCI product id of the PFs.")
    var pfProductID = "101d"

    @Option(help: "PCI product id of the VFs.")
    var vfProductID = "101e"

    @Option(help: "PF netdev names; {pf} is the PF number.")
    var pfNetdev = "ens{pf}f0np0"

    @Option(help: "VF netdev names; {pf} and {vf} are the PF and VF numbers.")
    var vfNetdev = "ens{pf}f0v{vf}"

    @Option(help: "VPD card serial per PF ({pf} is the PF number); none when omitted.")
    var vpdSerial: String?

    @Option(help: "Give the VFs of the last N PFs a vDPA device each (N at most --pfs).")
    var vdpaPFs = 0

    @Option(help: "Plain (non-SR-IOV) PCI network devices to add.")
    var extraPCIDevices = 0

    func run() throws {
        let layout = FakeHostLayout(
            pfCount: pfs, vfsPerPF: vfsPerPF, numaNodes: numaNodes, sockets: sockets, cpusPerNode: cpusPerNode,
            vendorID: vendorID, pfProductID: pfProductID, vfProductID: vfProductID, pfNetdevPattern: pfNetdev,
            vfNetdevPattern: vfNetdev, vpdSerialPattern: vpdSerial, vdpaPFs: vdpaPFs, extraPCIDevices: extraPCIDevices)
        do {
            try FakeSysfsWriter(layout: layout).write(to: root)
        } catch {
            throw ValidationError(error.description)
        }
        print("wrote \(pfs) PFs × \(vfsPerPF) VFs on \(numaNodes) NUMA nodes under \(root)")
    }
}
