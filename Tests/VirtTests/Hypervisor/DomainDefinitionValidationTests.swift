import Foundation
import Testing
@testable import Virt

struct DomainDefinitionValidationTests {
    @Test(arguments: [
        (DomainDefinition(uuid: UUID(), name: "", vcpus: 1, memoryMB: 1), "has an invalid name ''"),
        (DomainDefinition(uuid: UUID(), name: "a/b", vcpus: 1, memoryMB: 1), "has an invalid name 'a/b'"),
        (DomainDefinition(uuid: UUID(), name: "a", vcpus: 0, memoryMB: 1), "has 0 vCPUs, at least 1 is needed"),
        (DomainDefinition(uuid: UUID(), name: "a", vcpus: 1, memoryMB: -5), "has -5 MiB of memory, at least 1 is needed"),
        (DomainDefinition(uuid: UUID(), name: "a", vcpus: 1, memoryMB: 1, numaCells: [0, -1]), "names host NUMA node -1"),
    ])
    func refusesWhatLibvirtWouldRefuse(_ definition: DomainDefinition, _ fragment: String) throws {
        let error = try #require(throws: HypervisorError.self) { try definition.validate() }
        guard case .operationFailed(let message) = error else {
            Issue.record("expected operationFailed, got \(error)")
            return
        }
        #expect(message.contains(definition.uuid.uuidString.lowercased()))
        #expect(message.contains(fragment))
    }

    @Test func acceptsASaneDefinition() throws {
        try Fixture.definition(numaCells: [0, 1]).validate()
    }
}
