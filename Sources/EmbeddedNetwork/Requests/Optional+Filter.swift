import NetworkModel

/// A list filter: absent accepts everything, present accepts any of its values.
extension Optional where Wrapped: Collection, Wrapped.Element: Equatable {
    func accepts(_ value: Wrapped.Element) -> Bool {
        guard let self else { return true }
        return self.contains(value)
    }

    func accepts(_ value: Wrapped.Element?) -> Bool {
        guard let self else { return true }
        guard let value else { return false }
        return self.contains(value)
    }
}

extension Optional where Wrapped: Equatable {
    /// A single-valued filter (`shared=true`).
    func accepts(_ value: Wrapped) -> Bool {
        guard let self else { return true }
        return self == value
    }
}
