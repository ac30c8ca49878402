/// Checks BCP 47 language tags as the catalogue writes them (`sv`, `ar`, `prs`, `zh-Hant`, `ku`).
///
/// The catalogue lists the languages a helpline answers in, which go beyond the campaign's
/// eleven; this accepts any well-formed tag whose primary language is one the project knows,
/// so a typo such as `sve` for Swedish is caught rather than printed.
public enum LanguageTag {
    /// ISO 639 codes the catalogue may use: the campaign's languages and those Swedish helplines
    /// commonly answer in.
    public static let knownPrimaryLanguages: Set<String> = [
        "sv", "ar", "prs", "fa", "en", "fi", "yi", "fit", "rom", "rmy", "rmn", "se", "smj", "sma",
        "so", "ckb", "ku", "kmr", "tr", "hi", "ur", "es", "fr", "de", "ru", "uk", "pl", "ti", "am",
        "bs", "hr", "sr", "sq", "ps", "zh", "th", "vi", "pt", "it", "el", "ro", "bg", "hu", "da",
        "nb", "no", "nn", "is", "et", "lv", "lt", "sw", "tl", "bn", "pa", "ta", "uz", "az", "hy",
        "ka", "mn", "ne", "om", "sgn", "sl", "sk", "cs", "nl", "he", "my", "km", "lo", "ms", "id",
        "swl",
    ]

    /// `nil` when the tag is fine, otherwise the reason it is not.
    public static func problem(with tag: String) -> String? {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, !primary.isEmpty else { return "is empty" }
        guard primary.allSatisfy({ $0.isASCII && $0.isLowercase }), (2...3).contains(primary.count) else {
            return "'\(tag)' is not a BCP 47 language tag (two or three lower-case letters, like sv or prs)"
        }
        for subtag in parts.dropFirst() {
            guard (1...8).contains(subtag.count), subtag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                return "'\(tag)' is not a well-formed BCP 47 tag"
            }
        }
        guard knownPrimaryLanguages.contains(String(primary)) else {
            return "'\(primary)' is not a language code the project knows"
        }
        return nil
    }
}
