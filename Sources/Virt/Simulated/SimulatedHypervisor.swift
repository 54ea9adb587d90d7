import Foundation
import Logging

/// A hypervisor that follows libvirt's and QEMU's observable behaviour without a guest:
/// domains kept as libvirt XML (persistent and live), libvirt's state rules and messages,
/// aliases on live devices, and asynchronous unplug — a live detach only asks the guest,
/// which releases the device `removalDelay` later and then the device-removed event fires
/// (never while paused: its CPUs are stopped). See libvirt-here.md §3 for the behaviour
/// it copies.
///
/// With a directory, every domain is a file there and a new instance on the same directory
/// sees the same domains, as libvirt's outlive the service. Use one instance per directory
/// at a time (as one process owns a `qemu:///embed` root): instances do not share memory.
/// An unplug still pending in a running guest when the instance went away goes on in the
/// next one: the guest releases the device `removalDelay` after the request, whichever
/// instance is there by then, and a guest that never releases it still holds it.
public actor SimulatedHypervisor: Hypervisor {
    /// Where device-removed and removal-failed events are delivered.
    public nonisolated let deviceEvents = DeviceEventWaiters()
    /// The host resources each live domain holds, as its live XML was at its last commit.
    var heldResourceCache: [UUID: Set<HostResource>] = [:]
    var parsedXML = ParsedXMLCache()
    /// How long a running guest takes to release an unplugged device (real ACPI hotplug:
    /// 0.1–0.55 s). Zero is allowed; release is asynchronous all the same.
    public internal(set) var removalDelay: Duration
    public internal(set) var faults = SimulatedFaults()

    var domains: SimulatedDomainTable
    let logger: Logger
    /// Every device event sent, in order: lets tests tell a detach confirmed by its event
    /// from one confirmed by re-reading the XML.
    var sentEvents: [SentDeviceEvent] = []

    struct SentDeviceEvent: Hashable, Sendable {
        var domain: UUID
        var alias: String
        var event: DeviceEvent
    }

    public init(
        directory: URL? = nil, removalDelay: Duration = .milliseconds(100),
        logger: Logger = Logger(label: "sriov-compute.virt.simulated")
    ) throws(HypervisorError) {
        self.removalDelay = removalDelay
        self.logger = logger
        var table = try SimulatedDomainTable(store: SimulatedDomainStore(directory: directory))
        var stillPending: [(alias: String, domain: SimulatedDomain, remaining: Duration)] = []
        let now = Date()
        for (uuid, record) in table.records where record.state == .running && !record.pendingUnplugs.isEmpty {
            guard let domain = try table.domain(uuid) else { continue }
            var due: Set<String> = []
            for alias in record.pendingUnplugs {
                // Files from before the request time was kept: the guest had its time.
                guard let asked = record.unplugRequestedAt?[alias] else { due.insert(alias); continue }
                let remaining = removalDelay - .seconds(now.timeIntervalSince(asked))
                if remaining <= .zero { due.insert(alias) } else { stillPending.append((alias, domain, remaining)) }
            }
            guard !due.isEmpty else { continue }
            try table.commit(try Self.completingUnplugs(due, of: domain))
        }
        domains = table
        if !stillPending.isEmpty {
            Task { [weak self] in
                for pending in stillPending {
                    await self?.scheduleRelease(of: pending.alias, in: pending.domain, after: pending.remaining)
                }
            }
        }
    }

    public func setRemovalDelay(_ delay: Duration) {
        removalDelay = delay
    }

    /// The domain, or `domainNotFound`.
    func existing(_ uuid: UUID) throws(HypervisorError) -> SimulatedDomain {
        guard let domain = try domains.domain(uuid) else { throw .domainNotFound(uuid) }
        return domain
    }

    /// Writes the domain to disk, then to memory, so that memory never claims what the
    /// disk does not hold.
    func commit(_ domain: SimulatedDomain) throws(HypervisorError) {
        try domains.commit(domain)
        heldResourceCache[domain.uuid] = nil
    }

    /// The guest released these devices while no instance was watching: they leave the
    /// live XML, and no event is sent (nobody was there to receive it).
    private static func completingUnplugs(_ aliases: Set<String>, of domain: SimulatedDomain) throws(HypervisorError) -> SimulatedDomain {
        var domain = domain
        guard let liveXML = domain.liveXML else { return domain }
        let live = try DomainConfig(xml: liveXML, what: "the live XML of domain '\(domain.name)'")
        for alias in aliases {
            _ = live.removeDevice(withAlias: alias)
            domain.pendingUnplugs.remove(alias)
            domain.unplugRequestedAt?[alias] = nil
        }
        domain.liveXML = live.xml
        return domain
    }
}
