/// An IPv4 CIDR block such as `10.20.0.0/16`.
struct CIDR: Sendable, Hashable, CustomStringConvertible {
    /// The network address, host bits cleared.
    var address: UInt32
    var prefixLength: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int(parts[1]), (0...32).contains(prefix) else { return nil }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard octet.count <= 3, let n = UInt32(octet), n <= 255 else { return nil }
            value = value << 8 | n
        }
        self.prefixLength = prefix
        self.address = value & Self.mask(prefix)
    }

    private static func mask(_ prefix: Int) -> UInt32 { prefix == 0 ? 0 : UInt32.max << (32 - prefix) }

    var lowest: UInt32 { address }
    var highest: UInt32 { address | ~Self.mask(prefixLength) }

    func overlaps(_ other: CIDR) -> Bool { lowest <= other.highest && other.lowest <= highest }

    var description: String {
        "\(address >> 24).\(address >> 16 & 255).\(address >> 8 & 255).\(address & 255)/\(prefixLength)"
    }
}
