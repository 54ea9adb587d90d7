import HostInventory
import PCI

/// The host's devices as a fresh sysfs scan shows them, selected and tagged by the
/// device_spec, as the ledger was built at start-up.
public struct HostRescan: Sendable {
    public let sysfsRoot: String
    public let deviceSpec: [String]

    public init(sysfsRoot: String, deviceSpec: [String]) {
        self.sysfsRoot = sysfsRoot
        self.deviceSpec = deviceSpec
    }

    func trackedDevices() throws -> [PCIDevice] {
        let host = try SysfsScanner(root: sysfsRoot).scan()
        return try DeviceSpecList(jsonStrings: deviceSpec, host: host).trackedDevices(in: host)
    }
}
