import Foundation

/// The stage's libvirtd, stopped and started again by `stages/libvirt/libvirtd.sh` inside
/// the namespaces `run.sh` set up: the guests keep running across it, as they do when an
/// operator restarts libvirtd.
public struct LibvirtdControl: Sendable {
    public let script: String

    public init(script: String) {
        self.script = script
    }

    /// Returns once libvirtd has exited.
    public func stop() throws {
        _ = try run(["stop"])
    }

    /// Returns once libvirtd answers on its socket; does nothing if it runs.
    public func start() throws {
        _ = try run(["start"])
    }

    /// One QMP command to the QEMU of domain `name`, while libvirtd is stopped (it holds
    /// the monitor otherwise); QEMU's answer as JSON.
    @discardableResult
    public func qmp(domain name: String, _ command: String) throws -> String {
        try run(["qmp", name, command])
    }

    /// The interfaces on `bridge` in libvirtd's network namespace (the taps libvirt put there).
    public func ports(onBridge bridge: String) throws -> [String] {
        try run(["ports", bridge]).split(separator: "\n").map(String.init)
    }

    private func run(_ arguments: [String]) throws -> String {
        let run = try ToolRun("/bin/bash", [script] + arguments)
        guard run.status == 0 else { throw LibvirtdControlError(command: arguments.joined(separator: " "), output: run.output) }
        return run.output
    }
}

public struct LibvirtdControlError: Error, CustomStringConvertible {
    public let command: String
    public let output: String
    public var description: String { "libvirtd.sh \(command) failed: \(output)" }
}
