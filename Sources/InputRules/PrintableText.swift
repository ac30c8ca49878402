/// The one gate every text passes before it can reach a document or a page: catalogue fields,
/// profile fields, translation targets, and later what people type into forms.
///
/// A single invisible character can print a phone number backwards ("05 05 05-020") or smuggle
/// a real number onto a demo poster, and on a poster a reversed number is as bad as a wrong one.
/// So the direction of numbers, addresses and names is set only by the engine's own isolates,
/// and a text holding any directional control is refused, never silently cleaned.
public enum PrintableText {
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var hint: String
        public var description: String { "\(message) (\(hint))" }
    }

    /// The directional formatting characters: marks, embeddings, overrides, isolates, and the
    /// Arabic letter mark.
    public static let bidiControls: Set<UInt32> = [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                                   0x2066, 0x2067, 0x2068, 0x2069, 0x061C]

    /// Format characters a language's spelling needs. The zero-width non-joiner (U+200C) keeps
    /// two letters of Persian-script words apart where they must not join: Dari writes
    /// "می‌کنم" and "خانه‌ها" with it, Sorani and Yiddish use it the same way; without it the
    /// word is misspelt. Nothing else of Unicode's format category is needed by these languages.
    public static let allowedFormatCharacters: Set<UInt32> = [0x200C]

    /// Checks `text` and returns it in Unicode's composed form (NFC), the form the fonts' tables
    /// and the comparisons expect; throws a refusal naming the first offending character by code
    /// point and its position, or the length limit.
    public static func check(_ text: String, kind: Limits.TextKind, allowLineBreaks: Bool = false) throws(Refusal) -> String {
        let composed = text.precomposedStringWithCanonicalMapping
        var position = 0
        for scalar in composed.unicodeScalars {
            position += 1
            let value = scalar.value
            let code = "U+" + String(value, radix: 16, uppercase: true).leftPadded(to: 4)
            if value == 0x2028 || value == 0x2029 {
                throw Refusal(message: "holds the \(value == 0x2028 ? "line" : "paragraph") separator \(code) at character \(position)",
                              hint: "delete it; a paragraph separator also starts a new direction of text")
            }
            if bidiControls.contains(value) {
                throw Refusal(message: "holds the invisible direction character \(code) (\(name(of: scalar))) at character \(position)",
                              hint: "delete it: the direction of numbers and names is set when the page is laid out")
            }
            switch scalar.properties.generalCategory {
            case .control:
                if allowLineBreaks && value == 0x0A { continue }
                throw Refusal(message: "holds the control character \(code) (\(name(of: scalar))) at character \(position)",
                              hint: "delete it; it cannot be printed")
            case .format where !allowedFormatCharacters.contains(value):
                throw Refusal(message: "holds the invisible character \(code) (\(name(of: scalar))) at character \(position)",
                              hint: "delete it; only the zero-width non-joiner U+200C is used, in Persian-script words")
            case .surrogate, .privateUse, .unassigned:
                throw Refusal(message: "holds the character \(code), which no font prints, at character \(position)",
                              hint: "delete it")
            default:
                continue
            }
        }
        let length = composed.unicodeScalars.count
        if length > kind.maximumLength {
            throw Refusal(message: "is \(length) characters long; the limit for a \(kind.rawValue) is \(kind.maximumLength)",
                          hint: "shorten it")
        }
        return composed
    }

    static func name(of scalar: Unicode.Scalar) -> String {
        scalar.properties.name ?? scalar.properties.nameAlias ?? "unnamed"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
