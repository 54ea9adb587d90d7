extension VitalProductData {
    /// The binary image the fake-sysfs writer stores in a device's `vpd` file: identifier,
    /// VPD-R with the fields in keyword order and a valid `RV` checksum, End tag. Fields
    /// longer than 255 bytes cannot be framed and are cut.
    func encoded() -> [UInt8] {
        var image: [UInt8] = []
        let name = Array(identifier.utf8.prefix(0xFFFF))
        image.append(Self.identifierTag)
        image.append(contentsOf: [UInt8(name.count & 0xFF), UInt8(name.count >> 8)])
        image.append(contentsOf: name)

        var body: [UInt8] = []
        for keyword in readOnlyFields.keys.sorted() where keyword.utf8.count == 2 {
            let value = readOnlyFields[keyword]!.prefix(255)
            body.append(contentsOf: keyword.utf8)
            body.append(UInt8(value.count))
            body.append(contentsOf: value)
        }
        // RV: keyword, length 1, then the checksum byte itself.
        body.append(contentsOf: Array("RV".utf8) + [1])
        let bodyLength = body.count + 1
        image.append(Self.readOnlyTag)
        image.append(contentsOf: [UInt8(bodyLength & 0xFF), UInt8(bodyLength >> 8)])
        image.append(contentsOf: body)
        let sum = image.reduce(UInt8(0)) { $0 &+ $1 }
        image.append(0 &- sum)
        image.append(Self.endTag)
        return image
    }
}
