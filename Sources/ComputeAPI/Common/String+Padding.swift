/// Zero-padding for the fixed-width numbers of timestamps, digests and URL escapes.
extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        String(repeating: pad, count: Swift.max(0, width - count)) + self
    }
}
