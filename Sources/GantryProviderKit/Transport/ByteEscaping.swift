/// Renders bytes a plugin sent for an error message: printable ASCII as is, everything
/// else escaped (`\n`, `\x1b`), cut after a limit — garbage can be binary and huge.
public enum ByteEscaping {
    /// `"abc\x00…" (1,234 bytes)` — quoted, escaped, truncated to `limit` bytes.
    public static func quote(_ bytes: some Collection<UInt8>, limit: Int = 120) -> String {
        var text = "\""
        for byte in bytes.prefix(limit) {
            switch byte {
            case UInt8(ascii: "\n"): text += "\\n"
            case UInt8(ascii: "\r"): text += "\\r"
            case UInt8(ascii: "\t"): text += "\\t"
            case UInt8(ascii: "\""): text += "\\\""
            case UInt8(ascii: "\\"): text += "\\\\"
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        text += "\""
        if bytes.count > limit { text += "… (\(bytes.count) bytes)" }
        return text
    }
}
