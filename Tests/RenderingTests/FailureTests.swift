import Drawing
import Foundation
import Testing
import Translations
@testable import Rendering

@Suite("What a render refuses", .serialized)
struct FailureTests {
    func swedishTexts(replacing unit: String, with text: String) throws -> CampaignTexts {
        var texts = try CampaignTexts.load(language: "sv", folder: projectRoot.appendingPathComponent("Resources/translations"))
        texts.texts[unit] = text
        return texts
    }

    @Test func textTooLongForItsSlotIsAnOverflowError() throws {
        let shipped = try Shipped.get()
        let long = String(repeating: "Är det någon nära som gör dig illa? ", count: 8)
        #expect {
            _ = try shipped.renderer.layout(RenderRequest(document: "poster-victim", language: "sv", format: .pdf),
                                            profile: shipped.profile, logo: shipped.logo,
                                            texts: try swedishTexts(replacing: "poster-victim.headline", with: long))
        } throws: { error in
            guard case .layout(let problems)? = error as? RenderFailure else { return false }
            return problems.count == 1 && problems[0].slot == "headline" && problems[0].document == "poster-victim"
                && problems[0].language == "sv" && problems[0].message.contains("does not fit")
        }
    }

    @Test func aCharacterNoFontHasIsFoundBeforeDrawing() throws {
        let shipped = try Shipped.get()
        #expect {
            _ = try shipped.renderer.layout(RenderRequest(document: "poster-victim", language: "sv", format: .pdf),
                                            profile: shipped.profile, logo: shipped.logo,
                                            texts: try swedishTexts(replacing: "poster-victim.call", with: "Det finns hjälp \u{E000}"))
        } throws: { error in
            guard case .layout(let problems)? = error as? RenderFailure else { return false }
            return problems.contains { $0.slot == "call" && $0.message.contains("U+E000") }
        }
    }

    @Test func aLanguageWithoutTextsIsAnErrorNotSwedish() throws {
        let shipped = try Shipped.get()
        var renderer = shipped.renderer
        renderer.translationsFolder = FileManager.default.temporaryDirectory.appendingPathComponent("no-translations-\(UUID())")
        #expect {
            _ = try renderer.render(RenderRequest(document: "poster-victim", language: "ar", format: .pdf),
                                    profile: shipped.profile, logo: shipped.logo)
        } throws: { error in
            guard case .noTexts(let language, _)? = error as? RenderFailure else { return false }
            return language == "ar" && (error as? RenderFailure)?.description.contains("no Swedish is put in its place") == true
        }
    }

    @Test func unknownDocumentLanguageSizeAndResolution() throws {
        let shipped = try Shipped.get()
        let cases: [(RenderRequest, String)] = [
            (RenderRequest(document: "poster", language: "sv", format: .pdf), "there is no document 'poster'"),
            (RenderRequest(document: "poster-victim", language: "de", format: .pdf), "'de' is not one of the campaign's languages"),
            (RenderRequest(document: "poster-victim", language: "sv", size: "A6", format: .pdf), "is not made in size 'A6'"),
            (RenderRequest(document: "poster-victim", language: "sv", format: .png, dpi: 5000), "5000.0 dpi is not a sensible resolution"),
        ]
        for (request, message) in cases {
            #expect {
                _ = try shipped.renderer.render(request, profile: shipped.profile, logo: shipped.logo)
            } throws: { error in
                (error as? RenderFailure)?.description.contains(message) == true
            }
        }
    }

    @Test func aProfileWithoutSocialServicesCannotFillHelpLocally() throws {
        let shipped = try Shipped.get()
        var profile = shipped.profile
        profile.contacts.removeAll { $0.role == .socialServices }
        #expect {
            _ = try shipped.renderer.layout(RenderRequest(document: "poster-victim", language: "sv", format: .pdf),
                                            profile: profile, logo: shipped.logo)
        } throws: { error in
            guard case .layout(let problems)? = error as? RenderFailure else { return false }
            return problems.contains { $0.slot == "local" && $0.message.contains("no socialtjänst") }
        }
    }

    @Test func outputIsWrittenWholeOrNotAtAll() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-out-\(UUID().uuidString)")
        let missing = folder.appendingPathComponent("missing/poster.pdf")
        #expect(throws: RenderFailure.self) { _ = try AtomicWriter.write([RenderedPage(page: nil, bytes: [1, 2, 3])], to: missing) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let written = try AtomicWriter.write([RenderedPage(page: 1, bytes: [1]), RenderedPage(page: 2, bytes: [2])],
                                             to: folder.appendingPathComponent("brochure.png"))
        #expect(written.map(\.lastPathComponent) == ["brochure-1.png", "brochure-2.png"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["brochure-1.png", "brochure-2.png"])
    }
}

@Suite("Untrusted logos")
struct LogoTests {
    func load(_ name: String) throws -> LoadedImage {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("logos/\(name)"))
        return try LoadedImage(data: [UInt8](data))
    }

    @Test(arguments: [
        ("external-entity.svg", "declares XML entities"),
        ("billion-laughs.svg", "entit"),
        ("external-image.svg", "refers to an outside resource 'https://tracker.example/logo.png'"),
        ("local-file.svg", "refers to an outside resource 'file:///etc/passwd'"),
        ("script.svg", "contains a script"),
        ("event-handler.svg", "event handler 'onload'"),
        ("css-import.svg", "style sheet loads another file"),
    ])
    func hostileSVGIsRefused(file: String, reason: String) {
        #expect {
            _ = try load(file)
        } throws: { error in
            guard let problem = error as? LoadedImage.Problem else { return false }
            return problem.description.contains(reason)
        }
    }

    @Test func theSampleLogoLoads() throws {
        let logo = try LoadedImage(data: [UInt8](try Data(contentsOf: projectRoot.appendingPathComponent("Resources/profiles/exempelkommun/logo.svg"))))
        #expect(logo.kind == .svg)
        #expect(logo.width == 240 && logo.height == 280)
    }

    @Test func oversizedPNGIsRefusedBeforeDecoding() {
        // A PNG header claiming 30000 × 30000 pixels.
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        png += Array("IHDR".utf8)
        png += [0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 6, 0, 0, 0, 0, 0, 0, 0]
        #expect(throws: LoadedImage.Problem.tooManyPixels(width: 30000, height: 30000, limit: "8000 pixels a side and 40 megapixels")) {
            _ = try LoadedImage(data: png)
        }
    }

    @Test func tooManyBytesAndWrongTypes() throws {
        #expect(throws: LoadedImage.Problem.tooLarge(bytes: 6 * 1024 * 1024, limit: 5 * 1024 * 1024)) {
            _ = try LoadedImage(data: [UInt8](repeating: 0, count: 6 * 1024 * 1024))
        }
        #expect(throws: LoadedImage.Problem.unsupportedType) { _ = try load("not-an-image.png") }
    }

    @Test func aRealPNGLogoLoadsAndACorruptOneDoesNot() throws {
        let shipped = try Shipped.get()
        let png = try shipped.renderer.render(RenderRequest(document: "poster-victim", language: "sv", format: .png, dpi: 40),
                                              profile: shipped.profile, logo: shipped.logo)[0].bytes
        let logo = try LoadedImage(data: png)
        #expect(logo.kind == .png)
        #expect(logo.width == 331)
        var damaged = png
        for index in 60..<min(damaged.count, 400) { damaged[index] = 0 }
        #expect(throws: LoadedImage.Problem.self) { _ = try LoadedImage(data: damaged) }
    }
}
