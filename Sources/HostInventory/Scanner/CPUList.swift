/// The kernel's cpulist format (`0-3,8,10-11`), as in `node/nodeN/cpulist`.
enum CPUList {
    /// No real host has more CPUs; the bound keeps a corrupt range such as `0-999999999`
    /// from allocating gigabytes.
    static let maxCPU = 1 << 16

    /// The CPU ids, sorted and without duplicates; `nil` when the text is not a cpulist.
    /// An empty text is an empty list (a memory-only node).
    static func parse(_ text: String) -> [Int]? {
        if text.isEmpty { return [] }
        var cpus = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count),
                  let low = cpuID(bounds[0]),
                  let high = bounds.count == 2 ? cpuID(bounds[1]) : low,
                  low <= high
            else { return nil }
            cpus.formUnion(low...high)
        }
        return cpus.sorted()
    }

    private static func cpuID(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int(text), value <= maxCPU
        else { return nil }
        return value
    }
}
