import Catalogue
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OpeningHours
import Rendering
import Testing
@testable import WebTool

/// The public directory in process: reachable-now against the catalogue's hours at the hard
/// instants, no cookies and nothing fetched from elsewhere, caching, and the QR code's way here.
extension WebSuites {
@Suite struct PublicDirectoryTests {
    /// A Sunday night, Christmas Eve, a public holiday (juldagen), and the nights the clocks change.
    static let instants = [
        "2026-11-29T23:30:00+01:00", "2026-12-24T22:30:00+01:00", "2026-12-25T12:00:00+01:00",
        "2027-03-28T01:30:00+01:00", "2027-03-28T03:30:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00",
    ]

    /// The same tool (database, engine) with its clock stopped at another instant.
    static func tool(_ harness: Harness, at instant: Date, publicURL: URL? = nil) -> WebTool {
        var configuration = harness.tool.configuration
        configuration.fixedNow = instant
        configuration.publicURL = publicURL
        return harness.tool.sharing(configuration: configuration, clock: { instant })
    }

    static func run<T: Sendable>(_ tool: WebTool, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let app = Application(router: tool.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.router) { client in try await body(client) }
    }

    /// What the catalogue's hours say, by the hours module's own `isOpen`: open, closed, or unknown.
    static func expectedStates(_ channels: [ContactChannel], at instant: Date) -> [String] {
        channels.map { channel in channel.hours.map { $0.isOpen(at: instant) ? "open" : "closed" } ?? "unknown" }
    }

    /// The same for the channels a page gives a state: where someone answers, or with hours.
    static func expectedPageStates(_ channels: [ContactChannel], at instant: Date) -> [String] {
        channels.filter { $0.isConversation || $0.hours != nil }.map { channel in channel.hours.map { $0.isOpen(at: instant) ? "open" : "closed" } ?? "unknown" }
    }

    static func states(inPage html: String) throws -> [String] {
        html.matches(of: try Regex(#"class="status (open|closed|unknown)""#)).compactMap { $0.output[1].substring.map(String.init) }
    }

    @Test func reachableNowMatchesTheCatalogueAtSundayNightChristmasAHolidayAndTheClockChanges() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        let catalogue = harness.tool.publicDirectory.catalogue
        for text in Self.instants {
            let instant = try #require(ISO8601DateFormatter().date(from: text))
            let tool = Self.tool(harness, at: instant)
            try await Self.run(tool) { client in
                // The API, at the server's (fixed) now.
                let api = try await client.execute(uri: "/api/v1/helplines", method: .get)
                #expect(api.status == .ok)
                let list = try JSONDecoder().decode(HelplineStates.self, from: Data(buffer: api.body))
                for helpline in catalogue.helplines {
                    let expected = Self.expectedStates(helpline.channels, at: instant)
                    let record = try #require(list.helplines.first { $0.id == helpline.id })
                    #expect(record.channels.map(\.reachability.state) == expected, "\(helpline.id) at \(text) (API)")
                    // The helpline's page, in Swedish and in Arabic, says the same.
                    for language in ["sv", "ar"] {
                        let page = String(buffer: try await client.execute(uri: "/\(language)/stod/\(helpline.id)", method: .get).body)
                        #expect(try Self.states(inPage: page) == Self.expectedPageStates(helpline.channels, at: instant), "\(helpline.id) at \(text) (/\(language)/stod)")
                    }
                }
                // The list at the top names exactly the phone lines and chats open now, and 112.
                let home = String(buffer: try await client.execute(uri: "/sv/", method: .get).body)
                let nowList = String(home[home.range(of: "now-heading")!.lowerBound..<home.range(of: "class=\"time\"")!.lowerBound])
                #expect(nowList.contains("href=\"tel:112\""))
                for helpline in catalogue.helplines {
                    for channel in helpline.channels where channel.isConversation {
                        let listed = nowList.contains("href=\"\(channel.link)\"")
                        #expect(listed == (channel.hours?.isOpen(at: instant) ?? false), "\(helpline.id) \(channel.kind) at \(text) (now list)")
                    }
                }
                // The open-at filter keeps exactly the helplines with a phone line or chat open.
                let filtered = try await client.execute(uri: "/api/v1/helplines?reachable-at=\(text.replacingOccurrences(of: "+", with: "%2B"))", method: .get)
                let kept = Set(try JSONDecoder().decode(HelplineStates.self, from: Data(buffer: filtered.body)).helplines.map(\.id))
                let open = Set(catalogue.helplines.filter { $0.channels.contains { $0.isConversation && ($0.hours?.isOpen(at: instant) ?? false) } }.map(\.id))
                #expect(kept == open, "reachable-at \(text)")
            }
        }
    }

    @Test func theWordsSayWhenALineOpensAndCloses() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        let sundayNight = try #require(ISO8601DateFormatter().date(from: "2026-11-29T23:30:00+01:00"))
        try await Self.run(Self.tool(harness, at: sundayNight)) { client in
            let tris = String(buffer: try await client.execute(uri: "/sv/stod/tris", method: .get).body)
            #expect(tris.contains("Stängt, öppnar i morgon 10.00"))
            #expect(tris.contains("Stängt, öppnar i morgon 15.00"))
            let bris = String(buffer: try await client.execute(uri: "/en/stod/bris", method: .get).body)
            #expect(bris.contains(">Open now<"))
            // A channel without hours never says open.
            let karleken = String(buffer: try await client.execute(uri: "/sv/stod/karleken-ar-fri", method: .get).body)
            #expect(karleken.contains("Öppettiderna finns inte här. Se organisationens webbplats."))
        }
        let christmasEve = try #require(ISO8601DateFormatter().date(from: "2026-12-24T22:30:00+01:00"))
        try await Self.run(Self.tool(harness, at: christmasEve)) { client in
            let tris = String(buffer: try await client.execute(uri: "/sv/stod/tris", method: .get).body)
            #expect(tris.contains("Öppet nu, till 23.00"))
            // Juldagen and annandag jul fall on Friday and Saturday: the office opens on Monday.
            let local = String(buffer: try await client.execute(uri: "/sv/kommun/0000", method: .get).body)
            #expect(local.contains("Stängt, öppnar mån 08.00"))
        }
    }

