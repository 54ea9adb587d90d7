import JSONModel

/// `block_device_mapping_v2` of `POST /servers`. OSC always sends one — the image copied to
/// a local disk (`source_type: image`, `destination_type: local`, boot index 0) — which is
/// exactly what a server here gets. Anything else (volumes, snapshots, blank disks) would
/// need a block storage service and is refused by name.
enum BlockDeviceMappings {
    /// Nova's `_block_device_mapping_v2` item, with `tag` at 2.32 and from 2.42 and
    /// `volume_type` from 2.67.
    static func schema(for version: Microversion) -> Schema {
        var item: [(name: String, schema: Schema)] = [
            (name: "virtual_name", schema: Schema([.type([.string]), .maxLength(255)])),
            (name: "volume_id", schema: .uuid),
            (name: "snapshot_id", schema: .uuid),
            (name: "volume_size", schema: Schema([
                .type([.integer, .string]), .pattern("^[0-9]+$"), .minimum(1), .maximum(0x7FFF_FFFF),
            ])),
            (name: "device_name", schema: Schema([
                .type([.string]), .minLength(1), .maxLength(255), .pattern("^[a-zA-Z0-9._/-]*$"),
            ])),
            (name: "delete_on_termination", schema: .boolean),
            (name: "no_device", schema: .any),
            (name: "connection_info", schema: Schema([.type([.string]), .maxLength(16_777_215)])),
            (name: "source_type", schema: Schema([.type([.string]), .enumeration(["volume", "image", "snapshot", "blank"])])),
            (name: "uuid", schema: Schema([.type([.string]), .minLength(1), .maxLength(255), .pattern("^[a-zA-Z0-9._-]*$")])),
            (name: "image_id", schema: .uuid),
            (name: "destination_type", schema: Schema([.type([.string]), .enumeration(["local", "volume"])])),
            (name: "guest_format", schema: Schema([.type([.string]), .maxLength(255)])),
            (name: "device_type", schema: Schema([.type([.string]), .maxLength(255)])),
            (name: "disk_bus", schema: Schema([.type([.string]), .maxLength(255)])),
            (name: "boot_index", schema: Schema([.type([.integer, .string, .null]), .pattern("^-?[0-9]+$")])),
        ]
        if version == .v2(32) || version >= .v2(42) { item.append((name: "tag", schema: .tag)) }
        if version >= .v2(67) {
            item.append((name: "volume_type", schema: Schema([
                .type([.string, .null]), .minLength(0), .maxLength(255),
            ])))
        }
        return Schema([.type([.array]), .items(.object(item))])
    }

    /// The image the mappings boot from, when they are the one supported kind; `nil` for
    /// no mappings.
    static func bootImage(_ value: JSON?) throws(APIFault) -> String? {
        guard let entries = value?.arrayValue, !entries.isEmpty else { return nil }
        var image: String?
        for entry in entries {
            guard entry["source_type"]?.stringValue == "image", entry["destination_type"]?.stringValue ?? "local" == "local",
                  let id = entry["uuid"]?.stringValue ?? entry["image_id"]?.stringValue
            else {
                throw .badRequest(
                    "This service boots servers from an image on a local disk only: block_device_mapping_v2 entries "
                        + "must have source_type 'image' and destination_type 'local'.")
            }
            guard image == nil || image == id else {
                throw .badRequest("Only one image can be booted: block_device_mapping_v2 names several.")
            }
            image = id
        }
        return image
    }
}
