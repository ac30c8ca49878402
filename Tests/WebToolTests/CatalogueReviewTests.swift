import Catalogue
import Foundation
import HTTPTypes
import Hummingbird
import OpeningHours
import HummingbirdTesting
import Packs
import SQLKit
import Testing
import Translations
@testable import Store
@testable import WebTool

/// The agency's catalogue work: a draft is not published until a second person approves it,
/// a publish is seen everywhere at once, and the packs showing the entry are rebuilt.
extension WebSuites {
@Suite struct CatalogueReviewTests {
    static let editor = "editor@agency.example"
    static let reviewer = "reviewer@agency.example"
    static let secondReviewer = "second.reviewer@agency.example"

    static func agency(_ harness: Harness) async throws {
        for (email, role) in [(editor, Role.agencyEditor), (reviewer, .agencyReviewer), (secondReviewer, .agencyReviewer),
                              ("other.editor@agency.example", .agencyEditor)] {
            try await harness.tool.store.add(Account(email: email, passwordHash: harness.tool.hashPassword(Harness.password), role: role,
                                                     municipality: nil, languages: [], createdAt: 0))
        }
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any] ?? [:]
    }

    /// TRIS's phone hours as the public API gives them.
    static func publishedHours(_ browser: Browser) async throws -> String? {
        let record = try json(try await browser.get("/api/v1/helplines/tris"))
        return ((record["channels"] as? [[String: Any]])?.first)?["hours"] as? String
    }

    @Test func anEditorsChangeIsPublishedOnlyWhenAReviewerApprovesItAndRebuildsExactlyThePacksShowingTheEntry() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await Self.agency(harness)
        let tool = harness.tool
        // A pack built before the change, to see what the publish rebuilds.
        try await tool.startPack(code: "0000")
        await tool.waitForPack("0000")
        let manifestURL = tool.instanceFolder.appendingPathComponent("packs/0000/manifest.json")
        let before = try JSONDecoder().decode(PackManifest.self, from: Data(contentsOf: manifestURL))
        #expect(before.catalogueRevision == 1)

