/// Where the embedded network learns the NIC Switch agents of hosts other than its own,
/// when it is the one network of several compute hosts (each host's `[network] backend =
/// "neutron"` names it): the app reads them from the compute store all hosts share (each
/// host's device rows and their `physical_network` tags), as Neutron learns them from the
/// agents' reports.
public protocol AgentDirectory: Sendable {
    /// Every host with tracked devices and the physnets they carry. A failure to read is
    /// thrown, never answered as "no agents": a binding would fail for the wrong reason.
    func physicalNetworksByHost() async throws -> [String: Set<String>]
}
