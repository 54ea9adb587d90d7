import Foundation
@testable import Virt

extension SimulatedHypervisor {
    /// A fresh domain brought to `state` through the public lifecycle calls.
    func makeDomain(_ name: String = "instance-0001", state: DomainState = .running, devices: [GuestDevice] = []) async throws -> UUID {
        let uuid = UUID()
        try await define(Fixture.definition(name, uuid: uuid))
        for device in devices { try await attach(device, to: uuid) }
        if state != .shutoff { try await start(uuid) }
        if state == .paused { try await pause(uuid) }
        if state == .suspended { try await suspend(uuid) }
        return uuid
    }

    func liveDevices(of uuid: UUID) async throws -> [DomainDevice] {
        try DeviceLocator.devices(inDomainXML: await domainXML(of: uuid, live: true))
    }

    func persistentDevices(of uuid: UUID) async throws -> [DomainDevice] {
        try DeviceLocator.devices(inDomainXML: await domainXML(of: uuid, live: false))
    }

    func events() -> [SentDeviceEvent] {
        sentEvents
    }
}
