/// IPv4 CIDR arithmetic shared by the providers' network lowering.
public enum CIDRBlock {
    /// Splits an IPv4 CIDR block into `count` equal subnets; nil when it is not a valid
    /// block or too small (AWS subnets are /28 at the smallest).
    ///
    /// `CIDRBlock.split("10.0.0.0/16", into: 3)` → `["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"]`.
    public static func split(_ cidr: String, into count: Int) -> [String]? {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let prefix = Int(parts[1]), (0...28).contains(prefix) else { return nil }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }) else { return nil }
        let address = octets.reduce(UInt32(0)) { $0 << 8 | $1 }
        var extra = 0
        while (1 << extra) < count { extra += 1 }
        let newPrefix = prefix + extra
        guard newPrefix <= 28 else { return nil }
        let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
        let network = address & mask
        return (0..<count).map { i in
            let base = network | (UInt32(i) << UInt32(32 - newPrefix))
            return [24, 16, 8, 0].map { String((base >> UInt32($0)) & 0xff) }.joined(separator: ".") + "/\(newPrefix)"
        }
    }
}
