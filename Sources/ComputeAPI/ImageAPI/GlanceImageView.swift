import ComputeModel
import Foundation
import JSONModel

/// An image as Glance v2 shows it (`glance/api/v2/images.py` and its schema): every core
/// property, `null` where the service has no value (no file is stored, so no size,
/// checksum or hash), links relative to the API root, times as `YYYY-MM-DDTHH:MM:SSZ`.
enum GlanceImageView {
    static func view(_ image: Image) -> JSON {
        let timestamp = JSON.string(NovaTime.iso(image.createdAt))
        return [
            "id": .string(image.id), "name": .string(image.name), "status": .string(image.status),
            "visibility": "public", "protected": false, "os_hidden": false, "tags": [],
            "container_format": "bare", "disk_format": "qcow2",
            "min_disk": .int(image.minDiskGB), "min_ram": .int(image.minRAMMB),
            "size": .null, "virtual_size": .null, "checksum": .null, "os_hash_algo": .null, "os_hash_value": .null,
            "owner": .null, "created_at": timestamp, "updated_at": timestamp,
            "self": .string("/v2/images/\(image.id)"), "file": .string("/v2/images/\(image.id)/file"),
            "schema": "/v2/schemas/image",
        ]
    }
}
