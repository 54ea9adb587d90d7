import Foundation
import TOMLKit
import Virt

extension ServiceConfiguration {
    static let imageKeys: Set<String> = ["name", "kernel", "initrd", "cmdline", "disk", "format"]
    static let diskFormats: Set<String> = ["raw", "qcow2"]

    /// `[images]`: one inline table per image id (a UUID), booting either a kernel (with an optional
    /// initrd and command line) or a disk file. Every error names `images.ID[.key]`.
    mutating func applyImages(_ table: TOMLTable) throws(ConfigurationError) {
        var parsed: [ConfiguredImage] = []
        for id in table.keys.sorted() {
            // The Compute API takes only UUIDs as imageRef, as Glance ids are.
            guard UUID(uuidString: id) != nil else {
                throw ConfigurationError(key: "images.\(id)", "an image id must be a UUID, as the Compute API's imageRef is")
            }
            guard let entry = table[id]?.table else {
                throw ConfigurationError(key: "images.\(id)", "must be a table, e.g. { kernel = \"/path/vmlinuz\", initrd = \"/path/initrd.gz\" }")
            }
            for key in entry.keys where !Self.imageKeys.contains(key) {
                throw ConfigurationError(key: "images.\(id).\(key)", "unknown key (known: \(Self.imageKeys.sorted().joined(separator: ", ")))")
            }
            let reader = TOMLSectionReader(section: "images.\(id)", table: entry)
            parsed.append(ConfiguredImage(id: id, name: try reader.string("name") ?? id, boot: try Self.bootSource(reader, entry, id: id)))
        }
        images = parsed
    }

    private static func bootSource(_ reader: TOMLSectionReader, _ entry: TOMLTable, id: String) throws(ConfigurationError) -> DomainTemplate.BootSource {
        let kernel = try absolutePath(reader, "kernel", id: id)
        let disk = try absolutePath(reader, "disk", id: id)
        switch (kernel, disk) {
        case (let kernel?, nil):
            if entry.contains(key: "format") {
                throw ConfigurationError(key: "images.\(id).format", "only a disk image has a format; this image boots a kernel")
            }
            return .kernel(path: kernel, initrd: try absolutePath(reader, "initrd", id: id), commandLine: try reader.string("cmdline"))
        case (nil, let disk?):
            for key in ["initrd", "cmdline"] where entry.contains(key: key) {
                throw ConfigurationError(key: "images.\(id).\(key)", "only a kernel boot takes \(key); this image boots a disk")
            }
            let format = try reader.string("format") ?? "qcow2"
            guard diskFormats.contains(format) else {
                throw ConfigurationError(key: "images.\(id).format", "expected one of \(diskFormats.sorted().joined(separator: ", ")), got '\(format)'")
            }
            return .disk(path: disk, format: format)
        case (.some, .some):
            throw ConfigurationError(key: "images.\(id)", "give either kernel or disk, not both")
        case (nil, nil):
            throw ConfigurationError(key: "images.\(id)", "needs kernel (with initrd, cmdline) or disk (with format)")
        }
    }

    private static func absolutePath(_ reader: TOMLSectionReader, _ key: String, id: String) throws(ConfigurationError) -> String? {
        guard let path = try reader.string(key) else { return nil }
        guard path.hasPrefix("/") else {
            throw ConfigurationError(key: "images.\(id).\(key)", "must be an absolute path (libvirtd opens it), got '\(path)'")
        }
        return path
    }
}
