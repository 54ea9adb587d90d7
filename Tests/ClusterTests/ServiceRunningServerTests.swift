import Cluster
import Compute
import ComputeModel
import Foundation
import Testing

/// The API looks up a server's owner before each operation on it (for its policy); the owner
/// says which service runs the operation, so the decorator does not read its host again.
@Suite(.serialized) struct ServiceRunningServerTests {
    @Test func aServerOfThisHostRunsOnTheLocalManagerAndAnotherHostsThroughTheDecorator() async throws {
        try await ClusterHarness.run(layouts: [nil, nil]) { cluster in
            let compute = cluster[1].service.compute
            let now = Date()
            var server = Server(id: UUID(), name: "vm", projectID: "p", userID: "u", flavorID: "1", imageID: nil, vmState: .active,
                                hostName: "host1", createdAt: now, updatedAt: now)
            #expect(compute.service(running: ServerOwner(server)) as? ComputeManager === compute.local)
            server.hostName = "host2"
            #expect(compute.service(running: ServerOwner(server)) as? ClusterComputeService === compute)
            // Any other service runs its operations itself.
            #expect(compute.local.service(running: ServerOwner(server)) as? ComputeManager === compute.local)
        }
    }
}
