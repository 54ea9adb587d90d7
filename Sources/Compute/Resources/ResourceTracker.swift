import Foundation
import Logging
import PCI
import Store

/// Owns the host's PCI ledger: the claim engine in memory and its rows in the database.
/// Every change to the engine is written, with whatever else the caller adds (journal,
/// requests, VIFs), in one transaction; claims are serialised by the actor, while
/// hypervisor and network calls happen outside it.
public actor ResourceTracker {
    public let hostName: String
    /// Runs the actor: its database writes block this thread, never the cooperative pool.
    private nonisolated let thread = LedgerThread(name: "ledger")
    private var engine: PCIClaimEngine
    private let database: any ComputeStore
    private let logger: Logger

    /// Loads the ledger from the database, reconciled with the devices the host has now.
    public init(hostName: String, numa: HostNUMATopology, discovered: [PCIDevice], database: any ComputeStore, logger: Logger) throws {
        self.hostName = hostName
        self.database = database
        self.logger = logger
        let stored = try database.readNow { db in try PCIDeviceRecords.fetchAll(host: hostName, in: db) }
        let merge = LedgerMerge(stored: stored, discovered: discovered)
        for warning in merge.warnings { logger.warning("\(warning)") }
        var engine = PCIClaimEngine(hostName: hostName, hostNUMA: numa, devices: merge.devices)
        // Only the rows that differ are written: rewriting 16,000 unchanged devices on every
        // start took a tenth of a restart.
        let storedByAddress = Dictionary(stored.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        let changed = engine.allDevices.filter { storedByAddress[$0.address] != $0 }
        _ = engine.drainChanges()
        self.engine = engine
        try database.writeNow { db in
            try HostRecords.upsert(name: hostName, numa: numa, in: db)
            try PCIDeviceRecords.upsert(changed, host: hostName, in: db)
            for address in merge.dropped { try PCIDeviceRecords.delete(address, host: hostName, in: db) }
        }
    }

    /// The ledger exactly as stored, without a host scan or a merge: for the tools that
    /// audit or repair it while the service is stopped. Writes nothing until a change.
    public init(storedLedgerOf hostName: String, database: any ComputeStore, logger: Logger) throws {
        self.hostName = hostName
        self.database = database
        self.logger = logger
        let (stored, numa) = try database.readNow { db in
            (try PCIDeviceRecords.fetchAll(host: hostName, in: db), try HostRecords.numaTopology(of: hostName, in: db))
        }
        var engine = PCIClaimEngine(hostName: hostName, hostNUMA: numa ?? .none, devices: stored)
        _ = engine.drainChanges()
        self.engine = engine
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }

    deinit { thread.stop() }

    public var numaTopology: HostNUMATopology { engine.hostNUMA }

    public var devices: [PCIDevice] { engine.allDevices }

    public func device(at address: PCIAddress) -> PCIDevice? { engine.device(at: address) }

    public func devices(ownedBy server: UUID) -> [PCIDevice] { engine.devices(ownedBy: server) }

    /// The device `request` would get now, from a copy of the engine: nothing changes,
    /// nothing is written. Throws the claim's own explanation when nothing fits.
    public func preview(_ request: PCIRequest, for instance: UUID, numa: InstanceNUMATopology?) throws(PCIClaimFailure) -> PCIDevice? {
        var copy = engine
        let address = try copy.claim(request, for: instance, numa: numa)[0]
        return engine.device(at: address)
    }

    /// The physnets this host's tracked devices are tagged with (what its NIC Switch agent maps).
    public var physicalNetworks: Set<String> { Set(engine.allDevices.compactMap(\.physicalNetwork)) }

    /// Runs `change` on the engine, then writes the devices it touched and `record` in one
    /// transaction. If the write fails, the engine is reloaded from the database (the
    /// source of truth) so memory never runs ahead of the ledger.
    public func update<T: Sendable>(
        _ change: (inout PCIClaimEngine) throws -> T,
        record: (T, StoreTransaction) throws -> Void = { _, _ in }
    ) throws -> T {
        let result: T
        do {
            result = try change(&engine)
        } catch {
            // A refused change leaves nothing to persist, but may have touched devices
            // before failing (multi-request claims roll back in memory): write those too.
            try persist(record: { _ in })
            throw error
        }
        try persist(record: { db in try record(result, db) })
        return result
    }

    private func persist(record: (StoreTransaction) throws -> Void) throws {
        let changed = engine.drainChanges()
        let host = hostName
        do {
            // The caller's record first: its reads then come before any write, and the
            // devices go with its writes (PostgreSQL sends them as one statement). No record
            // reads the device rows.
            try database.writeNow { db in
                try record(db)
                try PCIDeviceRecords.upsert(changed, host: host, in: db)
            }
        } catch {
            logger.error("ledger write failed, reloading the ledger from the database: \(error)")
            let stored = try database.readNow { db in try PCIDeviceRecords.fetchAll(host: host, in: db) }
            engine = PCIClaimEngine(hostName: host, hostNUMA: engine.hostNUMA, devices: stored)
            _ = engine.drainChanges()
            throw error
        }
    }
}
