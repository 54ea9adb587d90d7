import Foundation
import Testing

/// The serial console file of a test guest: the guest's init prints `GUEST-READY` once
/// its virtio-net driver is loaded, then a `GUEST-NET … macs=[…]` line on every change of
/// its NICs — what the guest itself sees.
struct GuestConsole {
    let path: String

    var text: String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// The last line describing the guest's NICs.
    var lastNetLine: String? {
        text.split(whereSeparator: \.isNewline).last { $0.hasPrefix("GUEST-NET") }.map(String.init)
    }

    /// Waits until `condition` holds for the console text, polling; false when `limit`
    /// passed first. The limit only stops a broken run; nothing is asserted about speed.
    func wait(upTo limit: Duration = .seconds(180), for condition: (GuestConsole) -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }

    func waitUntilReady(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let ready = await wait { $0.text.contains("GUEST-READY") }
        try #require(ready, "the guest never printed GUEST-READY; console:\n\(text.suffix(2000))", sourceLocation: sourceLocation)
    }

    /// Whether the guest's current NICs include `mac`.
    func guestSees(mac: String) -> Bool {
        lastNetLine?.contains(mac.lowercased()) ?? false
    }
}
