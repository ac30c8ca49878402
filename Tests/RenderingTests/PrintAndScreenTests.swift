import Foundation
import Localization
import Testing
import Drawing
@testable import Rendering

/// The print shop's, the office printer's, the shop screen's and social media's variants, each
/// checked with an independent tool (pdfinfo, pdffonts, pdftotext, ffprobe, pdfua).
@Suite("Print, screens and accessible PDF", .serialized)
struct PrintAndScreenTests {
    static let millimetre = 72.0 / 25.4
    static let screenDocuments = ["slides", "social-square", "social-story"]

    func render(_ document: String, _ language: String, size: String = "A4", format: OutputFormat = .pdf,
                print: PrintOptions = .screen, dpi: Double = 150) throws -> [RenderedPage] {
        let shipped = try Shipped.get()
        return try shipped.renderer.render(RenderRequest(document: document, language: language, size: size, format: format, dpi: dpi,
                                                         print: print),
                                           profile: shipped.profile, logo: shipped.logo)
    }

    /// `pdfinfo -box` of a PDF: box name → [left, bottom, right, top] of the first page.
    func boxes(_ pdf: [UInt8]) throws -> [String: [Double]] {
        let file = try temporaryFile("boxes.pdf", pdf)
        var found: [String: [Double]] = [:]
        for line in try run("pdfinfo", ["-box", file.path]).output.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].hasSuffix("Box") else { continue }
            found[String(parts[0])] = parts[1].split(separator: " ").compactMap { Double($0) }
        }
        return found
    }

    func close(_ a: [Double]?, _ b: [Double], within tolerance: Double = 0.02) -> Bool {
        guard let a, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func threeMillimetresOfBleedGiveTrimBoxA4AndBleedBoxThreeMillimetresWider() throws {
        let pdf = try render("poster-victim", "sv", print: PrintOptions(bleed: 3, cropMarks: true))[0].bytes
        let found = try boxes(pdf)
        let trim = try #require(found["TrimBox"])
        let bleed = try #require(found["BleedBox"])
        #expect(abs((trim[2] - trim[0]) - 210 * Self.millimetre) < 0.02, "TrimBox width \(trim)")
        #expect(abs((trim[3] - trim[1]) - 297 * Self.millimetre) < 0.02, "TrimBox height \(trim)")
        let three = 3 * Self.millimetre
        #expect(close(bleed, [trim[0] - three, trim[1] - three, trim[2] + three, trim[3] + three]), "BleedBox \(bleed) around \(trim)")
        // The sheet holds the crop marks outside the bleed.
        let media = try #require(found["MediaBox"])
        #expect(media[0] < bleed[0] - 5 * Self.millimetre && media[2] > bleed[2] + 5 * Self.millimetre)
        // Every page of a document with several pages carries them too.
        let brochure = try render("brochure-children", "sv", size: "A5", print: PrintOptions(bleed: 3))[0].bytes
        let file = try temporaryFile("brochure.pdf", brochure)
        let output = try run("pdfinfo", ["-box", "-f", "1", "-l", "99", file.path]).output
        let pages = output.split(separator: "\n").filter { $0.hasPrefix("Page") && $0.contains("TrimBox") }.count
        let count = try #require(output.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") })
        #expect(count >= 5 && pages == count, "\(pages) of \(count) pages have a TrimBox")
    }

    @Test func theArtRunsIntoTheBleedAndTheCropMarksAreDrawnOutsideIt() throws {
        // 72 dpi: one pixel is one point.
        let png = try render("poster-victim", "sv", format: .png, print: PrintOptions(bleed: 3, cropMarks: true), dpi: 72)[0].bytes
        let image = try #require(RasterImage(png: png))
        let bleed = 3 * Self.millimetre
        let margin = bleed + 9 * Self.millimetre  // PrintLayout: 2 mm gap, 6 mm mark, 1 mm paper
        // Inside the bleed beyond the trim's top-left corner: the poster's purple, not paper.
        let inBleed = image.pixel(x: Int(margin - bleed / 2), y: Int(margin - bleed / 2))
        #expect(inBleed.red < 100 && inBleed.blue > 50, "the bleed shows the art: \(inBleed)")
        // Outside the bleed, beside a mark: white paper.
        let paper = image.pixel(x: Int(margin - bleed - 1.5 * Self.millimetre), y: Int(margin - bleed - 1.5 * Self.millimetre))
        #expect(paper.red > 240 && paper.green > 240 && paper.blue > 240, "paper outside the bleed: \(paper)")
        // The horizontal crop mark at the top-left corner lies on the trim line, left of the bleed.
        let markY = Int(margin.rounded(.down))
        let onMark = (0..<Int(margin - bleed - 2)).map { image.pixel(x: $0 + 1, y: markY) }.filter { $0.red < 235 }.count
        #expect(onMark > 8, "a crop mark on the trim line: \(onMark) dark pixels")
    }

    @Test func theOfficeVariantKeepsTheArtInsideAMarginOnTheSamePaper() throws {
        let pdf = try render("poster-victim", "sv", print: PrintOptions(variant: .office))[0].bytes
        let media = try #require(try boxes(pdf)["MediaBox"])
        #expect(close(media, [0, 0, 210 * Self.millimetre, 297 * Self.millimetre]), "A4 paper: \(media)")
        let png = try render("poster-victim", "sv", format: .png, print: PrintOptions(variant: .office), dpi: 72)[0].bytes
        let image = try #require(RasterImage(png: png))
        // The top-left corner is paper; the art starts inside the 5 mm margin.
        let corner = image.pixel(x: Int(3 * Self.millimetre), y: Int(3 * Self.millimetre))
        #expect(corner.red > 240 && corner.green > 240 && corner.blue > 240, "corner \(corner)")
        let art = image.pixel(x: Int(8 * Self.millimetre), y: Int(8 * Self.millimetre))
        #expect(art.red < 100, "art inside the margin \(art)")
    }

    @Test func thePrintVariantIsPDFX4InCMYKWithEmbeddedFontsAndItsTextStillText() throws {
        let pdf = try render("poster-victim", "ar", print: PrintOptions(variant: .pdfx, bleed: 3))[0].bytes
        let file = try temporaryFile("pdfx.pdf", pdf)
        let info = try run("pdfinfo", ["-box", file.path]).output
        #expect(info.contains("PDF subtype:    PDF/X-4"), "\(info)")
        #expect(info.contains("PDF version:     1.6"))
        let found = try boxes(pdf)
        let trim = try #require(found["TrimBox"])
        #expect(abs((trim[2] - trim[0]) - 210 * Self.millimetre) < 0.02)
        #expect(found["BleedBox"] != nil)
        // Every font embedded: pdffonts' "emb" column, the fifth field from the end.
        let fonts = try run("pdffonts", [file.path]).output.split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        for font in fonts {
            let fields = font.split(separator: " ")
            #expect(fields.count > 5 && fields[fields.count - 5] == "yes", "not embedded: \(font)")
        }
        // The boxes nest: TrimBox inside BleedBox inside MediaBox, exactly.
        let media = try #require(found["MediaBox"]), bleed = try #require(found["BleedBox"])
        #expect(media[0] <= bleed[0] && media[1] <= bleed[1] && bleed[2] <= media[2] && bleed[3] <= media[3], "\(bleed) in \(media)")
        #expect(bleed[0] <= trim[0] && bleed[1] <= trim[1] && trim[2] <= bleed[2] && trim[3] <= bleed[3], "\(trim) in \(bleed)")
        // The title reads as Arabic, not as its bytes.
        #expect(info.contains("Title:           معاً ضد العنف"), "\(info)")
        // Text is text, numbers in order, in Arabic too.
        let text = try pdfText(pdf)
        #expect(text.contains("020-50 50 50") && text.contains("031-390 06 00"))
        #expect(!text.contains("50 50 50-020"))
        // Ghostscript says the pages use CMYK ink only.
        let ink = try run("gs", ["-q", "-o", "-", "-sDEVICE=inkcov", file.path]).output
        #expect(ink.contains("CMYK OK"), "\(ink)")
        // The output intent names FOGRA39 and carries a four-channel ICC profile; XMP says PDF/X-4.
        let qdf = try temporaryFile("pdfx.qdf", [])
        try run("qpdf", ["--qdf", "--object-streams=disable", file.path, qdf.path])
        let raw = String(decoding: try Data(contentsOf: qdf), as: UTF8.self)
        #expect(raw.contains("/S /GTS_PDFX") && raw.contains("/OutputConditionIdentifier (FOGRA39)"))
        #expect(raw.contains("/N 4"))
        // No RGB left: no RGB colour space, no RGB colour operators.
        #expect(!raw.contains("/DeviceRGB"))
        #expect(!raw.split(separator: "\n").contains { $0.hasSuffix(" rg") || $0.hasSuffix(" RG") })
        #expect(raw.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"))
        #expect(raw.contains("/Trapped /False"))
        #expect(!raw.contains("/Annots"), "PDF/X allows no links on the printed area")
    }

    @Test func printOptionsThatDoNotFitTheDocumentAreRefusedWithAReason() throws {
        func message(_ document: String, format: OutputFormat = .pdf, print: PrintOptions = .screen, size: String = "A4") -> String {
            do {
                _ = try render(document, "sv", size: size, format: format, print: print)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message("poster-victim", print: PrintOptions(bleed: 6)).contains("at most"))
        #expect(message("poster-victim", format: .mp4).contains("mp4 is made of the slides"))
        #expect(message("slides", print: PrintOptions(bleed: 3), size: "1920x1080").contains("made for screens"))
        #expect(message("social-square", format: .mp4, size: "1080x1080").contains("not a slideshow"))
        #expect(message("poster-victim", format: .png, print: PrintOptions(variant: .pdfx)).contains("--format pdf"))
        #expect(message("poster-victim", print: PrintOptions(variant: .office, bleed: 3)).contains("no bleed"))
    }

    @Test(arguments: screenDocuments)
    func screenImagesHaveTheScreensExactPixels(document: String) throws {
        let shipped = try Shipped.get()
        let template = try #require(shipped.renderer.templates.document(id: document))
        let pixels = try #require(template.designSize.pixels)
        // Whatever resolution is asked for.
        let pages = try render(document, "ar", size: template.designSize.rawValue, format: .png, dpi: 300)
        #expect(pages.count == 4, "one per audience")
        for page in pages {
            let image = try #require(RasterImage(png: page.bytes))
            #expect(image.width == pixels.width && image.height == pixels.height)
        }
    }

    @Test(arguments: LanguageSet.campaignTags)
    func everyScreenDocumentFitsWithItsNumbersInOrder(language: String) throws {
        for document in Self.screenDocuments {
            let size = try #require(try Shipped.get().renderer.templates.document(id: document)).designSize.rawValue
            let text = try pdfText(try render(document, language, size: size)[0].bytes)
            for number in ["020-50 50 50", "020-555 666", "116 111"] {
                #expect(text.contains(number), "\(number) in \(document) \(language)")
            }
            #expect(!text.contains("50 50 50-020"))
            if language != "sv" {
                for sentence in ["HJÄLP LOKALT", "NATIONELL STÖDLINJE"] {
                    #expect(!text.contains(sentence), "Swedish '\(sentence)' left in \(document) \(language)")
                }
            }
        }
    }

    @Test func theSlideshowVideoIsFullHDH264AndEndsExactlyAfterTheLastSlide() throws {
        let video = try render("slides", "se", size: "1920x1080", format: .mp4)
        #expect(video.count == 1)
        let file = try temporaryFile("slides.mp4", video[0].bytes)
        let probe = try run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries",
                                        "stream=codec_name,width,height,pix_fmt,nb_frames:format=duration", "-of", "default=nw=1", file.path]).output
        #expect(probe.contains("codec_name=h264"))
        #expect(probe.contains("width=1920") && probe.contains("height=1080"))
        #expect(probe.contains("pix_fmt=yuv420p"))
        let seconds = SlideVideo.secondsPerSlide * 4
        #expect(probe.contains("nb_frames=\(seconds * SlideVideo.framesPerSecond)"), "\(probe)")
        let duration = probe.split(separator: "\n").first { $0.hasPrefix("duration=") }.flatMap { Double($0.dropFirst("duration=".count)) }
        #expect(duration.map { abs($0 - Double(seconds)) < 0.001 } == true, "\(probe)")
        // A key frame where each slide starts, so a looping player shows whole slides.
        let keys = try run("ffprobe", ["-v", "error", "-select_streams", "v", "-skip_frame", "nokey", "-show_entries",
                                       "frame=pts_time", "-of", "csv=p=0", file.path]).output
        let times = keys.split(whereSeparator: { $0 == "\n" || $0 == "," }).compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        #expect(times == stride(from: 0, to: seconds, by: SlideVideo.secondsPerSlide).map(Double.init), "\(times)")
    }

    /// The four documents in a left-to-right, a right-to-left and a Sami language: the `pdfua`
    /// checker (PyPI; scripts/test.sh installs it) finds nothing.
    @Test(arguments: ["sv", "ar", "se"])
    func pdfuaFindsNothingInTheFourDocuments(language: String) throws {
        try #require(try run("python3", ["-c", "import pdfua"]).status == 0, "pdfua is not installed: pip install pdfua (scripts/test.sh does)")
        for document in DocumentTests.documents {
            let size = document.hasPrefix("poster") ? "A4" : "A5"
            let file = try temporaryFile("\(document)-\(language).pdf", try render(document, language, size: size)[0].bytes)
            let result = try run("python3", ["-m", "pdfua", "check", file.path])
            #expect(result.status == 0, "\(document) \(language):\n\(result.output)")
        }
    }
}
