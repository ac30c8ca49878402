import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Rendering
import Store
import Testing
@testable import WebTool

/// The translators' pages: who may translate what, a save the checks refuse, a saved text used at
/// once, the XLIFF file out and back in, and reviewing a language so that its documents lose the
/// "preliminary translation" mark in the pack the web tool builds.
extension WebSuites {
@Suite struct TranslatorTests {
    static let translator = "translator@ar.example"

    /// The harness with a translator of Arabic.
    static func make() async throws -> Harness {
        let harness = try await Harness.make()
        let tool = harness.tool
        if try await tool.store.account(email: translator) == nil {
            try await tool.store.add(Account(email: translator, passwordHash: tool.hashPassword(Harness.password), role: .translator,
                                             municipality: nil, languages: ["ar"], createdAt: 0))
        }
        return harness
    }

    /// Whether the poster in `language`, laid out by the web tool's engine as its renders and packs
    /// lay it out (with the mark asked for), carries "preliminary translation".
    static func hasPreliminaryMark(_ tool: WebTool, language: String) async throws -> Bool {
        let engine = tool.engine
        let sample = try await engine.profile("0000", store: tool.store)
        let laidOut = try engine.renderer.layout(RenderRequest(document: "poster-victim", language: language, format: .pdf, markPreliminary: true),
                                                 profile: sample.profile, logo: sample.logo, texts: engine.texts[language])
        return laidOut.pages.contains { page in page.textBlocks.contains { $0.slot == "preliminary-mark" } }
    }

    /// Builds Exempelkommun's pack as the pack page does, and waits for it.
    static func buildPack(_ tool: WebTool) async throws {
        try await tool.startPack(code: "0000")
        await tool.waitForPack("0000")
        let job = tool.packJobs.withLockedValue { $0["0000"] }
        if case .ready? = job {} else { Issue.record("the pack was not built: \(String(describing: job))") }
    }

    /// The manifest's review state per language and each file's inputs.
    static func manifest(_ url: URL) throws -> (review: [String: String], inputs: [String: String]) {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var review: [String: String] = [:]
        for (tag, state) in object["translations"] as? [String: Any] ?? [:] {
            review[tag] = (state as? [String: Any])?["review"] as? String
        }
        var inputs: [String: String] = [:]
        for file in object["files"] as? [[String: Any]] ?? [] {
            if let path = file["path"] as? String, let hash = file["inputs"] as? String { inputs[path] = hash }
        }
        return (review, inputs)
    }

