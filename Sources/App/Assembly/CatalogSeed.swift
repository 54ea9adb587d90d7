import ComputeModel
import Foundation
import Store

/// The flavors and images a fresh service offers: Nova's classic sizes, one NUMA-pinned
/// flavor per affinity policy, and a CirrOS-like image.
enum CatalogSeed {
    static let images = [
        Image(id: "c3a9b0b4-5e6f-4a0e-9d6b-0f8f3b0a1c01", name: "cirros-0.6.2", createdAt: Date(timeIntervalSince1970: 1_700_000_000), minDiskGB: 1, minRAMMB: 64),
    ]

    /// The seeded images, then each configured one the seed does not already have.
    static func images(configured: [ServiceConfiguration.ConfiguredImage]) -> [Image] {
        let known = Set(images.map(\.id))
        return images + configured.filter { !known.contains($0.id) }.map {
            Image(id: $0.id, name: $0.name, createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        }
    }

    static let flavors: [Flavor] = [
        Flavor(id: "1", name: "m1.tiny", vcpus: 1, ramMB: 512, diskGB: 1),
        Flavor(id: "2", name: "m1.small", vcpus: 1, ramMB: 2048, diskGB: 20),
        Flavor(id: "3", name: "m1.medium", vcpus: 2, ramMB: 4096, diskGB: 40),
        Flavor(id: "numa.required", name: "numa.required", vcpus: 2, ramMB: 1024, diskGB: 1,
               extraSpecs: ["hw:numa_nodes": "1", "hw:pci_numa_affinity_policy": "required"]),
        Flavor(id: "numa.legacy", name: "numa.legacy", vcpus: 2, ramMB: 1024, diskGB: 1, extraSpecs: ["hw:numa_nodes": "1"]),
        Flavor(id: "numa.preferred", name: "numa.preferred", vcpus: 2, ramMB: 1024, diskGB: 1,
               extraSpecs: ["hw:numa_nodes": "1", "hw:pci_numa_affinity_policy": "preferred"]),
    ]

    /// Seeds a fresh database only, so an operator's deletions stay deleted. Hosts starting
    /// together on a new database may both find it empty: their seeds are the same rows.
    static func seedFlavors(_ database: any ComputeStore) async throws {
        try await database.write { db in
            guard try FlavorRecords.fetchAll(in: db).isEmpty else { return }
            for flavor in flavors { try FlavorRecords.insertUnlessPresent(flavor, in: db) }
        }
    }
}
