import Drawing
import Foundation
import Testing
@testable import Rendering

@Suite("Rendering the campaign documents", .serialized)
struct DocumentTests {
    static let documents = ["poster-victim", "poster-relative", "poster-perpetrator", "brochure-children"]

    static let headlines = [
        "poster-victim": "Är det någon",
        "poster-relative": "Känner du någon",
        "poster-perpetrator": "Är du orolig",
        "brochure-children": "Information till barn",
    ]

    @Test(arguments: documents)
    func swedishPDFHasItsTextsAndNumbers(document: String) throws {
        let shipped = try Shipped.get()
        let pages = try shipped.renderer.render(RenderRequest(document: document, language: "sv", size: document.hasPrefix("poster") ? "A4" : "A5", format: .pdf),
                                                profile: shipped.profile, logo: shipped.logo)
        let text = try pdfText(pages[0].bytes).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains(Self.headlines[document] ?? "?"))
        // The municipality's socialtjänst, written the Swedish way.
        #expect(text.contains("031-390 06 00"))
        switch document {
        case "poster-perpetrator": #expect(text.contains("020-555 666"))
        case "brochure-children":
            #expect(text.contains("116 111"))  // Bris
            #expect(text.contains("031-390 06 01"))  // socialjouren
        default: #expect(text.contains("020-50 50 50"))
        }
        let file = try temporaryFile("\(document).pdf", pages[0].bytes)
        #expect(try run("qpdf", ["--check", file.path]).status == 0)
        let fonts = try run("pdffonts", [file.path]).output.split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        for font in fonts {
            let columns = font.split(separator: " ", omittingEmptySubsequences: true)
            // name, type..., encoding, emb, sub, uni, object, generation: emb is 5th from the end.
            #expect(columns.count >= 7 && columns[columns.count - 5] == "yes", "font not embedded: \(font)")
        }
        // Clickable numbers and addresses for digital use.
        let raw = String(decoding: pages[0].bytes, as: UTF8.self)
        #expect(raw.contains("/URI (tel:+46313900600)"))
        if document.hasPrefix("poster") { #expect(raw.contains("/URI (https://www.exempelkommun.example/stod-vid-vald)")) }
        let info = try run("pdfinfo", [file.path]).output
        #expect(info.contains("Title:           Tillsammans mot våld"))
        #expect(info.contains("Author:          Jämställdhetsmyndigheten"))
    }

    @Test func identicalInputGivesIdenticalBytes() throws {
        let shipped = try Shipped.get()
        let request = RenderRequest(document: "poster-victim", language: "sv", format: .pdf)
        let first = try shipped.renderer.render(request, profile: shipped.profile, logo: shipped.logo)
        let second = try shipped.renderer.render(request, profile: shipped.profile, logo: shipped.logo)
        #expect(first == second)
    }

    @Test func renderingFromTwoThreadsAtOnceGivesTheSameBytes() async throws {
        let shipped = try Shipped.get()
        let request = RenderRequest(document: "poster-relative", language: "sv", format: .pdf)
        let reference = try shipped.renderer.render(request, profile: shipped.profile, logo: shipped.logo)
        let results = try await withThrowingTaskGroup(of: [RenderedPage].self) { group in
            for _ in 0..<4 {
                group.addTask { try shipped.renderer.render(request, profile: shipped.profile, logo: shipped.logo) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == reference })
    }

    @Test func a3IsTheSamePosterScaled() throws {
        let shipped = try Shipped.get()
        let pages = try shipped.renderer.render(RenderRequest(document: "poster-victim", language: "sv", size: "A3", format: .pdf),
                                                profile: shipped.profile, logo: shipped.logo)
        let file = try temporaryFile("a3.pdf", pages[0].bytes)
        #expect(try run("pdfinfo", [file.path]).output.contains("841.89 x 1190.55 pts (A3)"))
    }

    @Test func svgCarriesItsTextAndPNGHasItsResolution() throws {
        let shipped = try Shipped.get()
        let svg = try shipped.renderer.render(RenderRequest(document: "poster-victim", language: "sv", format: .svg),
                                              profile: shipped.profile, logo: shipped.logo)
        let text = String(decoding: svg[0].bytes, as: UTF8.self)
        #expect(text.contains("xml:lang=\"sv\""))
        #expect(text.contains(">Är det någon nära som gör dig illa?</text>"))
        #expect(text.contains(">031-390 06 00</text>"))
        let png = try shipped.renderer.render(RenderRequest(document: "poster-victim", language: "sv", format: .png, dpi: 100),
                                              profile: shipped.profile, logo: shipped.logo)
        let bytes = png[0].bytes
        let width = Int(bytes[16]) << 24 | Int(bytes[17]) << 16 | Int(bytes[18]) << 8 | Int(bytes[19])
        #expect(width == 827)  // 210 mm at 100 dpi
        let brochure = try shipped.renderer.render(RenderRequest(document: "brochure-children", language: "sv", size: "A5", format: .png, dpi: 50),
                                                   profile: shipped.profile, logo: shipped.logo)
        #expect(brochure.count >= 3)
        #expect(brochure.map(\.page) == Array(1...brochure.count).map { Optional($0) })
    }

    @Test func qrCodeDecodesToTheMunicipalitySupportPage() throws {
        let shipped = try Shipped.get()
        let png = try shipped.renderer.render(RenderRequest(document: "poster-victim", language: "sv", format: .png, dpi: 200),
                                              profile: shipped.profile, logo: shipped.logo)
        let file = try temporaryFile("qr.png", png[0].bytes)
        let decoded = try run("zbarimg", ["--quiet", "--raw", file.path]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(decoded == "https://www.exempelkommun.example/stod-vid-vald")
    }
}

@Suite("Preliminary translations")
struct PreliminaryMarkTests {
    @Test func unreviewedTextsCarryTheMarkWhenAskedAndOnlyThen() throws {
        let shipped = try Shipped.get()
        func text(_ language: String, mark: Bool) throws -> String {
            let pdf = try shipped.renderer.render(RenderRequest(document: "poster-victim", language: language, format: .pdf, markPreliminary: mark),
                                                  profile: shipped.profile, logo: shipped.logo)
            return try pdfText(pdf[0].bytes).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        // Finnish is translated but not reviewed: the mark in Finnish and in Swedish.
        #expect(try text("fi", mark: true).contains("Alustava käännös · Preliminär översättning"))
        #expect(try !text("fi", mark: false).contains("Preliminär"))
        // Swedish is the source: never marked.
        #expect(try !text("sv", mark: true).contains("Preliminär"))
    }
}