    @Test func aTranslatorReachesOnlyHerLanguagesAndAnEditorNone() async throws {
        let harness = try await Self.make()
        defer { harness.close() }
        let somali = try await harness.tool.store.resourceFile(path: "translations/so.xlf")?.sha256
        try await harness.run { browser in
            _ = try await browser.signIn(Self.translator)
            let home = try await browser.get("/verktyg/")
            #expect(home.headers[.location] == "/verktyg/oversattning")
            let list = try await browser.get("/verktyg/oversattning")
            #expect(list.status == .ok)
            let listed = String(buffer: list.body)
            #expect(listed.contains("href=\"/verktyg/oversattning/ar\""))
            #expect(!listed.contains("href=\"/verktyg/oversattning/so\""))
            let csrf = Browser.value(of: "_csrf", in: listed) ?? ""
            #expect(!csrf.isEmpty)
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let attempts: [(HTTPRequest.Method, String, HTTPFields, String?)] = [
                (.get, "/verktyg/oversattning/so", [:], nil),
                (.get, "/verktyg/oversattning/so.xlf", [:], nil),
                (.get, "/verktyg/oversattning/so/poster-victim.headline", [:], nil),
                (.get, "/verktyg/oversattning/so/poster-victim.headline/sida.png", [:], nil),
                (.get, "/verktyg/oversattning/sv", [:], nil),
                (.get, "/verktyg/oversattning/xx", [:], nil),
                (.post, "/verktyg/oversattning/so/granska-alla", form, "_csrf=\(csrf)"),
                (.post, "/verktyg/oversattning/so/poster-victim.headline", form, "_csrf=\(csrf)&target=Hello&reviewed=1&handling=spara"),
                (.post, "/verktyg/oversattning/so/import", form, "_csrf=\(csrf)&xliff=x"),
                (.get, "/verktyg/kommun/0000", [:], nil),
            ]
            for (method, uri, headers, body) in attempts {
                let response = try await browser.send(method, uri, headers: headers, body: body)
                #expect(response.status == .notFound, "\(method) \(uri) gave \(response.status)")
            }
            #expect(try await browser.get("/verktyg/oversattning/ar").status == .ok)
        }
        #expect(try await harness.tool.store.resourceFile(path: "translations/so.xlf")?.sha256 == somali)
        // A municipality's editor has no translation pages at all.
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            let csrf = Browser.value(of: "_csrf", in: try await browser.html("/verktyg/kommun/0000")) ?? ""
            for uri in ["/verktyg/oversattning", "/verktyg/oversattning/ar", "/verktyg/oversattning/ar.xlf",
                        "/verktyg/oversattning/ar/poster-victim.headline"] {
                let response = try await browser.get(uri)
                #expect(response.status == .notFound, "\(uri) gave \(response.status)")
            }
            let post = try await browser.postForm("/verktyg/oversattning/ar/granska-alla", ["_csrf": csrf])
            #expect(post.status == .notFound)
        }
        // Without a session nothing is shown.
        try await harness.run { browser in
            let status = try await browser.get("/verktyg/oversattning/ar").status
            #expect(status == .unauthorized)
        }
        #expect(try await harness.tool.store.auditLog(entity: "translation:ar").isEmpty)
    }

    @Test func aSaveThatLosesANumberOrAPlaceholderIsRefusedAndTheFileStays() async throws {
        let harness = try await Self.make()
        defer { harness.close() }
        let before = try await harness.tool.store.resourceFile(path: "translations/ar.xlf")?.sha256
        try await harness.run { browser in
            _ = try await browser.signIn(Self.translator)
            let cases = [("emergency.call-112", "هل أحد في خطر الآن؟ اتصل بالرقم.", "has the numbers"),
                         ("web.open-until", "مفتوح الآن، حتى الساعة", "has placeholders")]
            for (unit, typed, reason) in cases {
                let page = try await browser.html("/verktyg/oversattning/ar/\(unit)")
                let csrf = Browser.value(of: "_csrf", in: page) ?? ""
                let basis = Browser.value(of: "basis", in: page) ?? ""
                #expect(!basis.isEmpty)
                let response = try await browser.postForm("/verktyg/oversattning/ar/\(unit)", [
                    "_csrf": csrf, "basis": basis, "target": typed, "reviewed": "1", "handling": "spara",
                ])
                #expect(response.status == .unprocessableContent, "\(unit) gave \(response.status)")
                let shown = String(buffer: response.body)
                #expect(shown.contains("href=\"#target\""), "the error summary leads to the field")
                #expect(shown.contains("aria-invalid=\"true\""))
                #expect(shown.contains(reason), "\(unit): the message says what was lost")
                #expect(shown.contains(">\(typed)</textarea>"), "\(unit): what was typed is kept")
            }
        }
        #expect(try await harness.tool.store.resourceFile(path: "translations/ar.xlf")?.sha256 == before)
        #expect(try await harness.tool.store.auditLog(entity: "translation:ar").isEmpty)
        #expect(harness.tool.engine.texts["ar"]?["emergency.call-112"]?.contains("112") == true)
    }

