import Foundation

/// libvirt's own RELAX NG schema: `virt-xml-validate` for whole domains, and for single
/// device elements a wrapper grammar that starts at libvirt's `interface`/`hostdev`
/// definitions (libvirt-here.md §1: `virt-xml-validate` cannot tell a bare device's schema).
public enum LibvirtSchema {
    static let schemas = "/usr/share/libvirt/schemas"

    /// nil when the domain XML validates; otherwise the validator's complaint.
    public static func problems(inDomainXML xml: String) throws -> String? {
        try run("/usr/bin/virt-xml-validate", xml: xml) { file in [file, "domain"] }
    }

    /// nil when the device element validates against libvirt's domain grammar.
    public static func problems(inDeviceXML xml: String) throws -> String? {
        let wrapper = """
            <?xml version="1.0"?>
            <grammar xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
              <start><choice><ref name="interface"/><ref name="hostdev"/></choice></start>
              <include href="\(schemas)/domainoverrides.rng"/>
            </grammar>
            """
        let grammar = FileManager.default.temporaryDirectory.appendingPathComponent("device-\(UUID().uuidString).rng")
        try Data(wrapper.utf8).write(to: grammar)
        defer { try? FileManager.default.removeItem(at: grammar) }
        return try run("/usr/bin/xmllint", xml: xml) { file in ["--noout", "--relaxng", grammar.path, file] }
    }

    private static func run(_ tool: String, xml: String, arguments: (String) -> [String]) throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("libvirt-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try ToolRun(tool, arguments(file.path))
        return run.status == 0 ? nil : run.output
    }
}
