import Drawing
import Foundation
import Testing
@testable import PDFFinishing

/// A small page drawn by the Drawing module and finished here, read back with qpdf.
@Suite("Accessible PDF")
struct AccessiblePDFTests {
    static let url = "https://stod.example.se/sv/kommun/0000"

    func document(language: String = "sv") throws -> LaidOutDocument {
        let style = TextStyle(families: ["Noto Sans"], size: 24, weight: .bold, language: language, rightToLeft: false)
        let heading = TextBlock(text: "Är det någon nära som gör dig illa?", frame: Rect(x: 40, y: 40, width: 500, height: 80),
                                style: style, slot: "headline", isHeading: true)
        var body = style
        body.size = 14
        body.weight = .regular
        let number = TextBlock(text: "020-50 50 50", frame: Rect(x: 40, y: 200, width: 300, height: 20), style: body, slot: "national")
        let name = TextBlock(text: "Kvinnofridslinjen", frame: Rect(x: 40, y: 170, width: 300, height: 20), style: body, slot: "national",
                             textLanguage: "sv")
        let qrFrame = Rect(x: 40, y: 300, width: 100, height: 100)
        let page = Page(size: PageSize(width: 595, height: 842), art: nil, elements: [
            .box(BoxBlock(frame: Rect(x: 0, y: 0, width: 595, height: 160), color: .black)),
            .text(heading),
            .text(name),
            .text(number),
            .qr(QRBlock(code: try QRCode(encoding: Self.url), frame: qrFrame, alternativeText: "QR: \(Self.url)")),
        ], links: [
            LinkArea(url: "tel:+46205050", frame: number.frame, description: "020-50 50 50"),
            LinkArea(url: Self.url, frame: qrFrame, description: Self.url),
        ])
        return LaidOutDocument(pages: [page], metadata: DocumentMetadata(title: "Tillsammans mot våld", author: "test",
                                                                      subject: "test", language: language))
    }

    func elements(_ pdf: QPDFDocument) -> [(type: String, alternative: String?, language: String?)] {
        var found: [(String, String?, String?)] = []
        func visit(_ object: QPDFDocument.Object) {
            if pdf.isArray(object) { for item in pdf.items(object) { visit(item) } }
            guard pdf.isDictionary(object), pdf.has(object, "/S") else { return }
            found.append((pdf.unparse(pdf.get(object, "/S")), pdf.string(pdf.get(object, "/Alt")), pdf.string(pdf.get(object, "/Lang"))))
            visit(pdf.get(object, "/K"))
        }
        visit(pdf.get(pdf.get(pdf.root, "/StructTreeRoot"), "/K"))
        return found
    }

    @Test func theDocumentCarriesItsLanguageTitleStructureAndAlternativeTexts() throws {
        let bytes = try PageRenderer().pdf(try document(language: "ar"))
        let pdf = try QPDFDocument(bytes: bytes, name: "test")
        #expect(pdf.string(pdf.get(pdf.root, "/Lang")) == "ar")
        #expect(pdf.unparse(pdf.get(pdf.get(pdf.root, "/ViewerPreferences"), "/DisplayDocTitle")) == "true")
        let found = elements(pdf)
        #expect(found.map(\.type) == ["/Document", "/H1", "/P", "/P", "/Link", "/Figure", "/Link"], "\(found.map(\.type))")
        // The Swedish name inside the Arabic document says it is Swedish; the rest is the document's.
        #expect(found.map(\.language) == [nil, nil, "sv", nil, nil, nil, nil])
        #expect(found.first { $0.type == "/Figure" }?.alternative == "QR: \(Self.url)")
        let metadata = String(decoding: try pdf.streamData(pdf.get(pdf.root, "/Metadata")), as: UTF8.self)
        #expect(metadata.contains("<pdfuaid:part>1</pdfuaid:part>") && metadata.contains("Tillsammans mot våld"))
        // The black box is decoration: an artifact in the content, no element in the tree.
        let content = String(decoding: try pdf.streamData(pdf.get(pdf.page(0), "/Contents")), as: UTF8.self)
        #expect(content.contains("/Artifact BMC"))
        #expect(!content.contains("/Private"))
        // Each link says what it does.
        let annotations = pdf.items(pdf.get(pdf.page(0), "/Annots"))
        #expect(annotations.compactMap { pdf.string(pdf.get($0, "/Contents")) } == ["020-50 50 50", Self.url])
        #expect(pdf.unparse(pdf.get(pdf.page(0), "/Tabs")) == "/S")
    }

