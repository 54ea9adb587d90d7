import Foundation

/// The simulator's domains: every domain's record in memory, and the whole domain (its
/// XML too) read from its file when an operation needs it, the domains used last kept.
/// Without a directory memory is the only copy, so every whole domain is kept.
struct SimulatedDomainTable {
    /// Whole domains kept at most (about 5 KB each); past it the cache starts again rather
    /// than tracking use, as `ParsedXMLCache` does.
    static let capacity = 256

    let store: SimulatedDomainStore
    private(set) var records: [UUID: DomainRecord]
    private var whole: [UUID: SimulatedDomain] = [:]

    init(store: SimulatedDomainStore) throws(HypervisorError) {
        self.store = store
        records = try store.loadRecords()
    }

    /// The whole domain; nil when no such domain is defined, an error when its file
    /// cannot be read.
    mutating func domain(_ uuid: UUID) throws(HypervisorError) -> SimulatedDomain? {
        guard records[uuid] != nil else { return nil }
        if let domain = whole[uuid] { return domain }
        let domain = try store.load(uuid)
        keep(domain)
        return domain
    }

    /// Writes the domain to disk, then to memory, so that memory never claims what the
    /// disk does not hold.
    mutating func commit(_ domain: SimulatedDomain) throws(HypervisorError) {
        try store.save(domain)
        records[domain.uuid] = DomainRecord(domain)
        keep(domain)
    }

    /// Removes the domain's file, then the domain from memory.
    mutating func remove(_ uuid: UUID) throws(HypervisorError) {
        try store.remove(uuid)
        forget(uuid)
    }

    /// Drops the domain from memory only.
    mutating func forget(_ uuid: UUID) {
        records[uuid] = nil
        whole[uuid] = nil
    }

    private mutating func keep(_ domain: SimulatedDomain) {
        if store.directory != nil, whole.count >= Self.capacity, whole[domain.uuid] == nil {
            whole.removeAll(keepingCapacity: true)
        }
        whole[domain.uuid] = domain
    }
}
