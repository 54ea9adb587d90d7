import Foundation

/// The simulated hypervisor's disk: one JSON file per domain (definition, state, persistent
/// and live XML), so that domains outlive the service as libvirt's do. Without a directory
/// everything stays in memory.
struct SimulatedDomainStore: Sendable {
    let directory: URL?

    func loadAll() throws(HypervisorError) -> [UUID: SimulatedDomain] {
        guard let directory else { return [:] }
        let names: [String]
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .internalError("cannot open the simulated hypervisor's directory \(directory.path): \(error.localizedDescription)")
        }
        var domains: [UUID: SimulatedDomain] = [:]
        // Only finished files: atomic writes leave their temporary files under other names.
        for name in names.sorted() where name.hasSuffix(".json") {
            let file = directory.appendingPathComponent(name)
            let domain: SimulatedDomain
            do {
                domain = try JSONDecoder().decode(SimulatedDomain.self, from: Data(contentsOf: file))
            } catch {
                throw .internalError("cannot read simulated domain file \(file.path): \(error)")
            }
            guard file.lastPathComponent == fileName(for: domain.uuid) else {
                throw .internalError("simulated domain file \(file.path) holds domain \(domain.uuid.uuidString.lowercased()), which belongs in \(fileName(for: domain.uuid))")
            }
            domains[domain.uuid] = domain
        }
        return domains
    }

    func save(_ domain: SimulatedDomain) throws(HypervisorError) {
        guard let directory else { return }
        let file = directory.appendingPathComponent(fileName(for: domain.uuid))
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(domain).write(to: file, options: .atomic)
        } catch {
            throw .internalError("cannot write simulated domain file \(file.path): \(error.localizedDescription)")
        }
    }

    func remove(_ uuid: UUID) throws(HypervisorError) {
        guard let directory else { return }
        let file = directory.appendingPathComponent(fileName(for: uuid))
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
}
