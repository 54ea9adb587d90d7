import Foundation

/// The simulated hypervisor's disk: one JSON file per domain (definition, state, persistent
/// and live XML), so that domains outlive the service as libvirt's do. Without a directory
/// everything stays in memory.
struct SimulatedDomainStore: Sendable {
    let directory: URL?

    /// Every domain's record (`DomainRecord`: all but the XML), by UUID.
    func loadRecords() throws(HypervisorError) -> [UUID: DomainRecord] {
        guard let directory else { return [:] }
        let names: [String]
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .internalError("cannot open the simulated hypervisor's directory \(directory.path): \(error.localizedDescription)")
        }
        var records: [UUID: DomainRecord] = [:]
        records.reserveCapacity(names.count)
        let decoder = JSONDecoder()
        // Only finished files: atomic writes leave their temporary files under other names.
        for name in names.sorted() where name.hasSuffix(".json") {
            let record = try decode(DomainRecord.self, from: directory.appendingPathComponent(name, isDirectory: false), with: decoder)
            records[record.uuid] = record
        }
        return records
    }

    /// The whole domain, XML included, from its file.
    func load(_ uuid: UUID) throws(HypervisorError) -> SimulatedDomain {
        guard let directory else { throw .internalError("domain \(uuid.uuidString.lowercased()) has no file: the simulated hypervisor keeps no directory") }
        return try decode(SimulatedDomain.self, from: fileURL(for: uuid, in: directory), with: JSONDecoder())
    }

    /// A domain file read as `Value`, which must hold the domain the file is named after.
    private func decode<Value: DomainFileContent>(_ type: Value.Type, from file: URL, with decoder: JSONDecoder) throws(HypervisorError) -> Value {
        let value: Value
        do {
            value = try decoder.decode(Value.self, from: Data(contentsOf: file))
        } catch {
            throw .internalError("cannot read simulated domain file \(file.path): \(error)")
        }
        guard file.lastPathComponent == fileName(for: value.uuid) else {
            throw .internalError("simulated domain file \(file.path) holds domain \(value.uuid.uuidString.lowercased()), which belongs in \(fileName(for: value.uuid))")
        }
        return value
    }

    func save(_ domain: SimulatedDomain) throws(HypervisorError) {
        guard let directory else { return }
        let file = fileURL(for: domain.uuid, in: directory)
        do {
            try Data(domain.fileJSON.utf8).write(to: file, options: .atomic)
        } catch {
            throw .internalError("cannot write simulated domain file \(file.path): \(error.localizedDescription)")
        }
    }

    func remove(_ uuid: UUID) throws(HypervisorError) {
        guard let directory else { return }
        let file = fileURL(for: uuid, in: directory)
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        do {
            try FileManager.default.removeItem(at: file)
        } catch {
            throw .internalError("cannot remove simulated domain file \(file.path): \(error.localizedDescription)")
        }
    }

    private func fileName(for uuid: UUID) -> String {
        uuid.uuidString.lowercased() + ".json"
    }

    /// Named a file, not a directory: without the hint, `appendingPathComponent` asks the
    /// file system which one it is on every save.
    private func fileURL(for uuid: UUID, in directory: URL) -> URL {
        directory.appendingPathComponent(fileName(for: uuid), isDirectory: false)
    }
}

/// What a domain file is read as: the whole domain, or its record; either names the
/// domain, which must be the one the file is named after.
protocol DomainFileContent: Decodable {
    var uuid: UUID { get }
}

extension SimulatedDomain: DomainFileContent {}
extension DomainRecord: DomainFileContent {}
