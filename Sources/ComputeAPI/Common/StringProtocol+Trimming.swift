/// Whitespace trimming without Foundation's character sets (what Python's `strip()` does).
extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
