import Foundation
import Libvirt
import Logging
import TestSupport
import Testing
import Virt

/// Server life cycle on a real libvirtd (stages/libvirt/run.sh), the state read back from
/// libvirt after every step.
@Suite(.serialized, .enabled(if: LibvirtStage.isSet, "needs stages/libvirt/run.sh's libvirtd"))
struct LibvirtIntegrationLifecycleTests {
    @Test func everyStateChangeIsReadBackFromLibvirt() async throws {
        try await withTestDomain(booting: false, start: false) { _, domain in
            let hypervisor = domain.hypervisor, uuid = domain.uuid
            #expect(try await hypervisor.state(of: uuid) == .shutoff)
            #expect(try await hypervisor.domains().contains(uuid))
            try await hypervisor.start(uuid)
            #expect(try await hypervisor.state(of: uuid) == .running)
            try await hypervisor.pause(uuid)
            #expect(try await hypervisor.state(of: uuid) == .paused)
            try await hypervisor.unpause(uuid)
            #expect(try await hypervisor.state(of: uuid) == .running)
            try await hypervisor.suspend(uuid)
            #expect(try await hypervisor.state(of: uuid) == .suspended)
            try await hypervisor.resume(uuid)
            #expect(try await hypervisor.state(of: uuid) == .running)
            try await hypervisor.stop(uuid)
            #expect(try await hypervisor.state(of: uuid) == .shutoff)
            try await hypervisor.undefine(uuid)
            #expect(try await !hypervisor.domains().contains(uuid))
            await #expect(throws: HypervisorError.domainNotFound(uuid)) { try await hypervisor.state(of: uuid) }
        }
    }

    @Test func theDefinedDomainHasTheFlavorsSizeAndTheConfiguredLayout() async throws {
        try await withTestDomain(booting: true, start: false) { stage, domain in
            let xml = try await domain.hypervisor.domainXML(of: domain.uuid, live: false)
            // As libvirt writes it back: single quotes, memory in KiB.
            #expect(xml.contains("<domain type='qemu'>"))
            #expect(xml.contains("<memory unit='KiB'>262144</memory>"))
            #expect(xml.contains(">1</vcpu>"))
            #expect(xml.contains("<kernel>\(stage.kernel)</kernel>"))
            #expect(xml.components(separatedBy: "model='pcie-root-port'").count - 1 == stage.options.pciePorts)
        }
    }

    @Test func wrongStatesAreRefusedWithLibvirtsWording() async throws {
        try await withTestDomain(booting: false) { _, domain in
            let hypervisor = domain.hypervisor, uuid = domain.uuid
            await #expect { try await hypervisor.start(uuid) } throws: { error in
                (error as? HypervisorError).map { if case .invalidState = $0 { true } else { false } } ?? false
            }
            await #expect { try await hypervisor.resume(uuid) } throws: { error in
                (error as? HypervisorError).map { if case .invalidState = $0 { true } else { false } } ?? false
            }
            try await hypervisor.stop(uuid)
            await #expect { try await hypervisor.pause(uuid) } throws: { error in
                (error as? HypervisorError).map { if case .invalidState = $0 { true } else { false } } ?? false
            }
        }
    }

    @Test func definingAgainIsANoOpButAnotherNameIsRefused() async throws {
        try await withTestDomain(booting: false, start: false) { _, domain in
            let hypervisor = domain.hypervisor, uuid = domain.uuid
            let name = "itest-" + uuid.uuidString.lowercased().prefix(8)
            try await hypervisor.define(DomainDefinition(uuid: uuid, name: name, vcpus: 1, memoryMB: 256))
            await #expect { try await hypervisor.define(DomainDefinition(uuid: uuid, name: "other-name", vcpus: 1, memoryMB: 256)) } throws: { error in
                (error as? HypervisorError).map { if case .operationFailed(let message) = $0 { message.contains("already defined") } else { false } } ?? false
            }
            await #expect { try await hypervisor.define(DomainDefinition(uuid: UUID(), name: "x", vcpus: 1, memoryMB: 256, imageID: "no-such-image")) } throws: { error in
                (error as? HypervisorError).map { if case .operationFailed(let message) = $0 { message.contains("image no-such-image has no boot source") } else { false } } ?? false
            }
        }
    }

    @Test func aMissingDomainIsDomainNotFound() async throws {
        let stage = try #require(LibvirtStage.current)
        let hypervisor = try LibvirtHypervisor(options: stage.options, logger: Logger(label: "libvirt-itest", factory: { _ in SwiftLogNoOpLogHandler() }))
        let uuid = UUID()
        await #expect(throws: HypervisorError.domainNotFound(uuid)) { try await hypervisor.start(uuid) }
        await #expect(throws: HypervisorError.domainNotFound(uuid)) { try await hypervisor.domainXML(of: uuid, live: true) }
        let outcome = try await hypervisor.detach(.macvtap(mac: "52:54:00:00:00:01", sourceDevice: "ens0f0v0", vlan: nil), from: uuid, policy: .novaDefault)
        #expect(outcome == .domainGone)
    }
}
