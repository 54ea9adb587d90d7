import ComputeModel
import JSONModel

/// Nova's image-proxy views (`views/images.py`).
struct ImageView {
    let links: LinkBuilder

    func basic(_ image: Image) -> JSON {
        ["id": .string(image.id), "name": .string(image.name), "links": imageLinks(image)]
    }

    func detail(_ image: Image) -> JSON {
        let created = JSON.string(NovaTime.iso(image.createdAt))
        return [
            "id": .string(image.id), "name": .string(image.name), "links": imageLinks(image),
            "minRam": .int(image.minRAMMB), "minDisk": .int(image.minDiskGB), "metadata": [:],
            "created": created, "updated": created,
            "status": .string(Self.status(image.status)), "progress": .int(Self.progress(image.status)),
            "OS-EXT-IMG-SIZE:size": .null,
        ]
    }

    /// self, bookmark, and the `alternate` link to the image service (served on the same
    /// address here).
    private func imageLinks(_ image: Image) -> JSON {
        guard case .array(var entries) = links.links("images", image.id) else { return [] }
        entries.append([
            "rel": "alternate", "type": "application/vnd.openstack.image",
            "href": .string(links.root + "/images/" + image.id),
        ])
        return .array(entries)
    }

    /// Glance's status as Nova's proxy spells it.
    static func status(_ glanceStatus: String) -> String {
        switch glanceStatus {
        case "active": "ACTIVE"
        case "queued", "saving": "SAVING"
        case "deleted", "pending_delete": "DELETED"
        case "killed": "ERROR"
        default: "UNKNOWN"
        }
    }

    static func progress(_ glanceStatus: String) -> Int {
        switch glanceStatus {
        case "queued": 25
        case "saving": 50
        case "active": 100
        default: 0
        }
    }
}
