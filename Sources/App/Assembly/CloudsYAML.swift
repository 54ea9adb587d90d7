import ComputeAPI

/// The `clouds.yaml` the service prints: compute and image endpoints on this service,
/// the network endpoint on the embedded network (`/networking`, whose root lists v2.0; the
/// service's own root is the compute API's) or on the real Neutron, and `auth_type: none`
/// (noauth; the token `notused` resolves to the admin). `identity_api_version: '3'` is what
/// OSC's `server list` checks before anything else (openstack-parts §2.3).
/// With the `keystone` strategy the clients authenticate with Keystone instead and find
/// every endpoint in its catalog: the entry names the auth URL and leaves the user's
/// credentials to fill in.
enum CloudsYAML {
    static func renderKeystone(authURL: String) -> String {
        """
        clouds:
          sriov:
            auth_type: password
            auth:
              auth_url: \(authURL)
              username: YOUR-USER
              password: YOUR-PASSWORD
              project_name: YOUR-PROJECT
              user_domain_name: Default
              project_domain_name: Default
            identity_api_version: '3'
            region_name: RegionOne
        """
    }

    /// `networkEndpoint`: the Neutron root when Neutron is the backend.
    static func render(host: String, port: Int, networkEndpoint: String? = nil) -> String {
        let base = "http://\(host):\(port)"
        return """
            clouds:
              sriov:
                auth_type: none
                auth:
                  endpoint: \(base)/
                compute_endpoint_override: \(base)/v2.1
                network_endpoint_override: \(networkEndpoint ?? base + SRIOVService.networkPrefix)
                image_endpoint_override: \(base)\(ImageAPI.prefix)
                image_api_version: '2'
                identity_api_version: '3'
                region_name: RegionOne
            """
    }
}