    @Test func bleedAndCropMarksGiveEveryPageItsTrimAndBleedBoxes() throws {
        let bytes = try PageRenderer().pdf(try document(), print: PrintLayout(bleed: 3, cropMarks: true))
        let pdf = try QPDFDocument(bytes: bytes, name: "test")
        func box(_ name: String) -> [Double] {
            pdf.items(pdf.get(pdf.page(0), name)).compactMap { Double(pdf.unparse($0)) }
        }
        let trim = box("/TrimBox"), bleed = box("/BleedBox"), media = box("/MediaBox")
        let three = 3 * 72 / 25.4
        #expect(abs(trim[2] - trim[0] - 595) < 0.01 && abs(trim[3] - trim[1] - 842) < 0.01, "\(trim)")
        #expect(abs(trim[0] - bleed[0] - three) < 0.01 && abs(bleed[2] - trim[2] - three) < 0.01, "\(bleed)")
        #expect(media[0] == 0 && media[2] > bleed[2] + 5 * 72 / 25.4, "room for the marks: \(media)")
        // The links sit where their text is drawn, moved with the page onto the larger sheet.
        let rectangles = pdf.items(pdf.get(pdf.page(0), "/Annots")).map { annotation in
            pdf.items(pdf.get(annotation, "/Rect")).compactMap { Double(pdf.unparse($0)) }
        }
        let margin = trim[0]
        // The number's frame: x 40, y 200 from the page's top, 300 × 20 (cairo writes whole points).
        let number = try #require(rectangles.first)
        #expect(abs(number[0] - (margin + 40)) < 1 && abs(number[2] - (margin + 340)) < 1, "\(number), trim at \(margin)")
        #expect(abs(number[3] - (trim[3] - 200)) < 1 && abs(number[1] - (trim[3] - 220)) < 1, "\(number), trim top \(trim[3])")
    }

    @Test func linksFollowTheOfficeVariantsShrinking() throws {
        let bytes = try PageRenderer().pdf(try document(), print: PrintLayout(officeMargin: 5))
        let pdf = try QPDFDocument(bytes: bytes, name: "test")
        let rectangle = pdf.items(pdf.get(pdf.items(pdf.get(pdf.page(0), "/Annots"))[0], "/Rect")).compactMap { Double(pdf.unparse($0)) }
        let margin = 5 * 72 / 25.4
        let shrink = min((595 - 2 * margin) / 595, (842 - 2 * margin) / 842)
        let left = (595 - 595 * shrink) / 2 + 40 * shrink
        #expect(abs(rectangle[0] - left) < 1 && abs(rectangle[2] - (left + 300 * shrink)) < 1, "\(rectangle)")
    }

    @Test func figuresWithoutAnAlternativeTextForEachAreRefused() throws {
        let drawn = try PageRenderer().pdf(try document())
        let entries = AccessibilityEntries(language: "sv", title: "t", figureAlternatives: ["one", "two"], linkDescriptions: [],
                                           boxes: [], created: "2020-11-15T00:00:00Z")
        #expect(throws: FinishingError.self) { try AccessiblePDF.finish(drawn, entries) }
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        #expect(try PageRenderer().pdf(try document()) == (try PageRenderer().pdf(try document())))
    }
}

@Suite("Decoration as artifacts")
struct ArtifactMarkingTests {
    @Test func everyDecorationOpeningBecomesAnArtifactAndNothingElseChanges() {
        let content = Array("q /Private << /MCID 0 >> BDC 1 0 0 rg EMC /P <</MCID 1>>BDC (a) Tj EMC /Private<</MCID 12>>\nBDC EMC /Privately".utf8)
        let marked = AccessiblePDF.artifactsMarked(content).map { String(decoding: $0, as: UTF8.self) }
        #expect(marked == "q /Artifact BMC 1 0 0 rg EMC /P <</MCID 1>>BDC (a) Tj EMC /Artifact BMC EMC /Privately")
        #expect(AccessiblePDF.artifactsMarked(Array("/P << /MCID 1 >> BDC EMC".utf8)) == nil)
    }
}

@Suite("The print variant's colour profile")
struct ICCProfileTests {
    func header(_ space: String) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 132)
        bytes.replaceSubrange(16..<20, with: Array(space.utf8))
        return bytes
    }

    @Test func onlyACMYKProfileIsTakenForOffsetPrint() throws {
        #expect(throws: Never.self) { try ICCProfile.checkIsCMYK(self.header("CMYK"), path: "fogra39.icc") }
        #expect(throws: FinishingError.self) { try ICCProfile.checkIsCMYK(self.header("RGB "), path: "srgb.icc") }
        #expect(throws: FinishingError.self) { try ICCProfile.checkIsCMYK(Array("CMYK".utf8), path: "short.icc") }
    }
}
