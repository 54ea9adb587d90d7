import Foundation

/// One domain as the simulated libvirt keeps it, and as its file on disk holds it.
struct SimulatedDomain: Codable, Sendable, Equatable {
    var definition: DomainDefinition
    var state: DomainState
    /// The inactive definition (`virsh dumpxml --inactive`).
    var persistentXML: String
    /// The running guest's config while running or paused; the saved image's while suspended.
    var liveXML: String?
    /// Aliases of live devices QEMU was asked to unplug and the guest has not released yet.
    var pendingUnplugs: Set<String>
    /// When each pending unplug was asked for, so that a new instance on the same
    /// directory lets the guest finish it only once its `removalDelay` has passed — a
    /// guest slower than the service's detach timeout still holds the device after a
    /// restart, as a real one does. Absent in files written before it was kept.
    var unplugRequestedAt: [String: Date]?
    /// Counts guest starts, so that a release scheduled for an earlier run of the guest
    /// cannot touch a later one.
    var boot: Int

    init(definition: DomainDefinition) {
        self.definition = definition
        state = .shutoff
        persistentXML = definition.xml
        liveXML = nil
        pendingUnplugs = []
        boot = 0
    }

    var name: String { definition.name }
    var uuid: UUID { definition.uuid }
}
