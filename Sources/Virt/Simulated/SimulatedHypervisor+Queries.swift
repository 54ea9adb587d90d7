import Foundation

extension SimulatedHypervisor {
    public func state(of uuid: UUID) async throws(HypervisorError) -> DomainState {
        try existing(uuid).state
    }

    /// Every defined domain, ordered by UUID.
    public func domains() async throws(HypervisorError) -> [UUID] {
        domains.keys.sorted { $0.uuidString < $1.uuidString }
    }

    public func contains(_ device: GuestDevice, in uuid: UUID, live: Bool) async throws(HypervisorError) -> Bool {
        try config(of: existing(uuid), live: live).contains(device)
    }

    /// `live: true` gives the running guest's config, the saved image's for a suspended
    /// domain, and the persistent one for a shut-off domain (as libvirt answers for an
    /// inactive domain); `live: false` gives the persistent one.
    public func domainXML(of uuid: UUID, live: Bool) async throws(HypervisorError) -> String {
        xml(of: try existing(uuid), live: live)
    }

    func xml(of domain: SimulatedDomain, live: Bool) -> String {
        live ? domain.liveXML ?? domain.persistentXML : domain.persistentXML
    }

    func config(of domain: SimulatedDomain, live: Bool) throws(HypervisorError) -> DomainConfig {
        let what = live && domain.liveXML != nil ? "the live XML" : "the persistent XML"
        return try DomainConfig(xml: xml(of: domain, live: live), what: "\(what) of domain '\(domain.name)'")
    }
}
