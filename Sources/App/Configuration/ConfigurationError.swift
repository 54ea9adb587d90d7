/// A configuration that must stop start-up, naming the key.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `section.key`, e.g. `hypervisor.detach_timeout`.
    public let key: String
    public let problem: String

    public init(key: String, _ problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "invalid configuration: \(key): \(problem)" }
}
