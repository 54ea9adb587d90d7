import Foundation

/// The stage's libvirtd, stopped and started again by `tests/libvirt/libvirtd.sh` inside
/// the namespaces `run.sh` set up: the guests keep running across it, as they do when an
/// operator restarts libvirtd.
public struct LibvirtdControl: Sendable {
    public let script: String

    public init(script: String) {
        self.script = script
    }

    /// Returns once libvirtd has exited.
    public func stop() throws {
        try run(["stop"])
    }

    /// Returns once libvirtd answers on its socket; does nothing if it runs.
    public func start() throws {
        try run(["start"])
    }

    /// One QMP command to the QEMU of domain `name`, while libvirtd is stopped (it holds
    /// the monitor otherwise); QEMU's answer as JSON.
    @discardableResult
    public func qmp(domain name: String, _ command: String) throws -> String {
        try run(["qmp", name, command])
    }

    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LibvirtdControlError(command: arguments.joined(separator: " "), output: text)
        }
        return text
    }
}

public struct LibvirtdControlError: Error, CustomStringConvertible {
    public let command: String
    public let output: String
    public var description: String { "libvirtd.sh \(command) failed: \(output)" }
}