        try await harness.run { browser in
            #expect(try await Self.publishedHours(browser) == "Mo-Fr 10:00-16:00")
            try await browser.signIn(Self.editor)
            let page = try await browser.html("/verktyg/katalog/tris")
            #expect(page.contains("TRIS-jouren"))
            var form = Browser.form(after: "action=\"/verktyg/katalog/tris\" novalidate", in: page)
            #expect(form["k0-address"] == "010-255 91 91")
            // Typed the way people write hours; the day editor is left as it was.
            form["k0-hours"] = "mån–fre 9–17"
            let saved = try await browser.postForm("/verktyg/katalog/tris", form)
            #expect(saved.status == .seeOther)
            // Saved as a draft: the public API, the public page and every render still show the published hours.
            #expect(try await Self.publishedHours(browser) == "Mo-Fr 10:00-16:00")
            #expect(tool.engine.renderer.catalogue.helpline(id: "tris")?.channels.first?.hours?.source == "Mo-Fr 10:00-16:00")
            let oldReading = try #require(tool.engine.hoursReading(try OpeningHours(parsing: "Mo-Fr 10:00-16:00"), language: "sv"))
            #expect(String(buffer: try await browser.get("/sv/stod/tris").body).contains(oldReading))
            // Only the field she changed differs: the form keeps every other field as the file has it.
            let draft = try #require(try await tool.store.openDraft(helpline: "tris"))
            let publishedEntry = try CatalogueText.entry("tris", in: try await tool.store.latestCatalogue()?.text ?? "")
            let draftEntry = try CatalogueText.entry(fromYAML: draft.entry)
            #expect(CatalogueText.changes(from: publishedEntry, to: draftEntry).map(\.field) == ["channels[0].hours"])
            let draftPage = try await browser.html("/verktyg/katalog/tris")
            #expect(draftPage.contains("channels[0].hours"))
            // Typed the Swedish way, kept in the file's opening_hours syntax.
            #expect(draftPage.contains("Mo-Fr 09:00-17:00; Sa,Su off"))
            // The diff says how the new hours read in every campaign language, Arabic among them.
            let arabic = try #require(tool.engine.hoursReading(try OpeningHours(parsing: "Mo-Fr 09:00-17:00"), language: "ar"))
            #expect(draftPage.contains(arabic))
            // The editor cannot approve: the review is not hers to make.
            let review = try await browser.html("/verktyg/granskning")
            let csrf = Browser.value(of: "_csrf", in: review) ?? ""
            let refused = try await browser.postForm("/verktyg/granskning/tris", ["_csrf": csrf, "decision": "approve", "revision": "1"])
            #expect(refused.status == .notFound)
            #expect(try await Self.publishedHours(browser) == "Mo-Fr 10:00-16:00")

            let reviewerBrowser = Browser(client: browser.client)
            try await reviewerBrowser.signIn(Self.reviewer)
            let reviewPage = try await reviewerBrowser.html("/verktyg/granskning")
            #expect(reviewPage.contains(Self.editor))
            let approve = Browser.form(after: "action=\"/verktyg/granskning/tris\" class=\"inline-form\"", in: reviewPage)
            #expect(approve["decision"] == "approve")
            let approved = try await reviewerBrowser.postForm("/verktyg/granskning/tris", approve)
            #expect(approved.status == .seeOther)
            #expect(approved.headers[.location] == "/verktyg/granskning?publicerad=2")
            await tool.waitForRebuilds()

            // Published: the API, the public page and the engine show the new hours at once.
            #expect(try await Self.publishedHours(browser) == "Mo-Fr 09:00-17:00; Sa,Su off")
            let swedish = try #require(tool.engine.hoursReading(try OpeningHours(parsing: "Mo-Fr 09:00-17:00"), language: "sv"))
            let publicPage = String(buffer: try await browser.get("/sv/stod/tris").body)
            #expect(publicPage.contains(swedish))
            // In Arabic the time ranges are isolated, so 09:00–17:00 reads in order in the browser too.
            let arabicNow = try #require(tool.engine.hoursReading(try OpeningHours(parsing: "Mo-Fr 09:00-17:00; Sa,Su off"), language: "ar"))
            #expect(arabicNow.contains("\u{2066}09:00–17:00\u{2069}"))
            #expect(String(buffer: try await browser.get("/ar/stod/tris").body).contains(arabicNow))
            #expect(tool.engine.renderer.catalogue.revision == 2)
            let versions = try await tool.store.catalogueVersions()
            #expect(versions.map(\.version) == [2, 1])
            let first = try #require(try await tool.store.catalogueVersion(1))
            #expect(first.text.contains("hours: \"Mo-Fr 10:00-16:00\""))

            // The change log holds the change with both people.
            let log = try await tool.store.auditLog(AuditFilter(entity: "helpline:tris"))
            #expect(log.contains { $0.actor == Self.editor && $0.field == "draft: channels[0].hours" && $0.after == "Mo-Fr 09:00-17:00; Sa,Su off" })
            #expect(log.contains { $0.actor == Self.reviewer && $0.field == "channels[0].hours" && $0.before == "Mo-Fr 10:00-16:00"
                && $0.after == "Mo-Fr 09:00-17:00; Sa,Su off" })
            #expect(log.contains { $0.actor == Self.reviewer && $0.field.contains("published as catalogue version 2") && $0.field.contains(Self.editor) })

            // Exactly the documents showing TRIS were rebuilt, in every language.
            let showing = Set(tool.engine.packs.documents(showing: "tris"))
            #expect(!showing.isEmpty)
            #expect(showing.count < tool.engine.renderer.templates.documents.count)
            let after = try JSONDecoder().decode(PackManifest.self, from: Data(contentsOf: manifestURL))
            #expect(after.catalogueRevision == 2)
            let changed = Set(after.files.filter { file in before.files.first { $0.path == file.path }?.inputs != file.inputs }.map(\.path))
            let expected = Set(after.files.filter { showing.contains($0.document) }.map(\.path))
            #expect(changed == expected)
            #expect(Set(tool.rebuiltFiles.withLockedValue { $0["0000"] } ?? []) == expected)

            // Each municipality sees on its page that its documents changed, and why.
            let municipal = Browser(client: browser.client)
            try await municipal.signIn("editor@0000.example")
            let own = try await municipal.html("/verktyg/kommun/0000")
            #expect(own.contains("katalogversion 2"))
            #expect(own.contains("TRIS-jouren: sätt 1: öppettider"))
            #expect(!own.contains("channels[0]"))
            let notices = try await tool.store.packNotices(code: "9999")
            #expect(notices.first?.catalogueVersion == 2)
        }
    }

    @Test func aSecondSaveOfTheSameEntryIsRefusedAndNeitherTextIsLost() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await Self.agency(harness)
        try await harness.run { browser in
            let other = Browser(client: browser.client)
            try await browser.signIn(Self.editor)
            try await other.signIn("other.editor@agency.example")
            var first = Browser.form(after: "action=\"/verktyg/katalog/tris\" novalidate", in: try await browser.html("/verktyg/katalog/tris"))
            var second = Browser.form(after: "action=\"/verktyg/katalog/tris\" novalidate", in: try await other.html("/verktyg/katalog/tris"))
            first["k0-hours"] = "mån–fre 9–17"
            second["k0-hours"] = "mån–tors 11–15"
            #expect(try await browser.postForm("/verktyg/katalog/tris", first).status == .seeOther)
            let refused = try await other.postForm("/verktyg/katalog/tris", second)
            #expect(refused.status == .conflict)
            let page = String(buffer: refused.body)
            #expect(page.contains("\(Self.editor) sparade en ändring av den här stödlinjen efter att du öppnade den"))
            // Her text is still in the form, and the first draft is unchanged.
            #expect(Browser.form(after: "action=\"/verktyg/katalog/tris\" novalidate", in: page)["k0-hours"] == "mån–tors 11–15")
            let draft = try #require(try await harness.tool.store.openDraft(helpline: "tris"))
            #expect(draft.entry.contains("Mo-Fr 09:00-17:00"))
            #expect(draft.authors == [Self.editor])
            // Having seen the other draft above her text, she can save hers over it knowingly.
            let again = Browser.form(after: "action=\"/verktyg/katalog/tris\" novalidate", in: page)
            #expect(again["revision"] == "1")
            #expect(try await other.postForm("/verktyg/katalog/tris", again).status == .seeOther)
            let replaced = try #require(try await harness.tool.store.openDraft(helpline: "tris"))
            #expect(replaced.entry.contains("Mo-Th 11:00-15:00"))
            #expect(replaced.authors == [Self.editor, "other.editor@agency.example"])
        }
    }

    @Test func theAPIDraftsReviewsAndShowsTheLogAndNobodyApprovesTheirOwnDraft() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await Self.agency(harness)
        try await harness.run { browser in
            #expect(try await browser.signInAPI(Self.reviewer).status == .ok)
            let (published, changed, created) = try await Self.draftOfTRIS(browser, replacing: "\"hours\":\"Mo,Th 15:00-23:00\"",
                                                                          with: "\"hours\":\"Mo,Th 15:00-22:00\"")
            let json: HTTPFields = [.contentType: "application/json"]
            #expect(created.status == .created)
            #expect(created.headers[.eTag] == "\"1\"")
            // A second PUT that has not read the draft is refused, not merged.
            let blind = try await browser.send(.put, "/api/v1/helplines/tris/draft", headers: json, body: published)
            #expect(blind.status == .conflict)
            // A wrong number is refused with the catalogue's own message, naming the field.
            let broken = changed.replacingOccurrences(of: "\"address\":\"+46102559191\"", with: "\"address\":\"010-255 9A 91\"")
            var withMatch = json
            withMatch[.ifMatch] = "\"1\""
            let refused = try await browser.send(.put, "/api/v1/helplines/tris/draft", headers: withMatch, body: broken)
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("channels[0].number"))
            // The reviewer wrote it, so she cannot approve it.
            let own = try await browser.send(.post, "/api/v1/helplines/tris/draft/approve", headers: withMatch, body: "{}")
            #expect(own.status == .forbidden)
            let second = Browser(client: browser.client)
            #expect(try await second.signInAPI(Self.secondReviewer).status == .ok)
            // Approving needs the revision she reviewed.
            let blindApproval = try await second.send(.post, "/api/v1/helplines/tris/draft/approve", headers: json, body: "{}")
            #expect(blindApproval.status.code == 428)
            var staleMatch = json
            staleMatch[.ifMatch] = "\"7\""
            #expect(try await second.send(.post, "/api/v1/helplines/tris/draft/approve", headers: staleMatch, body: "{}").status == .conflict)
            let approved = try await second.send(.post, "/api/v1/helplines/tris/draft/approve", headers: withMatch, body: "{}")
            #expect(approved.status == .ok)
            #expect(String(buffer: approved.body).contains("\"catalogue_version\" : 2"))
            await harness.tool.waitForRebuilds()
            #expect(String(buffer: try await second.get("/api/v1/helplines/tris").body).contains("Mo,Th 15:00-22:00"))
            // Sent back with a comment: nothing is published.
            let bris = String(buffer: try await browser.get("/api/v1/helplines/bris").body)
            #expect(try await browser.send(.put, "/api/v1/helplines/bris/draft", headers: json,
                                           body: bris.replacingOccurrences(of: "\"name\":\"Bris\"", with: "\"name\":\"BRIS\"")).status == .created)
            let rejected = try await second.send(.post, "/api/v1/helplines/bris/draft/reject", headers: withMatch, body: #"{"comment":"Bris skrivs Bris."}"#)
            #expect(rejected.status == .ok)
            #expect(String(buffer: try await second.get("/api/v1/helplines/bris").body).contains("\"name\":\"Bris\""))
            // The log, filtered by entity, person and time, as JSON and CSV.
            let log = try Self.lines(try await second.get("/api/v1/audit?entity=helpline:tris&person=\(Self.secondReviewer)"))
            #expect(!log.isEmpty)
            #expect(log.allSatisfy { $0["person"] as? String == Self.secondReviewer && $0["entity"] as? String == "helpline:tris" })
            #expect(try Self.lines(try await second.get("/api/v1/audit?entity=helpline&from=2030-01-01")).isEmpty)
            let csv = String(buffer: try await second.get("/api/v1/audit?entity=helpline:bris&format=csv").body)
            #expect(csv.hasPrefix("time,person,entity,field,before,after\r\n"))
            #expect(csv.contains("Bris skrivs Bris."))
            // A municipal editor sees none of it.
            let municipal = Browser(client: browser.client)
            #expect(try await municipal.signInAPI("editor@0000.example").status == .ok)
            #expect(try await municipal.get("/api/v1/audit").status == .notFound)
            #expect(try await municipal.send(.put, "/api/v1/helplines/tris/draft", headers: json, body: published).status == .notFound)
        }
    }

    @Test func aNewSwedishDescriptionIsTheNewSourceOfItsTranslations() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await Self.agency(harness)
        try await harness.run { browser in
            #expect(try await browser.signInAPI(Self.reviewer).status == .ok)
            let created = try await Self.draftOfTRIS(browser, replacing: "och de som svarar har tystnadsplikt.",
                                                     with: "och de som svarar har tystnadsplikt. Chatten är öppen på kvällen.").response
            let json: HTTPFields = [.contentType: "application/json"]
            #expect(created.status == .created)
            let second = Browser(client: browser.client)
            #expect(try await second.signInAPI(Self.secondReviewer).status == .ok)
            var first: HTTPFields = json
            first[.ifMatch] = "\"1\""
            #expect(try await second.send(.post, "/api/v1/helplines/tris/draft/approve", headers: first, body: "{}").status == .ok)
            await harness.tool.waitForRebuilds()
        }
        let store = harness.tool.store
        let swedish = try TranslationFile.read(data: Array(try #require(try await store.resourceFile(path: "translations/sv.xlf")).text.utf8), name: "sv")
        #expect(swedish.unit("helpline.tris.description")?.source.hasSuffix("Chatten är öppen på kvällen.") == true)
        let arabic = try TranslationFile.read(data: Array(try #require(try await store.resourceFile(path: "translations/ar.xlf")).text.utf8), name: "ar")
        let unit = try #require(arabic.unit("helpline.tris.description"))
        #expect(unit.state == .initial)
        #expect(unit.source == swedish.unit("helpline.tris.description")?.source)
        // Until a translator writes the new text, the Arabic documents carry the preliminary mark.
        #expect(harness.tool.engine.texts["ar"]?.unreviewed.contains("helpline.tris.description") == true)
        #expect(try await store.auditLog(AuditFilter(entity: "translation:ar")).contains { $0.field == "helpline.tris.description" })
    }

    /// TRIS as the API gives it, changed by one replacement and sent back as a draft.
    static func draftOfTRIS(_ browser: Browser, replacing old: String, with new: String) async throws
        -> (published: String, changed: String, response: TestResponse) {
        let published = String(buffer: try await browser.get("/api/v1/helplines/tris").body)
        let changed = published.replacingOccurrences(of: old, with: new)
        #expect(changed != published)
        let response = try await browser.send(.put, "/api/v1/helplines/tris/draft", headers: [.contentType: "application/json"], body: changed)
        return (published, changed, response)
    }

    static func lines(_ response: TestResponse) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [[String: Any]] ?? []
    }

    @Test func savingAnUntouchedFormChangesNoFieldOfAnyEntry() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await Self.agency(harness)
        let ids = harness.tool.engine.renderer.catalogue.helplines.map(\.id)
        try await harness.run { browser in
            try await browser.signIn(Self.editor)
            for id in ids {
                let form = Browser.form(after: "action=\"/verktyg/katalog/\(id)\" novalidate", in: try await browser.html("/verktyg/katalog/\(id)"))
                let saved = try await browser.postForm("/verktyg/katalog/\(id)", form)
                #expect(saved.status == .seeOther, "\(id): \(saved.status)")
                let draft = try #require(try await harness.tool.store.openDraft(helpline: id))
                let published = try CatalogueText.entry(id, in: try await harness.tool.store.latestCatalogue()?.text ?? "")
                let changes = CatalogueText.changes(from: published, to: try CatalogueText.entry(fromYAML: draft.entry))
                #expect(changes.isEmpty, "\(id): \(changes.map(\.field))")
            }
        }
    }

    @Test func theAPIRoundTripChangesNothingAndMarksEntriesVerifiedAndListsStaleOnes() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await Self.agency(harness)
        try await harness.run { browser in
            #expect(try await browser.signInAPI(Self.editor).status == .ok)
            let json: HTTPFields = [.contentType: "application/json"]
            // What GET returns, sent back unchanged, is a draft that changes no field (provenance included).
            for id in ["polisen", "bris", "kvinnofridslinjen"] {
                let published = String(buffer: try await browser.get("/api/v1/helplines/\(id)").body)
                let saved = try await browser.send(.put, "/api/v1/helplines/\(id)/draft", headers: json, body: published)
                #expect(saved.status == .created, "\(id)")
                let body = try Self.json(saved)
                #expect((body["changes"] as? [Any])?.isEmpty == true, "\(id): \(body["changes"] ?? "")")
            }
            // Spaces around a name are not printed: the draft still changes nothing.
            let bris = String(buffer: try await browser.get("/api/v1/helplines/bris").body)
            var again = json
            again[.ifMatch] = "\"1\""
            let spaced = try await browser.send(.put, "/api/v1/helplines/bris/draft", headers: again,
                                                body: bris.replacingOccurrences(of: "\"name\":\"Bris\"", with: "\"name\":\" Bris \""))
            #expect(spaced.status == .ok)
            #expect((try Self.json(spaced)["changes"] as? [Any])?.isEmpty == true)
            let stale = try Self.lines(try await browser.get("/api/v1/catalogue/stale?older-than=6m"))
            #expect(stale.contains { $0["entry"] as? String == "tris" && $0["verified"] as? String == "2021-12-15" })
            #expect(try await browser.get("/api/v1/catalogue/stale?older-than=6x").status == .badRequest)
            let verified = try await browser.send(.post, "/api/v1/helplines/tris/draft/verified", headers: json,
                                                  body: #"{"source":"TRIS, https://www.tris.se/kontakt"}"#)
            #expect(verified.status == .created)
            let draft = try #require(try await harness.tool.store.openDraft(helpline: "tris"))
            #expect(draft.purpose == "verify")
            #expect(draft.entry.contains("checked: \"2026-11-30\""))
            #expect(draft.entry.contains("TRIS, https://www.tris.se/kontakt"))
        }
    }

    @Test func aDraftSentBackCanBeTakenUpAgain() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await Self.agency(harness)
        try await harness.run { browser in
            try await browser.signIn(Self.editor)
            var form = Browser.form(after: "action=\"/verktyg/katalog/tris\" novalidate", in: try await browser.html("/verktyg/katalog/tris"))
            form["k0-hours"] = "mån–fre 9–17"
            #expect(try await browser.postForm("/verktyg/katalog/tris", form).status == .seeOther)
            let reviewer = Browser(client: browser.client)
            try await reviewer.signIn(Self.reviewer)
            let review = try await reviewer.html("/verktyg/granskning")
            var reject = Browser.form(after: "action=\"/verktyg/granskning/tris\">", in: review)
            #expect(reject["decision"] == "reject")
            // Without a reason it is not sent back.
            #expect(try await reviewer.postForm("/verktyg/granskning/tris", reject).status == .unprocessableContent)
            reject["comment-tris"] = "Källan saknas för de nya tiderna."
            #expect(try await reviewer.postForm("/verktyg/granskning/tris", reject).status == .seeOther)
            let page = try await browser.html("/verktyg/katalog/tris")
            #expect(page.contains("Källan saknas för de nya tiderna."))
            let link = try #require(page.components(separatedBy: "href=\"").dropFirst().first { $0.hasPrefix("/verktyg/katalog/tris?utkast=") })
            let reopened = try await browser.html(String(link.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&"))
            let again = Browser.form(after: "action=\"/verktyg/katalog/tris\" novalidate", in: reopened)
            #expect(again["k0-hours"]?.contains("09.00–17.00") == true)
            #expect(again["revision"] == "0")
            #expect(try await browser.postForm("/verktyg/katalog/tris", again).status == .seeOther)
            #expect(try await harness.tool.store.openDraft(helpline: "tris")?.entry.contains("Mo-Fr 09:00-17:00") == true)
        }
    }

    @Test func theChangeLogCannotBeChangedEvenBySQL() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.tool.store.record([AuditEntry(at: 1, actor: "a@b.example", entity: "helpline:tris", field: "x", before: nil, after: "y")])
        await #expect(throws: (any Error).self) {
            try await harness.tool.store.withSQL { sql in try await sql.raw("UPDATE audit_log SET actor = 'someone else'").run() }
        }
        await #expect(throws: (any Error).self) {
            try await harness.tool.store.withSQL { sql in try await sql.raw("DELETE FROM audit_log").run() }
        }
        #expect(try await harness.tool.store.auditLog(AuditFilter(actor: "a@b.example")).count == 1)
    }
}
}

