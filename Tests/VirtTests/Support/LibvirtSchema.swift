import Foundation

/// libvirt's own RELAX NG schema, through `virt-xml-validate` (Debian: libvirt-clients and
/// libxml2-utils). Tests that use it are skipped on machines without it.
enum LibvirtSchema {
    static let tool = "/usr/bin/virt-xml-validate"

    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: tool)
            && FileManager.default.fileExists(atPath: "/usr/share/libvirt/schemas/domain.rng")
    }

    /// nil when the domain XML validates; otherwise the validator's complaint.
    static func problems(inDomainXML xml: String) throws -> String? {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("domain.xml")
        try Data(xml.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [file.path, "domain"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : text
    }
}
