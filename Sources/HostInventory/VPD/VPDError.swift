/// Why a VPD image was refused. The scanner turns these into warnings: a device with a
/// broken VPD simply has no serial number.
public enum VPDError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    /// A tag, length or field runs past the end of the data, or the end tag is missing.
    case truncated(offset: Int)
    /// A tag this format does not define, or an identifier string that is not first.
    case unexpectedTag(UInt8, offset: Int)
    /// A VPD-R keyword that is not two printable ASCII characters.
    case invalidKeyword(offset: Int)
    /// The `RV` checksum does not make the bytes up to it sum to zero.
    case checksumMismatch(offset: Int)

    public var description: String {
        switch self {
        case .empty:
            "VPD is empty"
        case .truncated(let offset):
            "VPD is truncated at byte \(offset)"
        case .unexpectedTag(let tag, let offset):
            "VPD has an unexpected tag 0x\(String(tag, radix: 16)) at byte \(offset)"
        case .invalidKeyword(let offset):
            "VPD-R has an invalid keyword at byte \(offset)"
        case .checksumMismatch(let offset):
            "VPD checksum (RV at byte \(offset)) does not match"
        }
    }
}
