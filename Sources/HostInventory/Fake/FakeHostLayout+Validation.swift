extension FakeHostLayout {
    /// Refuses layouts the address scheme cannot express or no real host has, before a
    /// single file is written.
    public func validate() throws(FakeSysfsError) {
        try check(pfCount, in: 0...Self.maxPFs, "pfCount")
        try check(vfsPerPF, in: 0...Self.maxVFsPerPF, "vfsPerPF")
        if let totalVFsPerPF {
            // sriov_totalvfs is a 16-bit field and can never be below the enabled count.
            try check(totalVFsPerPF, in: vfsPerPF...0xFFFF, "totalVFsPerPF")
            if totalVFsPerPF == 0 && vfsPerPF > 0 { throw .invalidLayout("totalVFsPerPF is 0 but vfsPerPF is not") }
        }
        try check(numaNodes, in: 1...1024, "numaNodes")
        try check(sockets, in: 1...numaNodes, "sockets (at most one per NUMA node)")
        try check(cpusPerNode, in: 1...CPUList.maxCPU / numaNodes, "cpusPerNode")
        try check(vdpaPFs, in: 0...pfCount, "vdpaPFs (at most pfCount)")
        // The last PF's serial is the longest the pattern makes; the number is all it varies by.
        if let vpdSerialPattern { try Self.checkSerial(Self.expand(vpdSerialPattern, pf: max(pfCount - 1, 0))) }
        try check(extraPCIDevices, in: 0...Self.maxExtraPCIDevices, "extraPCIDevices")
        for (name, id) in [("vendorID", vendorID), ("pfProductID", pfProductID), ("vfProductID", vfProductID)] {
            guard SysfsValue.hexID(id) != nil, !id.hasPrefix("0x") else {
                throw .invalidLayout("\(name) \(InventoryError.quoted(id)) is not 4 hex digits")
            }
        }
    }

    private func check(_ value: Int, in range: ClosedRange<Int>, _ name: String) throws(FakeSysfsError) {
        guard range.contains(value) else {
            throw .invalidLayout("\(name) is \(value), must be in \(range.lowerBound)...\(range.upperBound)")
        }
    }

    /// A pattern with `{pf}` and `{vf}` filled in.
    static func expand(_ pattern: String, pf: Int, vf: Int? = nil) -> String {
        var text = pattern.replacingPlaceholder("{pf}", with: String(pf))
        if let vf { text = text.replacingPlaceholder("{vf}", with: String(vf)) }
        return text
    }

    /// Linux refuses interface names over 15 bytes (IFNAMSIZ), with `/` or whitespace, or
    /// `.`/`..`; a fake host must not have names a real one could not.
    static func checkNetdevName(_ name: String) throws(FakeSysfsError) {
        let bytes = Array(name.utf8)
        guard (1...15).contains(bytes.count), name != ".", name != "..",
              bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") })
        else { throw .invalidLayout("netdev name \(InventoryError.quoted(name)) is not a valid Linux interface name") }
    }

    /// VPD-R fields hold at most 255 bytes, and a serial is printed: printable ASCII.
    static func checkSerial(_ serial: String) throws(FakeSysfsError) {
        let bytes = Array(serial.utf8)
        guard (1...255).contains(bytes.count), bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidLayout("VPD serial \(InventoryError.quoted(serial)) must be 1–255 printable ASCII characters")
        }
    }
}

extension String {
    /// `replacingOccurrences(of:with:)`, without pulling Foundation into the module for it.
    fileprivate func replacingPlaceholder(_ placeholder: String, with value: String) -> String {
        guard !placeholder.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: placeholder) {
            result += rest[..<range.lowerBound]
            result += value
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
