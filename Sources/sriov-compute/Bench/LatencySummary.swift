import JSONModel

/// Percentiles as Nova's bench computes them (nearest rank on `round(q × (n − 1))`), in
/// microseconds, so both sets of figures are read the same way.
struct LatencySummary {
    let mean: Double
    let p50: Double
    let p90: Double
    let p99: Double
    let p999: Double
    let min: Double
    let max: Double

    init(nanoseconds samples: [UInt64]) {
        precondition(!samples.isEmpty, "no samples")
        let sorted = samples.sorted()
        func pick(_ q: Double) -> Double {
            let index = Swift.min(sorted.count - 1, Swift.max(0, Int((q * Double(sorted.count - 1)).rounded())))
            return Double(sorted[index]) / 1000
        }
        mean = Double(sorted.reduce(0, +)) / Double(sorted.count) / 1000
        p50 = pick(0.50)
        p90 = pick(0.90)
        p99 = pick(0.99)
        p999 = pick(0.999)
        min = Double(sorted[0]) / 1000
        max = Double(sorted[sorted.count - 1]) / 1000
    }

    var json: JSONObject {
        ["mean": .figure(mean), "p50": .figure(p50), "p90": .figure(p90), "p99": .figure(p99),
         "p999": .figure(p999), "min": .figure(min), "max": .figure(max)]
    }
}
