import ComputeModel
import Foundation
import JSONModel

/// Nova's server view builder (`views/servers.py`) for one request: which keys appear
/// depends on the microversion and on whether the caller is an admin, and Tempest's
/// schemas reject both missing and extra keys.
struct ServerView {
    let version: Microversion
    let isAdmin: Bool
    let links: LinkBuilder

    init(_ request: ComputeRequest) {
        version = request.version
        isAdmin = request.isAdmin
        links = request.links
    }

    /// The list entry of `GET /servers`.
    func basic(_ server: Server) -> JSON {
        let id = server.id.lowercasedString
        return ["id": .string(id), "name": .string(server.name), "links": links.links("servers", id)]
    }

    /// The answer to `POST /servers`: the security groups asked for are echoed, `default`
    /// when none, as in Nova.
    func created(_ server: Server, adminPass: String, securityGroups: JSON?) -> JSON {
        let id = server.id.lowercasedString
        return [
            "server": [
                "id": .string(id), "links": links.links("servers", id), "OS-DCF:diskConfig": "MANUAL",
                "security_groups": securityGroups ?? [["name": "default"]], "adminPass": .string(adminPass),
            ],
        ]
    }

    /// The full view of `GET /servers/{id}` and of each `GET /servers/detail` entry.
    /// `server_groups` is shown by the former only, as in Nova.
    func detail(_ server: Server, flavor: Flavor?, addresses: JSON, isShow: Bool) -> JSON {
        let id = server.id.lowercasedString
        let status = ServerStatus.of(server)
        var view: [String: JSON] = [
            "id": .string(id), "name": .string(server.name), "status": .string(status),
            "tenant_id": .string(server.projectID), "user_id": .string(server.userID),
            "metadata": .object(server.metadata.mapValues(JSON.string)),
            "hostId": .string(HostID.make(host: server.hostName, projectID: server.projectID)),
            "image": image(server), "flavor": self.flavor(server, flavor),
            "created": .string(NovaTime.iso(server.createdAt)), "updated": .string(NovaTime.iso(server.updatedAt)),
            "addresses": addresses, "accessIPv4": "", "accessIPv6": "",
            "links": links.links("servers", id), "OS-DCF:diskConfig": "MANUAL",
            "OS-EXT-AZ:availability_zone": "nova", "config_drive": "", "key_name": .null,
            "OS-SRV-USG:launched_at": server.launchedAt.map { .string(NovaTime.primitive($0)) } ?? .null,
            "OS-SRV-USG:terminated_at": .null,
            "OS-EXT-STS:task_state": .optional(server.taskState),
            "OS-EXT-STS:vm_state": .string(server.vmState.rawValue),
            "OS-EXT-STS:power_state": .int(server.vmState.powerState),
            "os-extended-volumes:volumes_attached": [],
        ]
        if ServerStatus.withProgress.contains(status) { view["progress"] = 0 }
        addExtendedAttributes(server, to: &view)
        addMicroversionFields(server, isShow: isShow, to: &view)
        // Nova shows the fault of a server in ERROR (`views/servers.py` `_get_fault`).
        if server.vmState == .error, let fault = server.fault {
            view["fault"] = ["code": .int(fault.code), "created": .string(NovaTime.iso(fault.createdAt)), "message": .string(fault.message)]
        }
        return .object(view)
    }

    /// `""` for a server booted without an image, as Nova answers. From 2.98 the image's
    /// properties follow; the images this service boots carry none, so they are `{}`.
    private func image(_ server: Server) -> JSON {
        guard let imageID = server.imageID, !imageID.isEmpty else { return "" }
        var image: JSONObject = ["id": .string(imageID), "links": links.bookmarkOnly("images", imageID)]
        if version.supports(.v2(98)) { image["properties"] = [:] }
        return .object(image)
    }

    /// A link to the flavor before 2.47; the flavor itself from 2.47 on. `{}` when the
    /// flavor is gone, as Nova shows a server whose flavor record was lost.
    private func flavor(_ server: Server, _ flavor: Flavor?) -> JSON {
        guard version.supports(.v2(47)) else {
            return ["id": .string(server.flavorID), "links": links.bookmarkOnly("flavors", server.flavorID)]
        }
        guard let flavor else { return [:] }
        return [
            "vcpus": .int(flavor.vcpus), "ram": .int(flavor.ramMB), "disk": .int(flavor.diskGB),
            "ephemeral": .int(flavor.ephemeralGB), "swap": .int(flavor.swapMB), "original_name": .string(flavor.name),
            "extra_specs": .object(flavor.extraSpecs.mapValues(JSON.string)),
        ]
    }
}
