import Drawing
import Foundation
import Testing
@testable import Rendering

/// Every document in a left-to-right and a right-to-left language, drawn small and compared with
/// the reference images in Tests/Fixtures/golden/, so a change in layout fails the tests.
///
/// After an intended change of design, texts or catalogue, write new references and look at them:
///     TMV_UPDATE_GOLDEN=1 swift test --filter GoldenTests
@Suite("Golden images", .serialized)
struct GoldenTests {
    static let folder = repositoryRoot.appendingPathComponent("Tests/Fixtures/golden")
    static let update = ProcessInfo.processInfo.environment["TMV_UPDATE_GOLDEN"] == "1"
    /// Share of pixels that may differ (anti-aliasing, font version): a moved block differs by far more.
    static let tolerance = 0.005

    @Test(arguments: DocumentTests.documents, ["sv", "ar"])
    func matchesItsReference(document: String, language: String) throws {
        let shipped = try Shipped.get()
        let size = document.hasPrefix("poster") ? "A4" : "A5"
        let pages = try shipped.renderer.render(RenderRequest(document: document, language: language, size: size, format: .png, dpi: 40),
                                                profile: shipped.profile, logo: shipped.logo)
        for (index, page) in pages.enumerated() {
            let reference = Self.folder.appendingPathComponent("\(document)-\(language)-\(index + 1).png")
            if Self.update {
                try Data(page.bytes).write(to: reference)
                continue
            }
            let expected = try #require(FileManager.default.contents(atPath: reference.path),
                                        "no reference \(reference.lastPathComponent); make it with TMV_UPDATE_GOLDEN=1 swift test --filter GoldenTests")
            let comparison = try #require(RasterComparison.compare(page.bytes, [UInt8](expected)),
                                          "\(reference.lastPathComponent): the image size changed")
            #expect(comparison.differingFraction <= Self.tolerance,
                    "\(reference.lastPathComponent): \(String(format: "%.2f", comparison.differingFraction * 100)) % of pixels differ")
        }
        if !Self.update {
            let extra = Self.folder.appendingPathComponent("\(document)-\(language)-\(pages.count + 1).png")
            #expect(!FileManager.default.fileExists(atPath: extra.path), "the document has fewer pages than its reference")
        }
    }
}