    @Test func publicPagesSetNoCookiesFetchNothingElsewhereAndStaySmall() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            for uri in ["/", "/sv/", "/ar/", "/ar/kommun/0000", "/se/kommun/0000", "/yi/stod/kvinnofridslinjen", "/api/v1/helplines",
                        "/api/v1/helplines/bris", "/api/v1/municipalities/0000/contacts", "/open-data/hsds/services.json",
                        "/api/v1/helplines/tris/channels/1.ics"] {
                let response = try await browser.get(uri)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[values: .setCookie].isEmpty, "\(uri) sets a cookie")
                #expect(response.headers[.cacheControl]?.hasPrefix("public, max-age=") == true, "\(uri)")
                let etag = try #require(response.headers[.eTag])
                let again = try await browser.send(.get, uri, headers: [.ifNoneMatch: etag])
                #expect(again.status == .notModified, "\(uri)")
                guard uri.hasPrefix("/api") == false, uri.hasPrefix("/open-data") == false else { continue }
                let html = String(buffer: response.body)
                #expect(response.body.readableBytes < 50_000, "\(uri) is \(response.body.readableBytes) bytes")
                // Everything the page loads is ours: no script, style, image or font from elsewhere.
                #expect(html.matches(of: try Regex(#"(src|<link[^>]*href)="(https?:)?//"#)).isEmpty, "\(uri)")
                #expect(html.contains("id=\"leave\""), "\(uri) has no quick exit")
                #expect(html.contains("<script src=\"/static/leave.js\" defer></script>"))
            }
            let arabic = try await browser.html("/ar/kommun/0000")
            #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"))
            // Numbers are isolated left-to-right runs, and tel: links.
            #expect(arabic.contains("<a href=\"tel:+4620505050\" dir=\"ltr\" class=\"address\">020-50 50 50</a>"))
            #expect(try await browser.get("/xx/").status == .notFound)
            #expect(try await browser.get("/sv/stod/no-such-line").status == .notFound)
            #expect(try await browser.get("/sv/kommun/1234").status == .notFound)
            #expect(try await browser.get("/api/v1/helplines/no-such-line").status == .notFound)
            #expect(try await browser.get("/api/v1/helplines?at=tomorrow").status == .badRequest)
            // Empty or odd values are refused, never a crash.
            for query in ["at=", "reachable-at=", "reachable-at=T", "at=T12:00", "language=", "language=%3Cscript%3E", "audience=x"] {
                #expect(try await browser.get("/api/v1/helplines?\(query)").status == .badRequest, "\(query)")
            }
        }
    }

    @Test func aMunicipalityPageShowsItsOwnContactsFirstWithTheirRoleInThePageLanguage() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            let page = try await browser.html("/ar/kommun/0000")
            let own = try #require(page.range(of: "Socialtjänsten i Exempelkommun"))
            let national = try #require(page.range(of: "Kvinnofridslinjen</bdi></a>"))
            #expect(own.lowerBound < national.lowerBound)
            let role = try #require(harness.tool.publicDirectory.texts["ar"]?["role.social-services"])
            #expect(page.contains("<p class=\"role\">\(role)</p>"))
            // Another municipality's page shows its own contacts, not these.
            // Each number once in the "can answer now" list, though the local police and the national entry share 114 14.
            let sv = try await browser.html("/sv/kommun/0000")
            let listStart = try #require(sv.range(of: "now-heading")).lowerBound
            let listEnd = try #require(sv.range(of: "class=\"time\"")).lowerBound
            let nowList = String(sv[listStart..<listEnd])
            #expect(nowList.components(separatedBy: "href=\"tel:11414\"").count - 1 == 1)
            #expect(nowList.components(separatedBy: "href=\"tel:112\"").count - 1 == 1)
            let other = try await browser.html("/sv/kommun/9999")
            #expect(other.contains("Andrakommun") && !other.contains("Exempelkommun"))
        }
    }

    @Test func aFictionalMunicipalityIsPublicOnlyOnADemonstrationServer() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        var configuration = harness.tool.configuration
        configuration.showFictional = false
        let tool = harness.tool.sharing(configuration: configuration, clock: { Harness.fixedNow })
        try await Self.run(tool) { client in
            let page = try await client.execute(uri: "/sv/kommun/0000", method: .get)
            let contacts = try await client.execute(uri: "/api/v1/municipalities/0000/contacts", method: .get)
            let kiruna = try await client.execute(uri: "/sv/kommun/2584", method: .get)  // in the register, no profile yet
            #expect(page.status == .notFound)
            #expect(contacts.status == .notFound)
            #expect(kiruna.status == .ok)
        }
    }

    @Test func aHelplinePageSaysItsLanguagesAndWhatElseCanAnswerNow() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            let somaya = try await browser.html("/en/stod/somaya")
            #expect(somaya.contains("<bdi lang=\"sv\">svenska</bdi>, <bdi lang=\"ar\">العربية</bdi>, "))
            #expect(somaya.contains("href=\"tel:112\""))
            #expect(somaya.contains("now-heading"))
        }
    }

    @Test func aSavedProfileShowsOnThePublicPagesAtOnce() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            let before = try await browser.get("/sv/kommun/0000")
            #expect(String(buffer: before.body).contains("031-390 06 00"))
            let contactsBefore = try await browser.html("/api/v1/municipalities/0000/contacts")
            #expect(contactsBefore.contains("+46313900600"))
            _ = try await browser.signInAPI("editor@0000.example")
            let profile = String(buffer: try await browser.get("/api/v1/municipalities/0000/profile").body)
            let put = try await browser.send(.put, "/api/v1/municipalities/0000/profile",
                                             headers: [.contentType: "application/json", .ifMatch: "\"1\""],
                                             body: profile.replacingOccurrences(of: "+46313900600", with: "031-390 06 42"))
            #expect(put.status == .ok)
            // Within the same minute: the page and the open data show the new number, with a new ETag.
            let after = try await browser.get("/sv/kommun/0000")
            #expect(String(buffer: after.body).contains("031-390 06 42"))
            #expect(!String(buffer: after.body).contains("031-390 06 00<"))
            #expect(after.headers[.eTag] != before.headers[.eTag])
            #expect(try await browser.html("/api/v1/municipalities/0000/contacts").contains("+46313900642"))
            #expect(try await browser.html("/api/v1/municipalities/0000/contacts").contains("\"fictional\":true"))
        }
    }

    @Test func theQRCodeOnAPosterLeadsToItsPageInThePostersLanguage() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        let publicURL = try #require(URL(string: "https://stod.example.se"))
        let tool = Self.tool(harness, at: Harness.fixedNow, publicURL: publicURL)
        let loaded = try await tool.engine.profile("0000", store: tool.store)
        for language in ["ar", "se"] {
            let pages = try await tool.engine.render(RenderRequest(document: "poster-victim", language: language, format: .png,
                                                                   publicURL: publicURL), profile: loaded)
            let file = harness.folder.appendingPathComponent("poster-\(language).png")
            try Data(try #require(pages.first).bytes).write(to: file)
            let decoded = try zbarimg(file).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(decoded == "https://stod.example.se/\(language)/kommun/0000")
            let path = String(decoded.dropFirst(publicURL.absoluteString.count))
            try await Self.run(tool) { client in
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<html lang=\"\(language)\""))
            }
        }
    }

    func zbarimg(_ file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zbarimg", "--quiet", "--raw", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
}

/// The part of /api/v1/helplines these tests read.
struct HelplineStates: Decodable {
    struct Record: Decodable {
        struct ChannelState: Decodable {
            struct State: Decodable { var state: String }
            var reachability: State
        }
        var id: String
        var channels: [ChannelState]
    }
    var helplines: [Record]
}
