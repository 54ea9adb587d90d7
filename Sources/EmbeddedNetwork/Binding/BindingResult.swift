import JSONModel
import NetworkModel

/// What ML2 writes on the port after trying to bind it.
public struct BindingResult: Sendable, Hashable {
    public var vifType: String
    public var vifDetails: [String: JSON]
    public var status: String

    public init(vifType: String, vifDetails: [String: JSON], status: String) {
        self.vifType = vifType
        self.vifDetails = vifDetails
        self.status = status
    }

    public static let unbound = BindingResult(vifType: VIFType.unbound, vifDetails: [:], status: PortStatus.down)
    public static let failed = BindingResult(vifType: VIFType.bindingFailed, vifDetails: [:], status: PortStatus.down)
}
