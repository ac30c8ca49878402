import Foundation
import Localization
import Municipalities
import Testing
@testable import Rendering

/// What a reader of any language must find on the documents: what each local contact is, in
/// their language, beside the Swedish name a caller will hear; and the line to call 112.
@Suite("Said in the reader's language", .serialized)
struct ReaderLanguageTests {
    static let posters = ["poster-victim", "poster-relative", "poster-perpetrator"]

    /// pdftotext breaks lines where the layout does: compare with all whitespace made one space.
    static func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// pdftotext gives right-to-left text back with its own bidi marks, ligatures split in visual
    /// order (lam-alef as alef-lam), points after the wrong letter and words split at glyph
    /// clusters. What it cannot scramble is the order of the other letters: compare those.
    static func letters(_ text: String) -> String {
        let ligatures: [Unicode.Scalar: String] = ["\u{05F0}": "\u{05D5}\u{05D5}", "\u{05F1}": "\u{05D5}\u{05D9}", "\u{05F2}": "\u{05D9}\u{05D9}"]
        let lamAndAlefs: Set<Unicode.Scalar> = ["\u{0644}", "\u{0627}", "\u{0623}", "\u{0625}", "\u{0622}"]
        var kept = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCompatibilityMapping.decomposedStringWithCanonicalMapping.unicodeScalars {
            if let spelled = ligatures[scalar] { kept.append(contentsOf: spelled.unicodeScalars); continue }
            guard scalar.properties.isAlphabetic, scalar.properties.generalCategory != .nonspacingMark,
                  !lamAndAlefs.contains(scalar) else { continue }
            kept.append(scalar)
        }
        return String(kept)
    }

    /// Whether `part` is printed in `page`: exactly for left-to-right languages, by its letters
    /// for right-to-left ones.
    static func shows(_ page: String, _ part: String, rightToLeft: Bool) -> Bool {
        rightToLeft ? letters(page).contains(letters(part)) : flat(page).contains(flat(part))
    }

    @Test(arguments: LanguageSet.campaignTags)
    func everyPosterNamesEachLocalContactsRoleAndSaysToCall112(language: String) throws {
        let shipped = try Shipped.get()
        let texts = try shipped.renderer.texts(language)
        let emergency = try #require(texts["emergency.call-112"])
        #expect(emergency.contains("112"))
        let rightToLeft = ["ar", "prs", "ckb", "yi"].contains(language)
        let shown: [LocalRole] = [.socialServices, .socialServicesOutOfHours, .womensShelter]
        for poster in Self.posters {
            let pdf = try shipped.renderer.render(RenderRequest(document: poster, language: language, size: "A4", format: .pdf),
                                                  profile: shipped.profile, logo: shipped.logo)
            let text = try pdfText(pdf[0].bytes)
            #expect(Self.shows(text, emergency, rightToLeft: rightToLeft), "\(poster) \(language): the 112 line")
            #expect(text.contains("112"))
            for role in shown {
                for contact in shipped.profile.contacts(role) {
                    #expect(Self.flat(text).contains(Self.flat(contact.name)), "\(poster) \(language): \(contact.name)")
                    let described = try #require(texts["role.\(role.rawValue)"])
                    // Printed beside the name unless the Swedish name already says it.
                    if !contact.name.lowercased().contains(described.lowercased()) {
                        #expect(Self.shows(text, described, rightToLeft: rightToLeft), "\(poster) \(language): role of \(contact.name)")
                    }
                }
            }
        }
    }

    /// The brochure lists TRIS under both of its headings and carries the police's item, in
    /// Swedish and in Arabic.
    @Test(arguments: ["sv", "ar"])
    func theBrochureShowsTrisTwiceAndThePolice(language: String) throws {
        let shipped = try Shipped.get()
        let texts = try shipped.renderer.texts(language)
        let pdf = try shipped.renderer.render(RenderRequest(document: "brochure-children", language: language, size: "A5", format: .pdf),
                                              profile: shipped.profile, logo: shipped.logo)
        let raw = try pdfText(pdf[0].bytes)
        // Compared by letters in Arabic (see `letters`); the Latin names keep their letters too.
        let rightToLeft = language == "ar"
        let text = rightToLeft ? Self.letters(raw) : Self.flat(raw)
        let prepare = { (part: String) in rightToLeft ? Self.letters(part) : Self.flat(part) }
        let trisName = prepare("TRIS-jouren")
        let honour = prepare(try #require(texts["group.honour-related-violence"]))
        let disabilities = prepare(try #require(texts["group.disabilities"]))
        let honourAt = try #require(text.range(of: honour), "\(language): heading \(honour)")
        let disabilitiesAt = try #require(text.range(of: disabilities), "\(language): heading \(disabilities)")
        #expect(text.components(separatedBy: trisName).count - 1 == 2, "\(language): TRIS twice")
        // One TRIS after each heading, before the next one.
        #expect(text[honourAt.upperBound...].range(of: trisName).map { $0.lowerBound < disabilitiesAt.lowerBound } == true)
        #expect(text[disabilitiesAt.upperBound...].contains(trisName))
        // The police's item: its text, its numbers, its page.
        #expect(text.contains(prepare(try #require(texts["helpline.polisen.description"]))))
        #expect(Self.flat(raw).contains("114 14"))
        #expect(raw.contains("polisen.se"))
        #expect(text.contains(prepare(try #require(texts["emergency.call-112"]))))
    }
}
