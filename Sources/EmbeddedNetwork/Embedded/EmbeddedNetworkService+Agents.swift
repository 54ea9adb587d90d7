import NetworkModel

extension EmbeddedNetworkService {
    /// Before a binding on `host`: the agent of a host this network has not heard of is
    /// looked up in the cluster's directory (`BindingAgents.learn(host:)`). A directory that
    /// cannot be read fails the request with Neutron's 503 rather than binding it as
    /// `binding_failed`: the host may well have the agent.
    func learnAgent(ofHost host: String?) async throws(NetworkFault) {
        guard let host, !host.isEmpty else { return }
        do {
            try await agents.learn(host: host)
        } catch {
            throw .agentsUnreadable(host: host, cause: error)
        }
    }
}
