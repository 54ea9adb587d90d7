import CLibvirt
import Foundation
import Virt

extension LibvirtHypervisor {
    /// Defines a persistent, shut-off domain from the flavor and the image's boot source.
    /// Defining an existing UUID again under the same name is a no-op (a boot retried after
    /// a crash must not wipe the devices attached since); under another name it is refused.
    public func define(_ definition: DomainDefinition) async throws(HypervisorError) {
        try definition.validate()
        if let image = definition.imageID, options.images[image] == nil {
            throw .operationFailed(
                "image \(image) has no boot source on this host: add it to [images] (a kernel + initrd, or a disk) to boot domain '\(definition.name)'")
        }
        let xml = definition.xml(template: options.template(for: definition))
        let uuid = definition.uuid, name = definition.name
        do {
            try await onConnection { (connection) throws(LibvirtError) in
                if let existing = try connection.domain(uuid) {
                    guard existing.name == name else {
                        throw LibvirtError(
                            code: Int32(VIR_ERR_OPERATION_FAILED.rawValue), domain: Int32(VIR_FROM_DOMAIN.rawValue),
                            message: "operation failed: domain '\(existing.name)' (\(uuid.uuidString.lowercased())) is already defined under another name; undefine it first")
                    }
                    return
                }
                _ = try connection.define(xml: xml)
            }
        } catch {
            throw error.hypervisorError(domain: uuid)
        }
        logger.debug("defined domain", metadata: ["domain": "\(name)"])
    }

    /// Boots a shut-off domain (`virDomainCreate`), which restores a managed save image
    /// when there is one, as `virsh start` does.
    public func start(_ uuid: UUID) async throws(HypervisorError) {
        try await perform(uuid, "virDomainCreate", whenLive: false) { virDomainCreate($0) }
    }

    /// Powers off (`virDomainDestroy`).
    public func stop(_ uuid: UUID) async throws(HypervisorError) {
        try await perform(uuid, "virDomainDestroy", whenLive: true) { virDomainDestroy($0) }
    }

    /// Stops the guest's CPUs (`virDomainSuspend`).
    public func pause(_ uuid: UUID) async throws(HypervisorError) {
        try await perform(uuid, "virDomainSuspend", whenLive: true) { virDomainSuspend($0) }
    }

    /// Restarts the guest's CPUs (`virDomainResume`).
    public func unpause(_ uuid: UUID) async throws(HypervisorError) {
        try await perform(uuid, "virDomainResume", whenLive: true) { virDomainResume($0) }
    }

    /// Managed save (`virDomainManagedSave`): memory to an image, the domain off.
    public func suspend(_ uuid: UUID) async throws(HypervisorError) {
        try await perform(uuid, "virDomainManagedSave", whenLive: true) { virDomainManagedSave($0, 0) }
    }

    /// Restores the managed save image; refused when there is none.
    public func resume(_ uuid: UUID) async throws(HypervisorError) {
        guard try await state(of: uuid) == .suspended else {
            throw .invalidState("Requested operation is not valid: domain \(uuid.uuidString.lowercased()) has no managed save image to resume from")
        }
        try await perform(uuid, "virDomainCreate", whenLive: false) { virDomainCreate($0) }
    }

    /// Soft: `virDomainReboot` (the guest's ACPI). Hard: `virDomainReset` on a running or
    /// paused domain (then resumed), or `virDomainCreate` on a stopped one, its managed save
    /// image removed first. Hot-plugged devices were added to the persistent config too,
    /// so a domain booted from it has them.
    public func reboot(_ uuid: UUID, hard: Bool) async throws(HypervisorError) {
        guard hard else {
            try await perform(uuid, "virDomainReboot", whenLive: true) { virDomainReboot($0, 0) }
            return
        }
        switch try await state(of: uuid) {
        case .running:
            try await perform(uuid, "virDomainReset", whenLive: true) { virDomainReset($0, 0) }
        case .paused:
            try await perform(uuid, "virDomainReset", whenLive: true) { virDomainReset($0, 0) }
            try await unpause(uuid)
        case .suspended:
            try await withDomain(uuid) { (domain) throws(LibvirtError) in
                try domain.perform("virDomainManagedSaveRemove") { virDomainManagedSaveRemove($0, 0) }
            }
            try await start(uuid)
        case .shutoff:
            try await start(uuid)
        }
    }

