/// An operator's change to a compute service (`os-services` PUT): each field nil when the
/// request leaves it as it is. Disabling keeps `disabledReason` (nil: none given);
/// enabling clears it.
public struct ComputeHostUpdate: Sendable, Hashable, Codable {
    public var disabled: Bool?
    public var disabledReason: String?
    public var forcedDown: Bool?

    public init(disabled: Bool? = nil, disabledReason: String? = nil, forcedDown: Bool? = nil) {
        self.disabled = disabled
        self.disabledReason = disabledReason
        self.forcedDown = forcedDown
    }
}
