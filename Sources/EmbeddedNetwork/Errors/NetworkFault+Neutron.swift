import NetworkModel

/// The Neutron exceptions the embedded backend raises, with neutron-lib's messages.
extension NetworkFault {
    public static func portNotFound(_ id: String) -> NetworkFault {
        NetworkFault(.notFound, type: "PortNotFound", message: "Port \(id) could not be found.", resourceID: id)
    }

    public static func networkNotFound(_ id: String) -> NetworkFault {
        NetworkFault(.notFound, type: "NetworkNotFound", message: "Network \(id) could not be found.", resourceID: id)
    }

    public static func subnetNotFound(_ id: String) -> NetworkFault {
        NetworkFault(.notFound, type: "SubnetNotFound", message: "Subnet \(id) could not be found.", resourceID: id)
    }

    /// neutron-lib `InvalidInput`.
    public static func invalidInput(_ reason: String) -> NetworkFault {
        NetworkFault(.badRequest, type: "InvalidInput", message: "Invalid input for operation: \(reason).")
    }

    /// An attribute that failed validation (Neutron answers these as `HTTPBadRequest`).
    public static func invalidAttribute(_ name: String, reason: String) -> NetworkFault {
        NetworkFault(.badRequest, type: "HTTPBadRequest", message: "Invalid input for \(name). Reason: \(reason).")
    }

    public static func badRequest(_ message: String) -> NetworkFault {
        NetworkFault(.badRequest, type: "HTTPBadRequest", message: message)
    }

    /// A policy refusal, e.g. a non-admin setting `provider:*` or `binding:host_id`.
    public static func policyNotAuthorized(_ rule: String) -> NetworkFault {
        NetworkFault(.forbidden, type: "PolicyNotAuthorized", message: "rule:\(rule) is disallowed by policy")
    }

    public static func networkInUse(_ id: String) -> NetworkFault {
        NetworkFault(
            .conflict, type: "NetworkInUse",
            message: "Unable to complete operation on network \(id). There are one or more ports still in use on the network."
        )
    }

    public static func subnetInUse(_ id: String) -> NetworkFault {
        NetworkFault(
            .conflict, type: "SubnetInUse",
            message: "Unable to complete operation on subnet \(id): One or more ports have an IP allocation from this subnet."
        )
    }

    public static func macAddressInUse(_ mac: String, network: String) -> NetworkFault {
        NetworkFault(
            .conflict, type: "MacAddressInUse",
            message: "Unable to complete operation for network \(network). The mac address \(mac) is in use."
        )
    }

    public static func macGenerationFailure(network: String) -> NetworkFault {
        NetworkFault(
            .serviceUnavailable, type: "MacAddressGenerationFailure",
            message: "Unable to generate unique mac on network \(network)."
        )
    }

    public static func ipGenerationFailure(network: String) -> NetworkFault {
        NetworkFault(
            .conflict, type: "IpAddressGenerationFailure", message: "No more IP addresses available on network \(network)."
        )
    }

    public static func ipAlreadyAllocated(_ ip: String, subnet: String) -> NetworkFault {
        NetworkFault(
            .conflict, type: "IpAddressAlreadyAllocated", message: "IP address \(ip) already allocated in subnet \(subnet)"
        )
    }

    public static func invalidIPForSubnet(_ ip: String) -> NetworkFault {
        NetworkFault(
            .badRequest, type: "InvalidIpForSubnet",
            message: "IP address \(ip) is not a valid IP for the specified subnet."
        )
    }

    public static func invalidIPForNetwork(_ ip: String) -> NetworkFault {
        NetworkFault(
            .badRequest, type: "InvalidIpForNetwork",
            message: "IP address \(ip) is not a valid IP for any of the subnets on the specified network."
        )
    }

    public static func vlanInUse(_ vlan: Int, physnet: String) -> NetworkFault {
        NetworkFault(
            .conflict, type: "VlanIdInUse",
            message: "Unable to create the network. The VLAN \(vlan) on physical network \(physnet) is in use."
        )
    }

    public static func flatNetworkInUse(physnet: String) -> NetworkFault {
        NetworkFault(
            .conflict, type: "FlatNetworkInUse",
            message: "Unable to create the flat network. Physical network \(physnet) is in use."
        )
    }

    public static func tunnelIDInUse(_ id: Int) -> NetworkFault {
        NetworkFault(
            .conflict, type: "TunnelIdInUse", message: "Unable to create the network. The tunnel ID \(id) is in use."
        )
    }

    public static func noNetworkAvailable() -> NetworkFault {
        NetworkFault(
            .serviceUnavailable, type: "NoNetworkAvailable",
            message: "Unable to create the network. No tenant network is available for allocation."
        )
    }

    /// A database failure the backend did not expect; the detail goes to the message
    /// because there is no log to point at from here.
    public static func storage(_ error: any Error) -> NetworkFault {
        NetworkFault(.internalError, type: "HTTPInternalServerError", message: "Request Failed: internal server error: \(error)")
    }

    /// The cluster's agents could not be read before binding on `host` (the compute store
    /// is down): 503, so the compute side reads the network as unavailable, never as a
    /// refused binding.
    public static func agentsUnreadable(host: String, cause: any Error) -> NetworkFault {
        NetworkFault(
            .serviceUnavailable, type: "ServiceUnavailable",
            message: "The NIC Switch agent of host \(host) could not be looked up: \(cause)")
    }
}
