/// A set of scalars that one instruction matches: a bracket class such as `[^a-z\d_]`, or
/// a class escape such as `\w` on its own.
struct CharacterClass: Hashable, Sendable {
    enum Item: Hashable, Sendable {
        /// A range of code points; a single scalar is a one-element range. The bounds are
        /// code points rather than scalars because Python accepts surrogates (`\ud800`),
        /// which can never occur in a Swift string and so simply never match.
        case codePoints(ClosedRange<UInt32>)
        /// `\d`, `\w`, `\s`, or with `isNegated` `\D`, `\W`, `\S`.
        case category(ScalarCategory, isNegated: Bool)

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .codePoints(let range): range.contains(scalar.value)
            case .category(let category, let isNegated): category.contains(scalar) != isNegated
            }
        }
    }

    var items: [Item]
    /// `[^...]`: the class matches what none of its items match.
    var isNegated: Bool

    static func category(_ category: ScalarCategory, isNegated: Bool) -> CharacterClass {
        CharacterClass(items: [.category(category, isNegated: isNegated)], isNegated: false)
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        items.contains { $0.contains(scalar) } != isNegated
    }

    /// Under `(?i)`: whether any case variant of the scalar is in the class. Negation
    /// applies after, so `(?i)[^k]` refuses "K" as Python does.
    func contains(anyOf variants: CaseVariants) -> Bool {
        variants.contains { scalar in items.contains { $0.contains(scalar) } } != isNegated
    }

    /// The class to use under `(?i)`: each single scalar brings its case fold along, so
    /// that `[K]` with the Kelvin sign also admits "k" and "K", whose variants include the
    /// fold "k" but not the Kelvin sign itself.
    func addingCaseFolds() -> CharacterClass {
        var folded = items
        for case .codePoints(let range) in items where range.count == 1 {
            guard let scalar = Unicode.Scalar(range.lowerBound), scalar.caseFold != scalar else { continue }
            folded.append(.codePoints(scalar.caseFold.value...scalar.caseFold.value))
        }
        return CharacterClass(items: folded, isNegated: isNegated)
    }
}