    /// The serial console's file (`[hypervisor] console_dir`, which libvirtd writes); nil
    /// with a pty console. A domain that never ran has an empty one.
    public func consoleOutput(of uuid: UUID) async throws(HypervisorError) -> String? {
        _ = try await state(of: uuid)   // an unknown domain is domainNotFound, as every call
        guard let path = options.consoleLogPath(of: uuid) else { return nil }
        guard FileManager.default.fileExists(atPath: path) else { return "" }
        do {
            return String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        } catch {
            throw .internalError("the console log \(path) could not be read: \(error.localizedDescription)")
        }
    }

    /// Rebuild: the guest destroyed if it runs and its managed save image removed, the
    /// domain defined again from the new definition (its image's boot source) with the
    /// devices its persistent config holds, then booted (`virDomainCreate`).
    public func rebuild(_ definition: DomainDefinition) async throws(HypervisorError) {
        try definition.validate()
        if let image = definition.imageID, options.images[image] == nil {
            throw .operationFailed(
                "image \(image) has no boot source on this host: add it to [images] (a kernel + initrd, or a disk) to rebuild domain '\(definition.name)'")
        }
        let uuid = definition.uuid
        let xml = try definition.xml(template: options.template(for: definition), keepingDevicesOf: try await domainXML(of: uuid, live: false))
        try await withDomain(uuid) { (domain) throws(LibvirtError) in
            if virDomainIsActive(domain.pointer) == 1 {
                try domain.perform("virDomainDestroy") { virDomainDestroy($0) }
            }
            if try domain.hasManagedSaveImage() {
                try domain.perform("virDomainManagedSaveRemove") { virDomainManagedSaveRemove($0, 0) }
            }
        }
        do {
            try await onConnection { (connection) throws(LibvirtError) in _ = try connection.define(xml: xml) }
        } catch {
            throw error.hypervisorError(domain: uuid)
        }
        try await start(uuid)
        logger.debug("rebuilt domain", metadata: ["domain": "\(definition.name)"])
    }

    /// Destroys the guest if it runs, then undefines it with its managed save image.
    public func undefine(_ uuid: UUID) async throws(HypervisorError) {
        try await withDomain(uuid) { (domain) throws(LibvirtError) in
            if virDomainIsActive(domain.pointer) == 1 {
                try domain.perform("virDomainDestroy") { virDomainDestroy($0) }
            }
            try domain.perform("virDomainUndefineFlags") {
                virDomainUndefineFlags($0, UInt32(VIR_DOMAIN_UNDEFINE_MANAGED_SAVE.rawValue))
            }
        }
        logger.debug("undefined domain", metadata: ["domain": "\(uuid.uuidString.lowercased())"])
    }

    /// A state change, refused up front with libvirt's wording when the domain is not in
    /// the state the call needs (libvirt would refuse too, less clearly for some calls).
    private func perform(
        _ uuid: UUID, _ call: String, whenLive: Bool, _ body: @escaping @Sendable (virDomainPtr) -> Int32
    ) async throws(HypervisorError) {
        let current = try await state(of: uuid)
        if current.isLive != whenLive {
            throw .invalidState(
                "Requested operation is not valid: domain \(uuid.uuidString.lowercased()) is \(whenLive ? "not running" : "already running") (it is \(current.rawValue))")
        }
        try await withDomain(uuid) { (domain) throws(LibvirtError) in try domain.perform(call, body) }
    }
}
