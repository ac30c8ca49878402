import Foundation
import Localization
import Testing
@testable import Rendering

/// Every document in every campaign language: the numbers read in the right order (never
/// "50 50 50-020" inside Arabic), no Swedish sentence is left in a translated document, and
/// nothing overflows (the render would fail).
@Suite("All eleven languages", .serialized)
struct LanguageTests {
    /// Swedish sentences that must not appear in a document in another language.
    static let swedishSentences = ["Det finns hjälp att få", "HJÄLP LOKALT", "NATIONELL STÖDLINJE", "Information till barn",
                                   "BERÄTTA FÖR NÅGON", "Öppettiderna kan ändras"]

    @Test(arguments: LanguageSet.campaignTags)
    func everyDocumentRendersWithItsNumbersInOrder(language: String) throws {
        let shipped = try Shipped.get()
        var text = ""
        for document in DocumentTests.documents {
            let size = document.hasPrefix("poster") ? "A4" : "A5"
            let pdf = try shipped.renderer.render(RenderRequest(document: document, language: language, size: size, format: .pdf),
                                                  profile: shipped.profile, logo: shipped.logo)
            let pageText = try pdfText(pdf[0].bytes)
            text += pageText
            // The municipality's own number, whole and in order, in every document.
            #expect(pageText.contains("031-390 06 00"), "\(document) \(language)")
        }
        for number in ["020-50 50 50", "020-555 666", "116 111", "010-255 91 91", "020-81 82 83"] {
            #expect(text.contains(number), "\(number) in \(language)")
        }
        #expect(!text.contains("50 50 50-020"))
        if language != "sv" {
            for sentence in Self.swedishSentences {
                #expect(!text.contains(sentence), "Swedish '\(sentence)' left in \(language)")
            }
        }
    }
}
