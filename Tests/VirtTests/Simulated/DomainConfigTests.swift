import Foundation
import Testing
@testable import Virt

struct DomainConfigTests {
    func config(devices: [String]) throws -> DomainConfig {
        let ports = (1...3).map { "<controller type='pci' index='\($0)' model='pcie-root-port'/>" }
        return try DomainConfig(xml: Fixture.domainXML(devices: ports + devices), what: "test XML")
    }

    @Test func aliasesContinueAfterTheHighestAndIgnoreUserAliases() throws {
        let config = try config(devices: [
            "<interface type='direct'><mac address='52:54:00:00:00:01'/><source dev='a'/><alias name='net4'/></interface>",
            "<interface type='direct'><mac address='52:54:00:00:00:02'/><source dev='b'/><alias name='ua-mine'/></interface>",
        ])
        let element = config.append(Fixture.macvtap)
        config.assignAlias(to: element)
        #expect(config.alias(of: Fixture.macvtap) == "net5")
        let hostdev = config.append(Fixture.pfHostdev)
        config.assignAlias(to: hostdev)
        #expect(config.alias(of: Fixture.pfHostdev) == "hostdev0")
    }

    @Test func portsRunOutAfterTheLastRootPort() throws {
        let config = try config(devices: [])
        let devices = (1...4).map { GuestDevice.macvtap(mac: "52:54:00:00:00:0\($0)", sourceDevice: "vf\($0)", vlan: nil) }
        let placed = devices.map { config.placeOnFreePort(config.append($0)) }
        #expect(placed == [true, true, true, false])
    }

    @Test func aConfigWithoutDevicesIsRefused() {
        #expect(throws: HypervisorError.internalError("test XML has no <devices> element")) {
            try DomainConfig(xml: "<domain><name>x</name></domain>", what: "test XML")
        }
    }
}
