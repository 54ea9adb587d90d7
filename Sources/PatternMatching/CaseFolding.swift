/// Case-insensitive matching under `(?i)`: two scalars match when their simple case folds
/// are equal, and a bracket class matches when any case variant of the scalar is in it.
///
/// The standard library exposes case mappings but not CaseFolding.txt, so the fold is
/// built from the mappings: lowercase, then the simple uppercase of that, then lowercase
/// again. Going through the uppercase is what joins "ſ" with "s", "ς" with "σ" and the
/// Kelvin sign with "k"; starting from the lowercase is what joins "İ" with "i" (its only
/// multi-scalar lowercase begins with "i"). Checked against CPython's `(?i)` over every
/// scalar: the classes agree, apart from scalars newer than Python's Unicode database.
extension Unicode.Scalar {
    /// The key that case-insensitively equal scalars share.
    var caseFold: Unicode.Scalar {
        if isASCII { return simpleLowercase }
        if let fold = Self.foldsWithoutCaseMapping[value] { return fold }
        return simpleLowercase.simpleUppercase.simpleLowercase
    }

    /// The first scalar of the lowercase mapping: the simple mapping for every scalar,
    /// since only "İ" lowercases to more than one ("i" and a combining dot).
    var simpleLowercase: Unicode.Scalar {
        if isASCII { return ("A"..."Z").contains(self) ? Unicode.Scalar(UInt8(value) + 32) : self }
        return properties.lowercaseMapping.unicodeScalars.first ?? self
    }

    /// The uppercase mapping when it is a single scalar; "ß" (whose uppercase is "SS")
    /// stays itself, as in simple case mapping.
    var simpleUppercase: Unicode.Scalar {
        if isASCII { return ("a"..."z").contains(self) ? Unicode.Scalar(UInt8(value) - 32) : self }
        let mapping = properties.uppercaseMapping.unicodeScalars
        guard let first = mapping.first, mapping.index(after: mapping.startIndex) == mapping.endIndex else { return self }
        return first
    }

    /// Simple foldings added in Unicode 14 that no case mapping implies: the two Greek
    /// letters with dialytika and tonos, and the two "st" ligatures.
    private static let foldsWithoutCaseMapping: [UInt32: Unicode.Scalar] = [
        0x1FD3: "\u{390}", 0x1FE3: "\u{3B0}", 0xFB05: "\u{FB06}",
    ]
}

/// The scalar's case variants, worked out once per text position rather than once per
/// instruction that inspects it. Besides its own mappings, the uppercase of its fold: the
/// Kelvin sign's variants must include "K" for `(?i)[A-Z]` to admit it, as Python does.
struct CaseVariants {
    let scalar: Unicode.Scalar
    let fold: Unicode.Scalar
    private let lowercase: Unicode.Scalar
    private let uppercase: Unicode.Scalar
    private let foldUppercase: Unicode.Scalar

    init(_ scalar: Unicode.Scalar) {
        self.scalar = scalar
        fold = scalar.caseFold
        lowercase = scalar.simpleLowercase
        uppercase = scalar.simpleUppercase
        foldUppercase = fold.simpleUppercase
    }

    /// Whether `predicate` holds for any variant.
    func contains(where predicate: (Unicode.Scalar) -> Bool) -> Bool {
        predicate(scalar) || predicate(fold) || predicate(lowercase) || predicate(uppercase) || predicate(foldUppercase)
    }
}
