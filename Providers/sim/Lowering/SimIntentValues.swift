import Foundation
import GantryBasics

/// Liberal readers for spec values: numbers that arrive as strings, sizes with units,
/// durations, CIDR blocks. Each returns nil for what it cannot read; the caller reports it.
enum SimIntentValues {
    /// A list of names: `[a, b]`, or one name.
    static func names(_ v: Value?) -> [String] {
        if let s = v?.stringValue { return [s] }
        return v?.arrayValue?.compactMap { $0.stringValue ?? $0.references.first?.address.rawValue } ?? []
    }

    /// An integer, also from `16.0` or `"16"`.
    static func int(_ v: Value?) -> Int? {
        guard let v else { return nil }
        if let i = v.intValue { return i }
        if let s = v.stringValue { return Int(s.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    /// A size in GiB (rounded up): a bare number is GiB, a string carries its unit (`24TiB`).
    static func gibibytes(_ v: Value) -> Int? {
        if let i = v.intValue { return i >= 0 ? i : nil }
        guard let text = v.stringValue else { return nil }
        if let i = Int(text.trimmingCharacters(in: .whitespaces)) { return i >= 0 ? i : nil }
        guard case .success(let size) = ByteSize.parse(text), size.bytes >= 0 else { return nil }
        return Int(size.gibibytes.rounded(.up))
    }

    /// A duration in whole days (rounded up): `30d`, `12w`, `3y`, or a bare number of
    /// seconds — the spec hands durations to providers in seconds (Docs/spec-reference.md).
    static func days(_ v: Value) -> Int? {
        let seconds: Double
        if let i = v.intValue {
            seconds = Double(i)
        } else if let text = v.stringValue {
            if let i = Int(text.trimmingCharacters(in: .whitespaces)) {
                seconds = Double(i)
            } else if case .success(let span) = TimeSpan.parse(text) {
                seconds = Double(span.seconds)
            } else {
                return nil
            }
        } else {
            return nil
        }
        guard seconds >= 0 else { return nil }
        return Int((seconds / 86_400).rounded(.up))
    }
}
