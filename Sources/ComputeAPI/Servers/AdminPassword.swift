/// Nova's `utils.generate_password`: 12 characters from letters and digits without the
/// look-alikes (0/O, 1/l/I), returned once in the create response as `adminPass`.
enum AdminPassword {
    static let alphabet = Array("23456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ")

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
