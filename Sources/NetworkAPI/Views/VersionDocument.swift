import APICore
import Hummingbird

/// `GET /v2.0`: Neutron's v2.0 index, the core resources with links to their collections
/// (`{"resources": [{"name", "collection", "links"}]}`).
enum VersionDocument {
    static let resources = [("network", "networks"), ("subnet", "subnets"), ("port", "ports")]

    static func render(baseURL: String) -> JSON {
        [
            "resources": .array(
                resources.map { name, collection in
                    [
                        "name": .string(name), "collection": .string(collection),
                        "links": [["rel": "self", "href": .string("\(baseURL)/v2.0/\(collection)")]],
                    ]
                })
        ]
    }

    /// `http://<Host header>` (HTTP/1 `Host` arrives as the authority), so links point
    /// where the client reached us.
    static func baseURL(of request: Request) -> String {
        let host = request.head.authority ?? "localhost"
        return "http://\(host)"
    }
}
