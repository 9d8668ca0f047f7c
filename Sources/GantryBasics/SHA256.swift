import CCrypto

/// SHA-256 and HMAC-SHA256 through libcrypto's EVP interface.
///
/// Used for digests of sensitive values in state, webhook signatures and request signing.
///
/// ```swift
/// SHA256.hex(SHA256.hash(Array("abc".utf8)))  // "ba7816bf…"
/// ```
public enum SHA256 {
    /// The length of a digest in bytes.
    public static let digestLength = 32

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: digestLength)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil)
        }
        // EVP_Digest with a built-in digest fails only when memory allocation fails.
        precondition(ok == 1 && length == UInt32(digestLength), "internal error: libcrypto EVP_Digest(SHA-256) failed")
        return digest
    }

    /// The SHA-256 digest of the UTF-8 bytes of `string`.
    public static func hash(_ string: String) -> [UInt8] { hash(Array(string.utf8)) }

    /// HMAC-SHA256 of `message` under `key`.
    public static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: digestLength)
        var length: UInt32 = 0
        // libcrypto wants a non-null key pointer even for an empty key.
        let keyBytes = key.isEmpty ? [0] : key
        let result = keyBytes.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                HMAC(EVP_sha256(), k.baseAddress, Int32(key.count),
                     m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, &mac, &length)
            }
        }
        precondition(result != nil && length == UInt32(digestLength), "internal error: libcrypto HMAC(SHA-256) failed")
        return mac
    }

    /// Lower-case hexadecimal text of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
