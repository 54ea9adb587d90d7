import ComputeModel
import Foundation
import Store

/// Flavors and images.
extension ComputeManager {
    public func flavors(context: RequestContext) async throws(ComputeError) -> [Flavor] {
        let all = try await read { db in try FlavorRecords.fetchAll(in: db) }
        return context.isAdmin ? all : all.filter(\.isPublic)
    }

    public func flavor(id: String, context: RequestContext) async throws(ComputeError) -> Flavor {
        guard let flavor = try await read({ db in try FlavorRecords.fetch(id, in: db) }), flavor.isPublic || context.isAdmin else {
            throw .flavorNotFound(id)
        }
        return flavor
    }

    public func createFlavor(_ flavor: Flavor, context: RequestContext) async throws(ComputeError) -> Flavor {
        try requireAdmin(context, "os_compute_api:os-flavor-manage:create")
        let conflict: String? = try await write { db in
            do {
                try FlavorRecords.insert(flavor, in: db)
                return nil
            } catch let error as StoreError {
                return error.description
            }
        }
        if conflict != nil {
            throw .flavorExists(id: flavor.id, name: flavor.name)
        }
        return flavor
    }

    public func deleteFlavor(id: String, context: RequestContext) async throws(ComputeError) {
        try requireAdmin(context, "os_compute_api:os-flavor-manage:delete")
        _ = try await flavor(id: id, context: context)
        try await write { db in try FlavorRecords.delete(id, in: db) }
    }

    public func setExtraSpecs(_ specs: [String: String], flavorID: String, context: RequestContext) async throws(ComputeError) -> [String: String] {
        try requireAdmin(context, "os_compute_api:os-flavor-extra-specs:create")
        var flavor = try await flavor(id: flavorID, context: context)
        try Self.validateExtraSpecs(specs)
        flavor.extraSpecs.merge(specs) { _, new in new }
        let updated = flavor
        try await write { db in try FlavorRecords.update(updated, in: db) }
        return specs
    }

    public func deleteExtraSpec(_ key: String, flavorID: String, context: RequestContext) async throws(ComputeError) {
        try requireAdmin(context, "os_compute_api:os-flavor-extra-specs:delete")
        var flavor = try await flavor(id: flavorID, context: context)
        guard flavor.extraSpecs.removeValue(forKey: key) != nil else {
            throw .extraSpecNotFound(flavor: flavorID, key: key)
        }
        let updated = flavor
        try await write { db in try FlavorRecords.update(updated, in: db) }
    }

    public func images(context: RequestContext) async throws(ComputeError) -> [Image] {
        configuration.images
    }

    func requireAdmin(_ context: RequestContext, _ policy: String) throws(ComputeError) {
        guard context.isAdmin else { throw .policyRefused(rule: policy) }
    }

    /// The extra specs this service acts on are checked when set, not when a server boots.
    static func validateExtraSpecs(_ specs: [String: String]) throws(ComputeError) {
        if let nodes = specs["hw:numa_nodes"], (Int(nodes) ?? 0) < 1 {
            throw .invalidNUMANodesSpec(nodes)
        }
        if let policy = specs["hw:pci_numa_affinity_policy"], !["required", "legacy", "preferred", "socket"].contains(policy) {
            throw .invalidNUMAPolicySpec(policy)
        }
    }
}