    @Test func aSavedTextIsStoredLoggedAndUsedAtOnce() async throws {
        let harness = try await Self.make()
        defer { harness.close() }
        let unit = "poster-victim.headline"
        let original = "هل يؤذيك شخص قريب منك؟"
        let changed = "هل يؤذيك أحد قريب منك؟"
        try await harness.run { browser in
            _ = try await browser.signIn(Self.translator)
            let page = try await browser.html("/verktyg/oversattning/ar/\(unit)")
            #expect(page.contains("lang=\"ar\" dir=\"rtl\""))
            #expect(page.contains("src=\"/verktyg/oversattning/ar/\(unit)/sida.png\""))
            #expect(page.contains("alt=\""))
            let csrf = Browser.value(of: "_csrf", in: page) ?? ""
            let basis = Browser.value(of: "basis", in: page) ?? ""
            // The page where it is printed, as it is now and with a text not saved yet.
            let png = try await browser.get("/verktyg/oversattning/ar/\(unit)/sida.png")
            #expect(png.status == .ok)
            #expect(Array(png.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            let preview = try await browser.postForm("/verktyg/oversattning/ar/\(unit)", [
                "_csrf": csrf, "basis": basis, "target": changed, "handling": "forhandsvisa",
            ])
            #expect(preview.status == .ok)
            #expect(String(buffer: preview.body).contains("sida.png?text="))
            let ascii = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
            let typed = changed.addingPercentEncoding(withAllowedCharacters: ascii) ?? ""
            let unsaved = try await browser.get("/verktyg/oversattning/ar/\(unit)/sida.png?text=\(typed)")
            #expect(unsaved.status == .ok)
            #expect(unsaved.body != png.body, "the typed text is drawn")
            #expect(harness.tool.engine.texts["ar"]?[unit] == original, "a preview saves nothing")
            // Saved, reviewed.
            let saved = try await browser.postForm("/verktyg/oversattning/ar/\(unit)", [
                "_csrf": csrf, "basis": basis, "target": changed, "reviewed": "1", "handling": "spara",
            ])
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/verktyg/oversattning/ar/\(unit)?sparad=1")
            // A second save from the page read before it is refused, and what was typed is kept.
            let stale = try await browser.postForm("/verktyg/oversattning/ar/\(unit)", [
                "_csrf": csrf, "basis": basis, "target": original, "handling": "spara",
            ])
            #expect(stale.status == .conflict)
            #expect(String(buffer: stale.body).contains(">\(original)</textarea>"))
        }
        #expect(harness.tool.engine.texts["ar"]?[unit] == changed)
        #expect(harness.tool.engine.texts["ar"]?.unreviewed.contains(unit) == false)
        #expect(try await harness.tool.store.resourceFile(path: "translations/ar.xlf")?.text.contains(changed) == true)
        let log = try await harness.tool.store.auditLog(entity: "translation:ar")
        #expect(log.contains { $0.actor == Self.translator && $0.field == unit && $0.before == original && $0.after == changed })
        #expect(log.contains { $0.actor == Self.translator && $0.field == "\(unit) reviewed" && $0.before == "translated" && $0.after == "reviewed" })
    }

    @Test func theExportedFileComesBackThroughTheImportAndAnotherLanguagesFileIsRefused() async throws {
        let harness = try await Self.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn(Self.translator)
            let export = try await browser.get("/verktyg/oversattning/ar.xlf")
            #expect(export.status == .ok)
            #expect(export.headers[.contentDisposition]?.contains("ar.xlf") == true)
            var text = String(buffer: export.body)
            #expect(text.contains("trgLang=\"ar\""))
            let csrf = Browser.value(of: "_csrf", in: try await browser.html("/verktyg/oversattning/ar")) ?? ""
            let before = try await harness.tool.store.resourceFile(path: "translations/ar.xlf")?.sha256
            let wrong = try await browser.postForm("/verktyg/oversattning/ar/import", [
                "_csrf": csrf, "xliff": text.replacingOccurrences(of: "trgLang=\"ar\"", with: "trgLang=\"so\""),
            ])
            #expect(wrong.status == .unprocessableContent)
            let refusal = String(buffer: wrong.body)
            #expect(refusal.contains("href=\"#xliff\""))
            #expect(refusal.contains("not &#39;ar&#39;") || refusal.contains("not 'ar'"))
            #expect(try await harness.tool.store.resourceFile(path: "translations/ar.xlf")?.sha256 == before)
            // The label reviewed and reworded in a translator's tool, sent back as a file.
            text = text.replacingOccurrences(
                of: "<segment state=\"translated\"><source>HJÄLP LOKALT</source><target>مساعدة محلية</target>",
                with: "<segment state=\"reviewed\"><source>HJÄLP LOKALT</source><target>مساعدة في منطقتك</target>")
            let boundary = "tmv-test-boundary"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"ar.xlf\"\r\nContent-Type: application/xliff+xml\r\n\r\n\(text)\r\n"
                + "--\(boundary)--\r\n"
            let imported = try await browser.send(.post, "/verktyg/oversattning/ar/import",
                                                  headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: body)
            #expect(imported.status == .seeOther, "\(String(buffer: imported.body))")
        }
        #expect(harness.tool.engine.texts["ar"]?["label.local-help"] == "مساعدة في منطقتك")
        #expect(harness.tool.engine.texts["ar"]?.unreviewed.contains("label.local-help") == false)
        let log = try await harness.tool.store.auditLog(entity: "translation:ar")
        #expect(log.contains { $0.actor == Self.translator && $0.field == "file imported" })
        #expect(log.contains { $0.field == "label.local-help" && $0.after == "مساعدة في منطقتك" })
    }

    /// Done when: a translator marks every Arabic text reviewed through the page, and the pack the
    /// web tool then builds says Arabic is reviewed (Somali still not) and the Arabic documents no
    /// longer carry the "preliminary translation" mark they had before.
    @Test func reviewingEveryArabicTextRemovesThePreliminaryMarkFromThePack() async throws {
        let harness = try await Self.make()
        defer { harness.close() }
        let tool = harness.tool
        let manifestURL = tool.instanceFolder.appendingPathComponent("packs/0000/manifest.json")
        #expect(tool.engine.texts["ar"]?.unreviewed.isEmpty == false)
        #expect(try await Self.hasPreliminaryMark(tool, language: "ar"))
        try await Self.buildPack(tool)
        let first = try Self.manifest(manifestURL)
        #expect(first.review["ar"] == "not reviewed")
        #expect(first.review["so"] == "not reviewed")

        try await harness.run { browser in
            _ = try await browser.signIn(Self.translator)
            let page = try await browser.html("/verktyg/oversattning/ar")
            #expect(page.contains("Preliminär: dokumenten trycks med"))
            let csrf = Browser.value(of: "_csrf", in: page) ?? ""
            let response = try await browser.postForm("/verktyg/oversattning/ar/granska-alla", ["_csrf": csrf])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location]?.hasSuffix("&kvar=0") == true, "no Arabic text was held back by the checks")
            let after = try await browser.html("/verktyg/oversattning/ar")
            #expect(after.contains("Granskad: dokumenten trycks utan markering."))
        }

        #expect(tool.engine.texts["ar"]?.unreviewed.isEmpty == true)
        #expect(try await Self.hasPreliminaryMark(tool, language: "ar") == false)
        #expect(try await Self.hasPreliminaryMark(tool, language: "so"))
        try await Self.buildPack(tool)
        let second = try Self.manifest(manifestURL)
        #expect(second.review["ar"] == "reviewed")
        #expect(second.review["so"] == "not reviewed")
        // The Arabic documents were made again (their inputs include the translation file); the
        // Somali ones were not touched.
        let arabic = first.inputs.keys.filter { $0.hasPrefix("ar/") }
        let somali = first.inputs.keys.filter { $0.hasPrefix("so/") }
        #expect(!arabic.isEmpty && !somali.isEmpty)
        #expect(arabic.allSatisfy { second.inputs[$0] != nil && second.inputs[$0] != first.inputs[$0] })
        #expect(somali.allSatisfy { second.inputs[$0] == first.inputs[$0] })

        let log = try await tool.store.auditLog(entity: "translation:ar")
        #expect(log.contains { $0.actor == Self.translator && $0.field == "every translated unit reviewed" })
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any] ?? [:]
    }

    static func jsonText(_ fields: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
    }

    /// The JSON API does what the pages do, with the same checks, the same log and the same
    /// access: a translator reaches her languages and nothing else, an editor no language.
    @Test func theAPISavesChecksReviewsAndImportsAsThePagesDo() async throws {
        let harness = try await Self.make()
        defer { harness.close() }
        let somali = try await harness.tool.store.resourceFile(path: "translations/so.xlf")?.sha256
        let unit = "poster-victim.headline"
        let changed = "هل يؤذيك أحد قريب منك؟"
        let json: HTTPFields = [.contentType: "application/json"]
        try await harness.run { browser in
            #expect(try await browser.signInAPI(Self.translator).status == .ok)
            // Her languages, with their counts.
            let list = try await browser.get("/api/v1/translations")
            #expect(list.status == .ok)
            let languages = try JSONSerialization.jsonObject(with: Data(String(buffer: list.body).utf8)) as? [[String: Any]] ?? []
            #expect(languages.compactMap { $0["language"] as? String } == ["ar"])
            let counts = languages.first?["counts"] as? [String: Any] ?? [:]
            #expect((counts["units"] as? Int ?? 0) > 0)
            #expect((counts["translated"] as? Int ?? 0) > 0)
            #expect(languages.first?["review"] as? String == "not reviewed")

            // Every text, with its basis; the ETag is the stored file's SHA-256.
            let language = try await browser.get("/api/v1/translations/ar")
            #expect(language.status == .ok)
            let stored = try await harness.tool.store.resourceFile(path: "translations/ar.xlf")?.sha256 ?? ""
            #expect(language.headers[.eTag] == "\"\(stored)\"")
            let units = try Self.object(language)["units"] as? [[String: Any]] ?? []
            func basis(_ id: String) -> String { units.first(where: { $0["id"] as? String == id })?["basis"] as? String ?? "" }
            #expect(!basis(unit).isEmpty)

            // A save needs the basis it was read at.
            let path = "/api/v1/translations/ar/units/\(unit)"
            let text = try Self.jsonText(["target": changed, "reviewed": true])
            let blind = try await browser.send(.put, path, headers: json, body: text)
            #expect(blind.status.code == 428)
            var matching = json
            matching[.ifMatch] = "\"\(basis(unit))\""
            let saved = try await browser.send(.put, path, headers: matching, body: text)
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")
            let savedUnit = try Self.object(saved)
            #expect(savedUnit["state"] as? String == "reviewed")
            #expect(savedUnit["target"] as? String == changed)
            #expect(saved.headers[.eTag] == "\"\(savedUnit["basis"] as? String ?? "")\"")
            // The same basis again is stale now: refused, nothing stored.
            let stale = try await browser.send(.put, path, headers: matching, body: try Self.jsonText(["target": "x", "reviewed": false]))
            #expect(stale.status == .conflict)
            #expect(harness.tool.engine.texts["ar"]?[unit] == changed)

            // A text that loses its number is refused, naming the text.
            let call = "emergency.call-112"
            var callMatch = json
            callMatch[.ifMatch] = "\"\(basis(call))\""
            let lost = try await browser.send(.put, "/api/v1/translations/ar/units/\(call)", headers: callMatch,
                                              body: try Self.jsonText(["target": "هل أحد في خطر الآن؟ اتصل بالرقم.", "reviewed": true]))
            #expect(lost.status == .unprocessableContent)
            let errors = try Self.object(lost)["errors"] as? [[String: Any]] ?? []
            #expect(!errors.isEmpty)
            #expect(errors.allSatisfy { $0["field"] as? String == call })
            #expect(errors.contains { ($0["message"] as? String)?.contains("has the numbers") == true })
            #expect(harness.tool.engine.texts["ar"]?[call]?.contains("112") == true)

            // Every translated text marked reviewed.
            let reviewed = try await browser.send(.post, "/api/v1/translations/ar/review-all", headers: json, body: "{}")
            #expect(reviewed.status == .ok, "\(String(buffer: reviewed.body))")
            let marked = try Self.object(reviewed)["marked"] as? [String] ?? []
            #expect(!marked.isEmpty)
            #expect(harness.tool.engine.texts["ar"]?.unreviewed.isEmpty == true)

            // The export comes back through the import; another language's file is refused whole.
            let export = try await browser.get("/api/v1/translations/ar.xlf")
            #expect(export.status == .ok)
            let xliff = String(buffer: export.body)
            #expect(xliff.contains("trgLang=\"ar\""))
            let xml: HTTPFields = [.contentType: "application/xliff+xml"]
            let plain = try await browser.send(.put, "/api/v1/translations/ar.xlf", headers: [.contentType: "text/plain"], body: xliff)
            #expect(plain.status == .unsupportedMediaType)
            let before = try await harness.tool.store.resourceFile(path: "translations/ar.xlf")?.sha256
            let wrong = try await browser.send(.put, "/api/v1/translations/ar.xlf", headers: xml,
                                               body: xliff.replacingOccurrences(of: "trgLang=\"ar\"", with: "trgLang=\"so\""))
            #expect(wrong.status == .unprocessableContent)
            #expect(try await harness.tool.store.resourceFile(path: "translations/ar.xlf")?.sha256 == before)
            let imported = try await browser.send(.put, "/api/v1/translations/ar.xlf", headers: xml, body: xliff)
            #expect(imported.status == .ok, "\(String(buffer: imported.body))")
            let changedCount = try Self.object(imported)["changed"]
            #expect(changedCount is Int)

            // Another language: 404 for every call, and nothing changes.
            var somaliMatch = json
            somaliMatch[.ifMatch] = "\"\(basis(unit))\""
            let attempts: [(HTTPRequest.Method, String, HTTPFields, String?)] = [
                (.get, "/api/v1/translations/so", [:], nil),
                (.get, "/api/v1/translations/so.xlf", [:], nil),
                (.get, "/api/v1/translations/so/units/\(unit)", [:], nil),
                (.put, "/api/v1/translations/so/units/\(unit)", somaliMatch, text),
                (.post, "/api/v1/translations/so/review-all", json, "{}"),
                (.put, "/api/v1/translations/so.xlf", xml, xliff),
                (.get, "/api/v1/translations/sv", [:], nil),
            ]
            for (method, uri, headers, body) in attempts {
                let response = try await browser.send(method, uri, headers: headers, body: body)
                #expect(response.status == .notFound, "\(method) \(uri) gave \(response.status)")
            }

            // A municipality's editor reaches no language.
            let editor = Browser(client: browser.client)
            #expect(try await editor.signInAPI("editor@0000.example").status == .ok)
            for uri in ["/api/v1/translations", "/api/v1/translations/ar", "/api/v1/translations/ar.xlf"] {
                let response = try await editor.get(uri)
                #expect(response.status == .notFound, "\(uri) gave \(response.status)")
            }
            #expect(try await editor.send(.post, "/api/v1/translations/ar/review-all", headers: json, body: "{}").status == .notFound)
        }
        #expect(try await harness.tool.store.resourceFile(path: "translations/so.xlf")?.sha256 == somali)
        let log = try await harness.tool.store.auditLog(entity: "translation:ar")
        #expect(log.contains { $0.actor == Self.translator && $0.field == unit && $0.after == changed })
        #expect(log.contains { $0.actor == Self.translator && $0.field == "\(unit) reviewed" && $0.after == "reviewed" })
        #expect(log.contains { $0.actor == Self.translator && $0.field == "every translated unit reviewed" })
        #expect(!log.contains { $0.field == "emergency.call-112" && $0.after == "هل أحد في خطر الآن؟ اتصل بالرقم." })
    }
}
}
