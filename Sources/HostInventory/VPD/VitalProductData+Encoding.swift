extension VitalProductData {
    /// The binary image the fake-sysfs writer stores in a device's `vpd` file: identifier,
    /// VPD-R with the fields in keyword order and a valid `RV` checksum, End tag. Fields
    /// longer than 255 bytes cannot be framed and are cut; fields that would take VPD-R past
    /// its 16-bit length are left out.
    func encoded() -> [UInt8] {
        var image: [UInt8] = []
        let name = Array(identifier.utf8.prefix(0xFFFF))
        image.append(Self.identifierTag)
        image.append(contentsOf: [UInt8(name.count & 0xFF), UInt8(name.count >> 8)])
        image.append(contentsOf: name)

        var body: [UInt8] = []
        for keyword in readOnlyFields.keys.sorted() where keyword.utf8.count == 2 {
            let value = readOnlyFields[keyword]!.prefix(255)
            // Room must remain for this field and the 4-byte RV field.
            guard body.count + 3 + value.count + 4 <= 0xFFFF else { break }
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
