import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("BindingAgents")
struct BindingAgentsTests {
    @Test("set, replace and remove an agent")
    func lifecycle() {
        let agents = BindingAgents()
        #expect(agents.physicalNetworks(onHost: "compute0") == nil)
        agents.setAgent(host: "compute0", physicalNetworks: ["physnet1"])
        #expect(agents.physicalNetworks(onHost: "compute0") == ["physnet1"])
        agents.setAgent(host: "compute0", physicalNetworks: ["physnet2"])
        #expect(agents.physicalNetworks(onHost: "compute0") == ["physnet2"])
        agents.removeAgent(host: "compute0")
        #expect(agents.all.isEmpty)
    }

    @Test("replaceAll swaps every mapping at once")
    func replaceAll() {
        let agents = BindingAgents(["a": ["p1"]])
        agents.replaceAll(["b": ["p2"]])
        #expect(agents.all == ["b": ["p2"]])
    }

    @Test("concurrent updates and reads do not lose writes")
    func concurrent() async {
        let agents = BindingAgents()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    agents.setAgent(host: "host\(index)", physicalNetworks: ["physnet\(index % 3)"])
                    _ = agents.physicalNetworks(onHost: "host\(index / 2)")
                }
            }
        }
        #expect(agents.all.count == 200)
    }
}
