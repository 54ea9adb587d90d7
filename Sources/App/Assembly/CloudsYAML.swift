/// The `clouds.yaml` the service prints: every endpoint the clients look up points here,
/// with `auth_type: none` (noauth; the token `notused` resolves to the admin).
/// `identity_api_version: '3'` is what OSC's `server list` checks before anything else
/// (openstack-parts §2.3); the network endpoint is `/networking`, whose root lists v2.0
/// (the service's own root is the compute API's).
enum CloudsYAML {
    static func render(host: String, port: Int) -> String {
        let base = "http://\(host):\(port)"
        return """
            clouds:
              sriov:
                auth_type: none
                auth:
                  endpoint: \(base)/
                compute_endpoint_override: \(base)/v2.1
                network_endpoint_override: \(base)\(SRIOVService.networkPrefix)
                identity_api_version: '3'
                region_name: RegionOne
            """
    }
}
