import Foundation

/// The serial console file of a test guest: the guest's init prints `GUEST-READY` once
/// its virtio-net driver is loaded, then a `GUEST-NET … macs=[…]` line on every change of
/// its NICs — what the guest itself sees.
public struct GuestConsole: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var text: String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// The last line describing the guest's NICs. The tty ends lines with "\r\n", a single
    /// Character in Swift, hence the split on any newline.
    public var lastNetLine: String? {
        text.split(whereSeparator: \.isNewline).last { $0.hasPrefix("GUEST-NET") }.map(String.init)
    }

    /// Waits until `condition` holds for the console, polling; false when `limit` passed
    /// first. The limit only stops a broken run; nothing is asserted about speed.
    public func wait(upTo limit: Duration = .seconds(30), for condition: (GuestConsole) -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }

    /// Waits for `GUEST-READY`; a TCG boot under load can take minutes.
    public func waitUntilReady() async -> Bool {
        await wait(upTo: .seconds(180)) { $0.text.contains("GUEST-READY") }
    }

    /// Whether the guest's current NICs include `mac`.
    public func guestSees(mac: String) -> Bool {
        lastNetLine?.contains(mac.lowercased()) ?? false
    }
}
