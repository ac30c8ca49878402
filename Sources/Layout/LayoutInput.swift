import Catalogue
import Diagnostics
import Drawing
import Foundation
import InputRules
import Localization
import Municipalities
import Templates
import Translations

/// Everything one document in one language needs; built once per language and reused.
public struct LayoutInput: Sendable {
    public var document: DocumentTemplate
    public var size: PaperSize
    public var language: CampaignLanguage
    public var texts: CampaignTexts
    public var catalogue: Catalogue
    public var profile: MunicipalityProfile
    public var logo: LoadedImage
    public var plan: SwedishNumberPlan
    /// Print a small "preliminary translation" mark when some texts are not reviewed.
    public var markPreliminary: Bool
    /// Lay out only what the municipality's profile fills (its local contacts, logo and QR code,
    /// and the brochure's flowing list, which holds its contacts): what a check of an edited
    /// profile needs. The campaign's own texts are the same for every municipality and are
    /// checked where they are made (`tmv translations check`, every render).
    public var profileSlotsOnly = false
    /// The public directory's address: a QR code that leads to the municipality then encodes
    /// `{publicURL}/{language}/kommun/{code}`, the page in the poster's own language.
    public var publicURL: URL?

    /// Reads `--public-url`: an http(s) address with a host and nothing after the path.
    public static func publicURL(parsing text: String) -> URL? {
        guard let url = URL(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil else { return nil }
        return url
    }

    /// Where the QR code of a document in this language for this municipality leads.
    public static func directoryPage(publicURL: URL, language: String, municipality: String) -> URL {
        var base = publicURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: "\(base)/\(language)/kommun/\(municipality)") ?? publicURL
    }

    public init(document: DocumentTemplate, size: PaperSize, language: CampaignLanguage, texts: CampaignTexts,
                catalogue: Catalogue, profile: MunicipalityProfile, logo: LoadedImage, plan: SwedishNumberPlan,
                markPreliminary: Bool = false) {
        self.document = document
        self.size = size
        self.language = language
        self.texts = texts
        self.catalogue = catalogue
        self.profile = profile
        self.logo = logo
        self.plan = plan
        self.markPreliminary = markPreliminary
    }
}

/// A problem found while laying out, before anything is drawn: text that does not fit, a letter
/// no font has, a missing contact. Names the document, language and slot.
public struct LayoutProblem: Sendable, Hashable, CustomStringConvertible {
    public var document: String
    public var language: String
    public var slot: String
    public var message: String
    public var hint: String?

    public var description: String {
        "\(document) (\(language)), slot '\(slot)': \(message)" + (hint.map { " (\($0))" } ?? "")
    }

    public var diagnostic: Diagnostic {
        Diagnostic(file: "Templates/\(document)", entry: language, field: slot, message: message, hint: hint)
    }
}

public struct LayoutFailed: Error, Sendable, CustomStringConvertible {
    public var problems: [LayoutProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Text roles a template names; each has its weight and line height.
enum FontRole: String {
    case headline, body, label, number, small

    /// The longest text a slot of this kind takes (Limits.TextKind).
    var longestText: Limits.TextKind {
        switch self {
        case .headline: return .headline
        case .label, .number: return .label
        case .body, .small: return .paragraph
        }
    }

    var weight: FontWeight {
        switch self {
        case .headline, .label, .number: return .bold
        case .body, .small: return .regular
        }
    }

    var lineHeight: Double {
        switch self {
        case .headline: return 1.12
        case .label, .number: return 1.2
        case .body, .small: return 1.3
        }
    }
}

/// Unicode isolates around numbers, web and e-mail addresses, so that right-to-left text never
/// reverses them: 020-50 50 50 stays 020-50 50 50 inside Arabic.
public enum BidiIsolation {
    static let lri: Character = "\u{2066}"
    static let pdi: Character = "\u{2069}"

    /// Wraps every run that starts with a digit, '+', or looks like an address.
    public static func isolate(_ text: String) -> String {
        var out = ""
        var token = ""
        func flush() {
            // Punctuation after a number belongs to the sentence, not to the number: "16:30،"
            // keeps its comma on the right-to-left side.
            var core = Substring(token)
            var trailing = ""
            while let last = core.last, !(last.isLetter || last.isNumber) {
                trailing = String(last) + trailing
                core = core.dropLast()
            }
            if needsIsolation(String(core)) {
                out.append(lri)
                out += core
                out.append(pdi)
                out += trailing
            } else {
                out += token
            }
            token = ""
        }
        // Tokens are split at spaces, except spaces inside a phone number (digit space digit).
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character == " " {
                let previous = index > 0 ? characters[index - 1] : " "
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                if previous.isASCII && previous.isNumber && next.isASCII && next.isNumber {
                    token.append(character)
                    continue
                }
                flush()
                out.append(character)
            } else {
                token.append(character)
            }
        }
        flush()
        return out
    }

    static func needsIsolation(_ token: String) -> Bool {
        guard let first = token.first else { return false }
        if first.isASCII && (first.isNumber || first == "+") { return true }
        let lower = token.lowercased()
        return lower.hasPrefix("http") || lower.hasPrefix("www.") || token.contains("@")
            || (token.contains(".") && token.allSatisfy { $0.isASCII && !$0.isWhitespace } && token.contains { $0.isLetter })
    }
}
