import Foundation
import JSONModel

/// The benchmark records: one JSON object per line, keys in the order they were set, so
/// that `bench` comes first as in Nova's bench script.
extension JSONObject {
    func print() {
        // Unbuffered, so that a long benchmark shows each record as it is measured.
        FileHandle.standardOutput.write(Data((JSON.object(self).rendered + "\n").utf8))
    }
}

extension JSON {
    /// A measured figure, rounded so that the record stays readable: rates (1000 and up)
    /// to one decimal, smaller figures to six significant digits; `null` when not finite.
    static func figure(_ number: Double) -> JSON {
        guard number.isFinite else { return .null }
        if abs(number) >= 1000 { return .number((number * 10).rounded() / 10) }
        return .number(Double(String(format: "%.6g", number)) ?? number)
    }
}
