import App
import ComputeModel
import Foundation
import JSONModel
import Store
import TestSupport
import Testing

/// Two whole services on one database (SQLite, or PostgreSQL when `SRIOV_TEST_POSTGRES_URL`
/// names one), each with its own fake host and simulator: every host's admin API answers
/// the same, an operator's change made through one host is seen through the other, and a
/// host restarted with its own rows in flight recovers those only.
struct SharedDatabaseMembersTests {
    /// The second host's configuration: `compute1` on the first host's database.
    static func member(of first: ServiceHarness, schema: String?) -> (inout ServiceConfiguration) -> Void {
        { configuration in
            configuration.hostName = "compute1"
            configuration.databasePath = first.service.configuration.databasePath
            if let schema, let url = StoreBackend.postgresURL {
                configuration.databaseURL = url
                configuration.databaseSchema = schema
            }
        }
    }

    static func first(schema: String?) -> (inout ServiceConfiguration) -> Void {
        { configuration in
            if let schema, let url = StoreBackend.postgresURL {
                configuration.databaseURL = url
                configuration.databaseSchema = schema
            }
        }
    }

    /// Hosts started together on a new database: both find no flavors and seed them, and
    /// the second seed was refused as a duplicate, stopping that host's start-up.
    @Test(.enabled(if: StoreBackend.postgresURL != nil, "needs SRIOV_TEST_POSTGRES_URL"))
    func hostsStartingTogetherOnANewDatabaseBothStartWithOneSeed() async throws {
        for _ in 0..<3 {
            let schema = StoreBackend.newSchemaName()
            async let starting = ServiceHarness.make(configure: Self.first(schema: schema))
            async let joining = ServiceHarness.make(configure: { configuration in
                configuration.hostName = "compute1"
                configuration.databaseURL = StoreBackend.postgresURL
                configuration.databaseSchema = schema
            })
            let (a, b) = try await (starting, joining)
            try await a.run { apiA in
                try await b.run { apiB in
                    for api in [apiA, apiB] {
                        let flavors = try await api.call(.get, "/v2.1/flavors").json?["flavors"]?.arrayValue
                        #expect(flavors?.count == 6)
                    }
                }
            }
        }
    }

    @Test(arguments: StoreBackend.available) func everyHostAnswersTheSameAndSeesTheOthersChanges(backend: StoreBackend) async throws {
        let schema = backend == .postgres ? StoreBackend.newSchemaName() : nil
        let a = try await ServiceHarness.make(configure: Self.first(schema: schema))
        let b = try await ServiceHarness.make(configure: Self.member(of: a, schema: schema))
        try await a.run { apiA in
            let net = try await apiA.createNetwork()
            let port = try await apiA.createPort(network: net, vnicType: "direct")
            let server = try await apiA.boot(ports: [port])
            try await b.run { apiB in
                for api in [apiA, apiB] {
                    let services = try await api.at("2.53").call(.get, "/v2.1/os-services")
                    #expect(services.json?["services"]?.arrayValue?.map { [$0["host"], $0["state"], $0["status"]] } == [
                        ["compute0", "up", "enabled"], ["compute1", "up", "enabled"],
                    ])
                    let hypervisors = try await api.at("2.88").call(.get, "/v2.1/os-hypervisors/detail?with_servers=true")
                    let list = try #require(hypervisors.json?["hypervisors"]?.arrayValue)
                    #expect(list.map { $0["hypervisor_hostname"] } == ["compute0", "compute1"])
                    #expect(list[0]["servers"]?.arrayValue?.map { $0["uuid"] } == [.string(server)])
                    // One PF with one VF on each host: compute0's VF is the server's, its PF unavailable.
                    #expect(list.map { $0["pci_pools"]?.arrayValue?.map { [$0["dev_type"], $0["total"], $0["free"]] } } == [
                        [["type-PF", 1, 0], ["type-VF", 1, 0]], [["type-PF", 1, 1], ["type-VF", 1, 1]],
                    ])
                }
                let first = try #require(try await apiB.at("2.53").call(.get, "/v2.1/os-services?host=compute0")
                    .json?["services"]?.arrayValue?.first?["id"]?.stringValue)
                let disabled = try await apiB.at("2.53").call(.put, "/v2.1/os-services/\(first)",
                                                               ["status": "disabled", "disabled_reason": "through compute1"])
                #expect(disabled.status == 200)
                let seen = try await apiA.at("2.53").call(.get, "/v2.1/os-services?host=compute0")
                #expect(seen.json?["services"]?.arrayValue?.first?["disabled_reason"] == "through compute1")
                let refused = try await apiB.at("2.53").call(.delete, "/v2.1/os-services/\(first)")
                #expect(refused.status == 409)
                let zones = try await apiA.call(.get, "/v2.1/os-availability-zone/detail")
                #expect(zones.json?["availabilityZoneInfo"]?.arrayValue?.first?["hosts"]?.objectValue?.keys.sorted() == ["compute1"])
            }
        }
    }
}
