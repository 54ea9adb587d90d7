import EmbeddedNetwork
import Foundation
import Hummingbird
import NetworkModel

/// A list request's query: `?name=a&name=b&fields=id`. Keys are percent-decoded here
/// because clients encode `binding:host_id` as `binding%3Ahost_id` and Hummingbird decodes
/// only values. A repeated key matches any of its values, as in Neutron.
struct QueryFilters {
    private var values: [String: [String]] = [:]

    init(_ request: Request) {
        for (key, value) in request.uri.queryParameters {
            let name = String(key).removingPercentEncoding ?? String(key)
            values[name, default: []].append(String(value))
        }
    }

    func all(_ key: String) -> [String]? { values[key] }

    /// `fields=…`: the attributes to show; `nil` for all.
    var fields: Set<String>? { values["fields"].map(Set.init) }

    func bool(_ key: String) throws(NetworkFault) -> Bool? {
        guard let text = values[key]?.last else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw .invalidAttribute(key, reason: "'\(text)' cannot be converted to boolean")
        }
    }

    func ints(_ key: String) throws(NetworkFault) -> [Int]? {
        guard let texts = values[key] else { return nil }
        var numbers: [Int] = []
        for text in texts {
            guard let number = Int(text) else { throw .invalidAttribute(key, reason: "'\(text)' is not an integer") }
            numbers.append(number)
        }
        return numbers
    }

    /// `project_id` and `tenant_id` filter the same thing.
    var projectIDs: [String]? {
        let both = (values["project_id"] ?? []) + (values["tenant_id"] ?? [])
        return both.isEmpty ? nil : both
    }

    var networkFilter: NetworkFilter {
        get throws(NetworkFault) {
            NetworkFilter(
                ids: all("id"), names: all("name"), projectIDs: projectIDs, shared: try bool("shared"),
                external: try bool("router:external"), networkTypes: all("provider:network_type"),
                physicalNetworks: all("provider:physical_network"),
                segmentationIDs: try ints("provider:segmentation_id"))
        }
    }

    var subnetFilter: SubnetFilter {
        SubnetFilter(
            ids: all("id"), names: all("name"), networkIDs: all("network_id"), projectIDs: projectIDs,
            cidrs: all("cidr"))
    }

    /// `fixed_ips=ip_address=10.0.0.5` / `fixed_ips=subnet_id=…` (the SDK's form).
    var portFilter: PortFilter {
        get throws(NetworkFault) {
            var fixedIPs: [FixedIPRequest]?
            if let entries = all("fixed_ips") {
                fixedIPs = []
                for entry in entries {
                    let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                    switch (parts.first, parts.count) {
                    case ("ip_address", 2): fixedIPs?.append(FixedIPRequest(ipAddress: parts[1]))
                    case ("subnet_id", 2): fixedIPs?.append(FixedIPRequest(subnetID: parts[1]))
                    default:
                        throw .invalidAttribute("fixed_ips", reason: "Invalid data format for fixed IP: '\(entry)'")
                    }
                }
            }
            return PortFilter(
                ids: all("id"), names: all("name"), networkIDs: all("network_id"), projectIDs: projectIDs,
                deviceIDs: all("device_id"), deviceOwners: all("device_owner"), macAddresses: all("mac_address"),
                statuses: all("status"), hostIDs: all("binding:host_id"), vnicTypes: all("binding:vnic_type"),
                fixedIPs: fixedIPs)
        }
    }
}
