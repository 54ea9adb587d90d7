import ComputeModel

/// The compute service's errors as Nova answers them: the status of the exception Nova
/// raises for the same failure, and for a failure of a part, Nova's "Unexpected API Error"
/// with the exception class tooling matches on.
extension APIFault {
    /// A failure of a part that names an exception class is shown as Nova shows an
    /// unexpected exception — "Unexpected API Error" and the class — so that tooling
    /// matching on the class name keeps working; the service's own explanation follows on
    /// the next line (Nova drops it, which leaves users guessing; DESIGN §2.4). The cause
    /// goes to the log only.
    public init(_ error: ComputeError) {
        let status = Self.status(of: error)
        if let exceptionClass = Self.novaExceptionClass(of: error) {
            self.init(status: status, message: Self.unexpectedErrorText(kind: exceptionClass, detail: error.message), logDetail: error.cause)
        } else {
            self.init(status: status, message: error.message, logDetail: error.cause)
        }
    }

    static func status(of error: ComputeError) -> Int {
        switch error {
        case .serverNotFound, .flavorNotFound, .extraSpecNotFound, .actionNotFound, .portNotFound, .networkNotFound,
             .interfaceNotFound, .portNotAttached, .interfaceChanged, .deviceNotTracked, .consoleNotAvailable, .computeHostNotFound:
            404
        case .policyRefused:
            403
        case .serverLocked, .invalidState, .serverWithoutDomain, .serverNotReady, .portInUse, .flavorExists, .quarantineReleaseRefused,
             .networkConflict, .hostUnavailable, .computeHostHasServers:
            409
        case .nameFilterTooComplex, .invalidNUMANodesSpec, .invalidNUMAPolicySpec, .bootFlavorNotFound, .imageNotFound,
             .rebuildImageNotFound, .automaticNetworksUnsupported, .portRequestedTwice, .bootNetworkNotFound, .invalidNUMANodes,
             .tooManyNUMANodes,
             .attachWithoutPort, .unknownVNICType, .acceleratorPort, .portWithResourceRequest, .portNotUsable, .invalidPCIRequest, .vnicTypeNeedsNoDevice,
             .vhostUserUnsupported, .vnicTypeUnsupported, .noDeviceAvailable, .networkRefused:
            400
        case .databaseFailed, .networkUnavailable, .networkTimedOut, .networkUnreachable, .serverStateUnknown, .consoleUnreadable,
             .powerActionFailed,
             .domainBuildFailed, .domainDestroyFailed, .devicesReleaseFailed, .claimFailed, .bindingFailed, .deviceAttachFailed,
             .attachRecordFailed, .macvtapWithoutNetdev, .vdpaWithoutDevice, .vifTypeUnpluggable, .portsKeptBound, .quarantineReleaseFailed,
             .deviceLeftLedger, .inconsistent, .unexpected, .hostOutcomeUnknown, .hostCallRefused, .placementLost:
            500
        case .cancelled:
            499
        }
    }

    /// The exception Nova raises for the same failure, bare (`nova.exception.<name>`) or
    /// qualified; nil where the answer is the explanation alone.
    static func novaExceptionClass(of error: ComputeError) -> String? {
        switch error {
        case .databaseFailed: "DBError"
        case .networkUnavailable: "NeutronClientException"
        // What Nova's keystoneauth session raises when Neutron does not answer in time or
        // cannot be reached; Nova lets both through as unexpected errors (500).
        case .networkTimedOut: "keystoneauth1.exceptions.connection.ConnectTimeout"
        case .networkUnreachable: "keystoneauth1.exceptions.connection.ConnectFailure"
        case .claimFailed: "PciDeviceRequestFailed"
        case .bindingFailed: "PortBindingFailed"
        case .deviceAttachFailed, .attachRecordFailed, .vdpaWithoutDevice, .vifTypeUnpluggable: "InterfaceAttachFailed"
        case .macvtapWithoutNetdev: "VifDetailsMissingMacvtapParameters"
        case .domainBuildFailed: "BuildAbortException"
        case .portsKeptBound: "PortUpdateFailed"
        // What Nova's API raises when the compute host's RPC answer does not come back.
        case .hostOutcomeUnknown: "oslo_messaging.exceptions.MessagingTimeout"
        case .hostCallRefused, .placementLost: "NoValidHost"
        default: nil
        }
    }
}
