import Drawing
import Foundation
import Testing
@testable import Rendering

/// A rendering thread keeps laid-out texts, fitted sizes and PNG backgrounds between documents
/// (for speed); what it draws from them must be exactly what it draws from nothing.
@Suite("Kept work draws the same document")
struct KeptWorkTests {
    func render(_ document: String, _ language: String, _ format: OutputFormat, size: String = "A4",
                print: PrintOptions = .screen) throws -> [RenderedPage] {
        let shipped = try Shipped.get()
        return try shipped.renderer.render(RenderRequest(document: document, language: language, size: size, format: format, dpi: 40,
                                                         print: print),
                                           profile: shipped.profile, logo: shipped.logo)
    }

    @Test(arguments: [("poster-victim", "ar", "A4"), ("brochure-children", "sv", "A5"), ("poster-relative", "se", "A3")])
    func aPDFFromKeptLayoutsIsByteForByteTheFreshOne(document: String, language: String, size: String) throws {
        DocumentRenderer.forgetKeptWorkOnThisThread()
        let fresh = try render(document, language, .pdf, size: size)
        let kept = try render(document, language, .pdf, size: size)
        #expect(fresh.map(\.bytes) == kept.map(\.bytes))
    }

    @Test(arguments: [PrintOptions.screen, PrintOptions(bleed: 3, cropMarks: true), PrintOptions(variant: .office)])
    func aPNGFromAKeptBackgroundHasTheFreshOnesPixels(print: PrintOptions) throws {
        DocumentRenderer.forgetKeptWorkOnThisThread()
        let fresh = try render("poster-perpetrator", "ckb", .png, print: print)
        let kept = try render("poster-perpetrator", "ckb", .png, print: print)
        // Another document in between takes another background; the first one is found again.
        _ = try render("brochure-children", "ckb", .png, size: "A5", print: print)
        let again = try render("poster-perpetrator", "ckb", .png, print: print)
        for pages in [kept, again] {
            let comparison = try #require(RasterComparison.compare(fresh[0].bytes, pages[0].bytes))
            #expect(comparison.differingFraction == 0)
        }
    }
}
