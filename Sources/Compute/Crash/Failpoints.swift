import Foundation
import Synchronization

/// Named points at the step boundaries of every operation that holds devices, where a
/// crash test kills the real process (SIGKILL, as `kill -9` does) or makes a step fail as
/// its network or hypervisor call would. Compiled in, inert unless the environment names
/// a point: `SRIOV_COMPUTE_FAILPOINT=attach.after_bind` (kill there), or a list such as
/// `attach.plug=error,attach.undo.after_unbind=kill`. An `error` point fires once per
/// process. The names are listed in the README's "Crash safety" section.
public enum Failpoints {
    public static let environmentVariable = "SRIOV_COMPUTE_FAILPOINT"

    public enum Action: String, Sendable, Hashable {
        case kill, error
    }

    /// Parsed once; empty (every check a dictionary-emptiness test) unless the variable is set.
    static let armed: [String: Action] = parse(ProcessInfo.processInfo.environment[environmentVariable] ?? "")
    private static let firedErrors = Mutex<Set<String>>([])

    /// `name`, `name=kill` or `name=error`, comma-separated; anything else is ignored with
    /// the process going on (a crash test that misspells a point sees it never fire).
    public static func parse(_ text: String) -> [String: Action] {
        var points: [String: Action] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = parts.first, !name.isEmpty else { continue }
            guard let action = parts.count == 2 ? Action(rawValue: parts[1]) : .kill else { continue }
            points[name] = action
        }
        return points
    }

    /// A step boundary: the process dies here when the point is armed to kill.
    public static func reach(_ name: String) {
        guard !armed.isEmpty, armed[name] == .kill else { return }
        FileHandle.standardError.write(Data("failpoint \(name): SIGKILL\n".utf8))
        kill(getpid(), SIGKILL)
    }

    /// Whether the step at this point must fail (the first time only).
    public static func failsHere(_ name: String) -> Bool {
        guard !armed.isEmpty, armed[name] == .error else { return false }
        return firedErrors.withLock { $0.insert(name).inserted }
    }
}
