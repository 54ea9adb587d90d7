import Foundation

extension SimulatedHypervisor {
    public func state(of uuid: UUID) async throws(HypervisorError) -> DomainState {
        guard let record = domains.records[uuid] else { throw .domainNotFound(uuid) }
        return record.state
    }

    /// Every defined domain, ordered by UUID.
    public func domains() async throws(HypervisorError) -> [UUID] {
        domains.records.keys.sorted { $0.uuidString < $1.uuidString }
    }

    public func contains(_ device: GuestDevice, in uuid: UUID, live: Bool) async throws(HypervisorError) -> Bool {
        let domain = try existing(uuid)
        return try inspect(xml: xml(of: domain, live: live), what: "the XML of domain '\(domain.name)'") { $0.contains(device) }
    }

    /// `live: true` gives the running guest's config, the saved image's for a suspended
    /// domain, and the persistent one for a shut-off domain (as libvirt answers for an
    /// inactive domain); `live: false` gives the persistent one.
    public func domainXML(of uuid: UUID, live: Bool) async throws(HypervisorError) -> String {
        xml(of: try existing(uuid), live: live)
    }

    /// The simulated guest's serial console: a line for each of its boots, then, while it
    /// runs, a line for each device it holds (as a kernel prints a hot-plugged NIC). Made
    /// from the domain's state, which is what a real console reflects.
    public func consoleOutput(of uuid: UUID) async throws(HypervisorError) -> String? {
        let domain = try existing(uuid)
        var lines = (0..<domain.boot).map { "[    0.000000] Linux version 6.1.0-sriov-sim (\(domain.name)) boot \($0 + 1)" }
        if domain.state.isLive {
            for (index, device) in try config(of: domain, live: true).guestDevices.enumerated() {
                lines.append("[    \(index + 1).000000] net: \(device) is present")
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    func xml(of domain: SimulatedDomain, live: Bool) -> String {
        live ? domain.liveXML ?? domain.persistentXML : domain.persistentXML
    }

    func config(of domain: SimulatedDomain, live: Bool) throws(HypervisorError) -> DomainConfig {
        let what = live && domain.liveXML != nil ? "the live XML" : "the persistent XML"
        return try config(xml: xml(of: domain, live: live), what: "\(what) of domain '\(domain.name)'")
    }

    /// The config as an editable tree: the cached parse of this very text, or a new one.
    func config(xml: String, what: String) throws(HypervisorError) -> DomainConfig {
        if let document = parsedXML.take(xml) { return try DomainConfig(document: document, what: what) }
        return try DomainConfig(xml: xml, what: what)
    }

    /// The text of an edited config, whose tree is kept for the next call. The config must
    /// not be edited afterwards: this is the last thing done with it.
    func render(_ config: DomainConfig) -> String {
        let text = config.xml
        parsedXML.keep(config.document, as: text)
        return text
    }

    /// Reads a config without editing it; its tree goes back to the cache.
    func inspect<T>(xml: String, what: String, _ body: (DomainConfig) throws(HypervisorError) -> T) throws(HypervisorError) -> T {
        let config = try config(xml: xml, what: what)
        defer { parsedXML.keep(config.document, as: xml) }
        return try body(config)
    }
}
