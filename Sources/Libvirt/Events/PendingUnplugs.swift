import Foundation

/// The live unplug requests libvirt accepted (or may have received before the connection
/// went) whose DEVICE_REMOVED or DEVICE_REMOVAL_FAILED event has not arrived: the events a
/// lost connection could have swallowed. After a reconnection each is checked against the
/// live XML (`SessionSupervisor`); an entry leaves when its event arrives or the check
/// finds the device gone.
actor PendingUnplugs {
    struct Unplug: Sendable, Hashable {
        let domain: UUID
        let alias: String
    }

    private var unplugs: Set<Unplug> = []

    var all: [Unplug] { Array(unplugs) }

    func add(domain: UUID, alias: String) {
        unplugs.insert(Unplug(domain: domain, alias: alias))
    }

    func remove(domain: UUID, alias: String) {
        unplugs.remove(Unplug(domain: domain, alias: alias))
    }
}
