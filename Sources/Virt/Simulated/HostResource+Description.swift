extension HostResource: CustomStringConvertible {
    var description: String {
        switch self {
        case .pciDevice(let address): "PCI device \(address)"
        case .netdev(let name): "netdev \(name)"
        case .vdpaDevice(let path): "vDPA device \(path)"
        case .tapDevice(let name): "tap device \(name)"
        }
    }
}
