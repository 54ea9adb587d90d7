import ComputeModel
import JSONModel

/// Nova's flavor views (`views/flavors.py`) for one request.
struct FlavorView {
    let version: Microversion
    let links: LinkBuilder

    init(_ request: ComputeRequest) {
        version = request.version
        links = request.links
    }

    /// `GET /flavors` entries: id, name, links (+ description from 2.55).
    func basic(_ flavor: Flavor) -> JSON {
        var view: [String: JSON] = [
            "id": .string(flavor.id), "name": .string(flavor.name), "links": links.links("flavors", flavor.id),
        ]
        if version.supports(.v2(55)) { view["description"] = .optional(flavor.description) }
        return .object(view)
    }

    /// `GET /flavors/detail` entries, `GET /flavors/{id}` and the create answer.
    /// Before 2.75 Nova writes a zero swap as `""` and a zero rxtx factor as `""`; from 2.102
    /// neither the rxtx factor nor `OS-FLV-DISABLED:disabled` is shown.
    func detail(_ flavor: Flavor) -> JSON {
        var view: [String: JSON] = [
            "id": .string(flavor.id), "name": .string(flavor.name), "links": links.links("flavors", flavor.id),
            "ram": .int(flavor.ramMB), "disk": .int(flavor.diskGB), "vcpus": .int(flavor.vcpus),
            "swap": flavor.swapMB == 0 && !version.supports(.v2(75)) ? "" : .int(flavor.swapMB),
            "OS-FLV-EXT-DATA:ephemeral": .int(flavor.ephemeralGB),
            "OS-FLV-DISABLED:disabled": false,
            "os-flavor-access:is_public": .bool(flavor.isPublic),
            "rxtx_factor": flavor.rxtxFactor == 0 ? "" : .number(flavor.rxtxFactor),
        ]
        if version.supports(.v2(55)) { view["description"] = .optional(flavor.description) }
        if version.supports(.v2(102)) {
            view["OS-FLV-DISABLED:disabled"] = nil
            view["rxtx_factor"] = nil
        }
        // The extra-specs policy lets every reader see them.
        if version.supports(.v2(61)) { view["extra_specs"] = .object(flavor.extraSpecs.mapValues(JSON.string)) }
        return .object(view)
    }
}
