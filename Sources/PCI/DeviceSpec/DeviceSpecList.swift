import Foundation
import JSONModel

/// The whole `[pci] device_spec` option: a list of JSON strings, each a dict or a list of
/// dicts. The first spec that matches a device decides its tags, as in Nova.
public struct DeviceSpecList: Sendable, Hashable {
    public var specs: [DeviceSpec]

    public init(specs: [DeviceSpec]) {
        self.specs = specs
    }

    /// Parses and validates every entry; the first invalid one stops with Nova's message.
    /// With `host` nil (the configuration read before the host is scanned) only what the
    /// entries say is checked: a `devname` cannot be resolved yet, so neither can the
    /// remote-managed rules that need its device. Start-up checks again with the host.
    public init(jsonStrings entries: [String], host: HostSnapshot?) throws(DeviceSpecError) {
        var specs: [DeviceSpec] = []
        for entry in entries {
            guard let document = JSON.parse(Data(entry.utf8)) else {
                throw .invalidSpec(reason: "Invalid entry: '\(entry)'")
            }
            switch document {
            case .object(let members):
                specs.append(try DeviceSpec(object: members, source: entry, host: host))
            case .array(let elements):
                for element in elements {
                    guard case .object(let members) = element else {
                        throw .invalidSpec(reason: "Invalid entry: '\(element.rendered)'; Expecting dict")
                    }
                    specs.append(try DeviceSpec(object: members, source: element.rendered, host: host))
                }
            default:
                throw .invalidSpec(reason: "Invalid entry: '\(entry)'; Expecting list or dict")
            }
        }
        self.specs = specs
    }

    /// The spec that claims `device`, if any.
    public func spec(for device: DiscoveredDevice, using matcher: AddressMatcher = AddressMatcher()) -> DeviceSpec? {
        specs.first { $0.matches(device, using: matcher) }
    }

    /// The devices the tracker follows: those some spec selects, with that spec's tags,
    /// in address order, all `available`.
    public func trackedDevices(in host: HostSnapshot) -> [PCIDevice] {
        let matcher = AddressMatcher()
        // Reserved for all: `compactMap` grows by doubling, and the service keeps this list
        // (about 250 bytes a device, 16,000 of them) until its
        // start-up audit is done.
        var tracked: [PCIDevice] = []
        tracked.reserveCapacity(host.devices.count)
        for device in host.devices {
            if let spec = spec(for: device, using: matcher) { tracked.append(PCIDevice(discovered: device, spec: spec)) }
        }
        return tracked
    }
}
