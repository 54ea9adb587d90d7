import JSONModel

extension DeviceSpec {
    /// Tags whose values Nova normalises to "true"/"false" with a strict boolean parse.
    static let strictBooleanTags = ["managed", "live_migratable", "one_time_use"]

    /// Validates one JSON object of device_spec against the host. `host` answers the two
    /// questions Nova asks sysfs: is this single address an SR-IOV PF, and which device is
    /// behind this netdev name. Without a host, only the object itself is checked.
    init(object members: JSONObject, source: String, host: HostSnapshot?) throws(DeviceSpecError) {
        var rest = members
        let vendorID = try Self.idField("vendor_id", rest.removeValue(forKey: "vendor_id"))
        let productID = try Self.idField("product_id", rest.removeValue(forKey: "product_id"))
        let devname = try Self.devnameField(rest.removeValue(forKey: "devname"))
        let addressValue = rest.removeValue(forKey: "address")
        if let addressValue, addressValue != .null, devname != nil { throw .devnameAndAddress }

        var tags: [String: TagValue] = [:]
        for (key, value) in rest {
            guard let tag = value.tagValue else {
                throw .invalidSpec(reason: "tag '\(key)' must be a string, number, boolean, null or list, not \(value.rendered)")
            }
            tags[key] = tag
        }
        for key in Self.strictBooleanTags {
            guard let value = tags[key], value != .null else { continue }
            guard let flag = BooleanTag.parseStrict(value) else {
                throw .invalidSpec(reason: "Cannot parse tag '\(key)': " + BooleanTag.unrecognized(value))
            }
            tags[key] = .string(flag ? "true" : "false")
        }
        if tags["one_time_use"] == .string("true") {
            // We do not report PCI devices to Placement, so the reservation that makes
            // one_time_use safe cannot exist; refuse it as Nova does without placement.
            throw .invalidSpec(reason: "one_time_use=true requires pci.report_in_placement to be enabled")
        }

        let address: AddressPattern?
        if let devname {
            address = host.flatMap { Self.addressForDevname(devname, host: $0) }
        } else {
            address = try Self.addressPattern(addressValue ?? .null, host: host ?? .empty)
        }
        self.init(vendorID: vendorID, productID: productID, address: address, devname: devname, tags: tags, source: source)
        if isRemoteManaged, let host { try validateRemoteManaged(host: host) }
    }

    private static func idField(_ name: String, _ value: JSON?) throws(DeviceSpecError) -> String? {
        guard let value, value != .null else { return nil }
        guard case .string(let text) = value else {
            throw .invalidSpec(reason: "property \(name) (\(value.rendered)) must be a string of hex digits")
        }
        switch try HexField.parse(text, property: name, max: 0xFFFF) {
        case .any: return nil
        case .value(let number): return PCIAddress.hex(number, width: 4)
        }
    }

    private static func devnameField(_ value: JSON?) throws(DeviceSpecError) -> String? {
        guard let value, value != .null else { return nil }
        guard case .string(let name) = value, !name.isEmpty else {
            throw .invalidSpec(reason: "property devname (\(value.rendered)) must be a network interface name")
        }
        return name
    }

    /// `/sys/class/net/<name>/device`: a PF behind the name makes a PF spec, anything else
    /// an exact address; an unknown name matches nothing.
    private static func addressForDevname(_ name: String, host: HostSnapshot) -> AddressPattern? {
        guard let device = host.device(forNetdev: name) else { return nil }
        if device.isSRIOVCapable { return .physicalFunction(device.address) }
        let a = device.address
        return .glob(domain: UInt32(a.domain), bus: UInt32(a.bus), slot: UInt32(a.slot), function: UInt32(a.function))
    }

    static func addressPattern(_ value: JSON, host: HostSnapshot) throws(DeviceSpecError) -> AddressPattern {
        let pattern: AddressPattern
        switch value {
        case .null:
            pattern = .any
        case .string(let text):
            pattern = try parseGlob(text)
        case .object(let fields):
            var parts: [String] = []
            for key in ["domain", "bus", "slot", "function"] {
                switch fields[key] {
                case nil: parts.append(".*")
                case .string(let regex)? where AddressMatcher.isValidRegex(regex): parts.append(regex)
                default: throw .wrongAddressFormat(address: value.rendered)
                }
            }
            pattern = .regex(domain: parts[0], bus: parts[1], slot: parts[2], function: parts[3])
        default:
            throw .wrongAddressFormat(address: value.rendered)
        }
        // A fully specified address of an SR-IOV PF selects the PF and all its VFs.
        if let single = pattern.singleAddress, host.device(at: single)?.isSRIOVCapable == true {
            return .physicalFunction(single)
        }
        return pattern
    }

    /// `[[[[domain]:]bus]:][slot][.[function]]`, as Nova's `PciAddressGlobSpec`.
    static func parseGlob(_ text: String) throws(DeviceSpecError) -> AddressPattern {
        let dot = text.firstIndex(of: ".")
        let dbs = dot.map { String(text[..<$0]) } ?? text
        let functionText = dot.map { String(text[text.index(after: $0)...]) } ?? ""
        var function: UInt32?
        if !functionText.isEmpty {
            function = try HexField.parse(functionText, property: "func", max: PCIAddress.maxFunction).optional
        }
        var domain: UInt32?, bus: UInt32?, slot: UInt32?
        if !dbs.isEmpty {
            let fields = dbs.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard fields.count <= 3 else { throw .wrongAddressFormat(address: text) }
            let padded = Array(repeating: "*", count: 3 - fields.count) + fields
            domain = try HexField.parse(padded[0], property: "domain", max: PCIAddress.maxDomain, blankIsAny: true).optional
            bus = try HexField.parse(padded[1], property: "bus", max: PCIAddress.maxBus, blankIsAny: true).optional
            slot = try HexField.parse(padded[2], property: "slot", max: PCIAddress.maxSlot, blankIsAny: true).optional
        }
        return .glob(domain: domain, bus: bus, slot: slot, function: function)
    }

    /// PFs must not be remote-managed; a PF address with the VF product id means "its VFs".
    private func validateRemoteManaged(host: HostSnapshot) throws(DeviceSpecError) {
        guard let address else { throw .remoteManagedNotPresent }
        guard case .physicalFunction(let pfAddress) = address, let pf = host.device(at: pfAddress) else { return }
        let vendorMatches = vendorID == nil || vendorID == pf.vendorID
        if let productID, productID == pf.vfProductID, vendorMatches { return }
        if (productID == nil || productID == pf.productID) && vendorMatches {
            throw .remoteManagedPF(address: pfAddress.description)
        }
        throw .invalidSpec(reason: "the specified VF vendor ID \(vendorID ?? "*") and product ID \(productID ?? "*") do not match the expected VF IDs based on the corresponding PF identified by PCI address \(pfAddress)")
    }
}

extension HexField {
    var optional: UInt32? {
        if case .value(let value) = self { return value }
        return nil
    }
}
