import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Store
import Testing
@testable import WebTool

/// The web tool in process: sign-in, authorisation, forms and their tokens, the profile's
/// checks through the form and the API, uploads, downloads.
extension WebSuites {
@Suite struct WebToolTests {
    @Test func signInSetsASessionCookieThatScriptsCannotRead() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            let response = try await browser.signIn("editor@0000.example")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/verktyg/kommun/0000")
            let cookie = response.headers[values: .setCookie].first { $0.hasPrefix("tmv_session=") } ?? ""
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            let page = try await browser.get("/verktyg/kommun/0000")
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("Exempelkommun"))
        }
    }

    @Test func theOneTimePasswordMustBeReplacedBeforeAnythingElse() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.tool.store.add(Account(email: "new@0000.example", passwordHash: harness.tool.hashPassword("one-time password"),
                                                 role: .municipalEditor, municipality: "0000", languages: [], createdAt: 0,
                                                 mustChangePassword: true))
        try await harness.run { browser in
            _ = try await browser.signIn("new@0000.example", password: "one-time password")
            let page = try await browser.get("/verktyg/kommun/0000")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/verktyg/byt-losenord")
            #expect(try await browser.get("/api/v1/municipalities/0000/profile").status == .forbidden)
            // The public directory is the same for her as for anyone.
            #expect(try await browser.get("/sv/kommun/0000").status == .ok)
            #expect(try await browser.get("/api/v1/helplines/bris").status == .ok)
            let form = try await browser.html("/verktyg/byt-losenord")
            let csrf = Browser.value(of: "_csrf", in: form) ?? ""
            let short = try await browser.postForm("/verktyg/byt-losenord", ["_csrf": csrf, "new-password": "short", "repeat-password": "short"])
            #expect(short.status == .unprocessableContent)
            #expect(String(buffer: short.body).contains("href=\"#new-password\""))
            let different = try await browser.postForm("/verktyg/byt-losenord", ["_csrf": csrf, "new-password": "my own long password",
                                                                                "repeat-password": "my own long passwort"])
            #expect(String(buffer: different.body).contains("href=\"#repeat-password\""))
            let changed = try await browser.postForm("/verktyg/byt-losenord", ["_csrf": csrf, "new-password": "my own long password",
                                                                              "repeat-password": "my own long password"])
            #expect(changed.status == .seeOther)
            #expect(try await browser.get("/verktyg/kommun/0000").status == .ok)
        }
        try await harness.run { browser in
            let old = try await browser.signInAPI("new@0000.example", password: "one-time password")
            #expect(old.status == .unauthorized)
            let own = try await browser.signInAPI("new@0000.example", password: "my own long password")
            #expect(own.status == .ok)
        }
    }

    @Test func aWrongPasswordIsRefusedAndRepeatedFailuresLockTheAccount() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            for _ in 0..<WebTool.signInFailuresPerAccount {
                let wrong = try await browser.signInAPI("editor@0000.example", password: "not the password")
                #expect(wrong.status == .unauthorized)
            }
            // Now even the right password is refused, without being checked.
            let locked = try await browser.signInAPI("editor@0000.example")
            #expect(locked.status == .tooManyRequests)
            // Another account from the same address is not locked yet (20 per address).
            let other = try await browser.signInAPI("editor@9999.example")
            #expect(other.status == .ok)
        }
    }

    @Test func theSignInFormNeedsItsToken() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            let response = try await browser.postForm("/verktyg/logga-in", ["email": "editor@0000.example", "password": Harness.password])
            #expect(response.status == .forbidden)
        }
    }

    /// Every route of municipality 9999, for an editor of 0000: nothing is shown or changed.
    @Test func anEditorCannotReachAnotherMunicipality() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            let page = try await browser.html("/verktyg/kommun/0000")
            let csrf = Browser.value(of: "_csrf", in: page) ?? ""
            let json: HTTPFields = [.contentType: "application/json"]
            let attempts: [(HTTPRequest.Method, String, HTTPFields, String?)] = [
                (.get, "/verktyg/kommun/9999", [:], nil),
                (.post, "/verktyg/kommun/9999/profil", [.contentType: "application/x-www-form-urlencoded"], "_csrf=\(csrf)&web=https://evil.example"),
                (.post, "/verktyg/kommun/9999/logotyp", [.contentType: "multipart/form-data; boundary=x"], "--x--"),
                (.get, "/verktyg/kommun/9999/logotyp", [:], nil),
                (.get, "/verktyg/kommun/9999/forhandsvisning?dokument=poster-victim&sprak=sv", [:], nil),
                (.get, "/verktyg/kommun/9999/dokument/poster-victim/sv.pdf", [:], nil),
                (.get, "/verktyg/kommun/9999/dokument/poster-victim/sv.png", [:], nil),
                (.post, "/verktyg/kommun/9999/paket", [.contentType: "application/x-www-form-urlencoded"], "_csrf=\(csrf)"),
                (.get, "/verktyg/kommun/9999/paket", [:], nil),
                (.get, "/verktyg/kommun/9999/paket.zip", [:], nil),
                (.get, "/api/v1/municipalities/9999/profile", [:], nil),
                (.put, "/api/v1/municipalities/9999/profile", json, #"{"municipality":{"code":"9999","name":"x"},"logo":"l.svg","web":"https://a.se","contacts":[]}"#),
                (.put, "/api/v1/municipalities/9999/logo", [.contentType: "image/svg+xml"], "<svg xmlns='http://www.w3.org/2000/svg'/>"),
                (.get, "/api/v1/municipalities/9999/documents/poster-victim/ar.pdf", [:], nil),
                (.get, "/api/v1/municipalities/9999/pack.zip", [:], nil),
                (.get, "/api/v1/municipalities/9999/audit", [:], nil),
            ]
            for (method, uri, headers, body) in attempts {
                let response = try await browser.send(method, uri, headers: headers, body: body)
                #expect(response.status == .notFound || response.status == .forbidden, "\(method) \(uri) gave \(response.status)")
                #expect(!String(buffer: response.body).contains("Andrakommun"), "\(method) \(uri) showed the other municipality")
            }
            let unchanged = try await harness.tool.store.profile(code: "9999")
            #expect(unchanged?.revision == 1)
        }
        // Without a session, the same routes answer 401 and show nothing.
        try await harness.run { browser in
            for uri in ["/verktyg/kommun/0000", "/api/v1/municipalities/0000/profile", "/api/v1/municipalities/0000/documents/poster-victim/sv.pdf"] {
                let response = try await browser.get(uri)
                #expect(response.status == .unauthorized, "\(uri) gave \(response.status)")
            }
        }
    }

    @Test func aFormPostWithoutItsTokenOrFromAnotherSiteIsRefused() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            let page = try await browser.html("/verktyg/kommun/0000")
            var form = Browser.profileForm(in: page)
            form["web"] = "https://www.changed.example"
            var withoutToken = form
            withoutToken["_csrf"] = nil
            #expect(try await browser.postForm("/verktyg/kommun/0000/profil", withoutToken).status == .forbidden)
            var wrongToken = form
            wrongToken["_csrf"] = "guessed"
            #expect(try await browser.postForm("/verktyg/kommun/0000/profil", wrongToken).status == .forbidden)
            let foreign = try await browser.postForm("/verktyg/kommun/0000/profil", form, headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .forbidden)
            let crossSite = try await browser.send(.put, "/api/v1/municipalities/0000/logo",
                                                   headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"], body: "<svg/>")
            #expect(crossSite.status == .forbidden)
            #expect(try await harness.tool.store.profile(code: "0000")?.revision == 1)
            // The same form with its token is saved.
            let saved = try await browser.postForm("/verktyg/kommun/0000/profil", form)
            #expect(saved.status == .seeOther)
            #expect(try await harness.tool.store.profile(code: "0000")?.yaml.contains("https://www.changed.example") == true)
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            for uri in ["/verktyg/logga-in", "/verktyg/kommun/0000", "/api/openapi.yaml"] {
                let response = try await browser.get(uri)
                let policy = response.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                #expect(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-inline"))
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
        }
    }

    /// Numbers as Swedes write them are accepted, stored canonically and shown back the Swedish
    /// way; what is not a Swedish number is refused with the reason at the field.
    @Test(arguments: [
        ("031-390 06 50", "+46313900650"), ("031 3900650", "+46313900650"), ("+46 31 390 06 50", "+46313900650"),
        ("0046 31 390 06 50", "+46313900650"), ("(031) 390 06 50", "+46313900650"), ("116 111", "116111"),
    ])
    func aNumberWrittenTheSwedishWayIsAccepted(written: String, stored: String) async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            var form = Browser.profileForm(in: try await browser.html("/verktyg/kommun/0000"))
            form["c2-k0-address"] = written
            let response = try await browser.postForm("/verktyg/kommun/0000/profil", form)
            #expect(response.status == .seeOther, "\(written): \(String(buffer: response.body).prefix(300))")
            let yaml = try await harness.tool.store.profile(code: "0000")?.yaml ?? ""
            #expect(yaml.contains("'\(stored)'"), "\(written) was stored as something else")
            let page = try await browser.html("/verktyg/kommun/0000")
            if stored == "+46313900650" { #expect(page.contains("031-390 06 50")) }
        }
    }

    @Test(arguments: [
        ("031-390 06 5x", "which a phone number does not have"), ("+47 22 00 00 00", "not a Swedish number"), ("0313", "digits"), ("987 654 32", "starts with neither"),
        ("031-555 12 34", "real number, but this profile is fictional"),
    ])
    func aNumberThatIsNotSwedishIsRefusedAtItsField(written: String, reason: String) async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            var form = Browser.profileForm(in: try await browser.html("/verktyg/kommun/0000"))
            form["c2-k0-address"] = written
            let response = try await browser.postForm("/verktyg/kommun/0000/profil", form)
            #expect(response.status == .unprocessableContent)
            let page = String(buffer: response.body)
            #expect(page.contains("<title>Fel:"))
            #expect(page.contains("href=\"#c2-k0-address\""), "the summary links to the field")
            #expect(page.contains("id=\"c2-k0-address-error\""), "the error is beside the field")
            #expect(page.contains(reason), "\(written): the reason '\(reason)' is not shown")
            #expect(page.contains("value=\"\(written)\""), "what was typed is kept")
            #expect(try await harness.tool.store.profile(code: "0000")?.revision == 1)
        }
    }

    @Test(arguments: [
        ("mån–fre 8–16.30", "mån–fre 08.00–16.30"),
        ("dygnet runt", "dygnet runt"),
        ("mån-fre 9-12 och 13-16; helgdagar stängt", "mån–fre 09.00–12.00, 13.00–16.00; helgdagar stängt"),
        ("Mo-Fr 10:00-14:00", "mån–fre 10.00–14.00"),
    ])
    func hoursWrittenTheSwedishWayAreAcceptedAndShownBack(written: String, reading: String) async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            var form = Browser.profileForm(in: try await browser.html("/verktyg/kommun/0000"))
            form["c2-k0-hours"] = written
            let response = try await browser.postForm("/verktyg/kommun/0000/profil", form)
            #expect(response.status == .seeOther, "\(written): \(String(buffer: response.body).prefix(400))")
            let page = try await browser.html("/verktyg/kommun/0000?visa=ar")
            #expect(page.contains(reading), "\(written) is not shown back as \(reading)")
            #expect(page.contains("lang=\"ar\" dir=\"rtl\""), "the reading in Arabic is offered")
        }
    }

    @Test(arguments: [("mån–fre 25–26", "c2-k0-hours"), ("helg 10–14", "c2-k0-hours")])
    func hoursThatCannotBeReadAreRefusedAtTheirField(written: String, field: String) async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            var form = Browser.profileForm(in: try await browser.html("/verktyg/kommun/0000"))
            form["c2-k0-hours"] = written
            let response = try await browser.postForm("/verktyg/kommun/0000/profil", form)
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains("href=\"#\(field)\""))
        }
    }

    @Test func theDayEditorSetsHoursAndATimeThatIsNotATimeIsRefused() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            var form = Browser.profileForm(in: try await browser.html("/verktyg/kommun/0000"))
            // Kvinnojouren: Saturday 10–14, Sunday past midnight 22–02, holidays closed.
            form["c2-k0-d5-state"] = "open"; form["c2-k0-d5-from1"] = "10"; form["c2-k0-d5-to1"] = "14"
            form["c2-k0-d6-state"] = "open"; form["c2-k0-d6-from1"] = "22"; form["c2-k0-d6-to1"] = "2"
            form["c2-k0-d7-state"] = "closed"
            var bad = form
            bad["c2-k0-d5-to1"] = "14.75"
            let refused = try await browser.postForm("/verktyg/kommun/0000/profil", bad)
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("href=\"#c2-k0-d5-to1\""))
            let saved = try await browser.postForm("/verktyg/kommun/0000/profil", form)
            #expect(saved.status == .seeOther)
            let yaml = try await harness.tool.store.profile(code: "0000")?.yaml ?? ""
            #expect(yaml.contains("Mo-Fr 09:00-12:00,13:00-16:00; Sa 10:00-14:00; Su 22:00-02:00; PH off"), "\(yaml)")
        }
    }

    @Test func aSecondSaveFromAnOlderPageIsRefusedAndKeepsWhatWasTyped() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            let form = Browser.profileForm(in: try await browser.html("/verktyg/kommun/0000"))
            var first = form
            first["c0-name"] = "Socialtjänsten, första"
            #expect(try await browser.postForm("/verktyg/kommun/0000/profil", first).status == .seeOther)
            var second = form
            second["c0-name"] = "Socialtjänsten, andra"
            let conflict = try await browser.postForm("/verktyg/kommun/0000/profil", second)
            #expect(conflict.status == .conflict)
            let page = String(buffer: conflict.body)
            #expect(page.contains("someone else saved this profile"))
            #expect(page.contains("Socialtjänsten, andra"))
            #expect(try await harness.tool.store.profile(code: "0000")?.yaml.contains("första") == true)
        }
    }

    @Test func everyChangeIsLoggedWithWhoWhenAndBeforeAndAfter() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            var form = Browser.profileForm(in: try await browser.html("/verktyg/kommun/0000"))
            form["c1-k0-address"] = "031-390 06 77"
            #expect(try await browser.postForm("/verktyg/kommun/0000/profil", form).status == .seeOther)
            let log = try await harness.tool.store.auditLog(entity: "profile:0000")
            let line = log.first { $0.field == "contacts[socialjouren].channels[0].address" }
            #expect(line?.actor == "editor@0000.example")
            #expect(line?.before == "+46313900601")
            #expect(line?.after == "+46313900677")
            #expect(line?.at == Int(Harness.fixedNow.timeIntervalSince1970))
        }
    }

    /// Each hostile logo of the engine's own tests is refused through the upload, and the
    /// previous logo stays.
    @Test func hostileLogosAreRefusedAndThePreviousLogoStays() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        let folder = Harness.project.appendingPathComponent("Tests/Fixtures/logos")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count >= 8)
        try await harness.run { browser in
            _ = try await browser.signInAPI("editor@0000.example")
            let before = try await harness.tool.store.profile(code: "0000")?.logoSHA256
            for name in names {
                let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
                let response = try await browser.send(.put, "/api/v1/municipalities/0000/logo", bytes: bytes)
                #expect(response.status == .unprocessableContent, "\(name) was not refused")
                #expect(String(buffer: response.body).contains("\"field\" : \"logo\""))
            }
            #expect(try await harness.tool.store.profile(code: "0000")?.logoSHA256 == before)
            // A plain logo is accepted, whatever its name says.
            let plain = Array(##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#5a2a82"/></svg>"##.utf8)
            #expect(try await browser.send(.put, "/api/v1/municipalities/0000/logo", bytes: plain).status == .noContent)
            #expect(try await harness.tool.store.profile(code: "0000")?.logoSHA256 != before)
        }
    }

    @Test func theLogoUploadFormTakesAFileAndRefusesOneThatIsNotAnImage() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            let csrf = Browser.value(of: "_csrf", in: try await browser.html("/verktyg/kommun/0000")) ?? ""
            func multipart(_ content: String, filename: String) -> String {
                "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n--b\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"\(filename)\"\r\nContent-Type: image/png\r\n\r\n\(content)\r\n--b--\r\n"
            }
            let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=b"]
            let refused = try await browser.send(.post, "/verktyg/kommun/0000/logotyp", headers: headers, body: multipart("hello", filename: "logo.png"))
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("href=\"#logo-file\""))
            let svg = #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>"#
            let saved = try await browser.send(.post, "/verktyg/kommun/0000/logotyp", headers: headers, body: multipart(svg, filename: "named.png"))
            #expect(saved.status == .seeOther)
            let logo = try await browser.get("/verktyg/kommun/0000/logotyp")
            #expect(logo.headers[.contentType] == "image/svg+xml")
        }
    }

    @Test func documentsAreRenderedWithTheSavedProfile() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signInAPI("editor@0000.example")
            let profile = try await browser.get("/api/v1/municipalities/0000/profile")
            #expect(profile.headers[.eTag] == "\"1\"")
            var text = String(buffer: profile.body)
            text = text.replacingOccurrences(of: "+46313900600", with: "031-390 06 42")
            let put = try await browser.send(.put, "/api/v1/municipalities/0000/profile",
                                             headers: [.contentType: "application/json", .ifMatch: "\"1\""], body: text)
            #expect(put.status == .ok, "\(String(buffer: put.body))")
            #expect(put.headers[.eTag] == "\"2\"")
            let stale = try await browser.send(.put, "/api/v1/municipalities/0000/profile",
                                               headers: [.contentType: "application/json", .ifMatch: "\"1\""],
                                               body: text.replacingOccurrences(of: "031-390 06 42", with: "031-390 06 43"))
            #expect(stale.status == .preconditionFailed)
            let pdf = try await browser.get("/api/v1/municipalities/0000/documents/poster-victim/ar.pdf")
            #expect(pdf.status == .ok)
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(String(buffer: pdf.body).hasPrefix("%PDF"))
            let png = try await browser.get("/api/v1/municipalities/0000/documents/brochure-children/se.png?page=2&dpi=72")
            #expect(png.status == .ok)
            #expect(Array(png.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            let missing = try await browser.get("/api/v1/municipalities/0000/documents/poster-victim/xx.pdf")
            #expect(missing.status == .notFound)
            // The print shop's PDF: bleed and crop marks, so the page has its trim and bleed boxes.
            let printShop = try await browser.get("/api/v1/municipalities/0000/documents/poster-victim/sv.pdf?utskrift=tryckeri&ladda-ned=1")
            #expect(printShop.status == .ok)
            #expect(String(buffer: printShop.body).contains("/TrimBox"))
            #expect(printShop.headers[.contentDisposition]?.contains("poster-victim-sv-A4-bleed3-marks.pdf") == true)
            let unknownVariant = try await browser.get("/api/v1/municipalities/0000/documents/poster-victim/sv.pdf?utskrift=gold")
            #expect(unknownVariant.status == .badRequest)
            // The slides as a video for shop screens; a poster has none.
            let video = try await browser.get("/api/v1/municipalities/0000/documents/slides/sv.mp4?storlek=1920x1080")
            #expect(video.status == .ok)
            #expect(video.headers[.contentType] == "video/mp4")
            let noVideo = try await browser.get("/api/v1/municipalities/0000/documents/poster-victim/sv.mp4")
            #expect(noVideo.status == .notFound)
        }
    }

    /// A name with a word too long for the posters' local box: said once, at the name's field,
    /// quoting the text, with where it does not fit; nothing is saved.
    @Test func aTextThatDoesNotFitIsShownAtItsField() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signIn("editor@0000.example")
            var form = Browser.profileForm(in: try await browser.html("/verktyg/kommun/0000"))
            form["c2-name"] = "Kvinnojouren " + String(repeating: "Stödcentrumförvåldsutsatta", count: 4)
            let response = try await browser.postForm("/verktyg/kommun/0000/profil", form)
            #expect(response.status == .unprocessableContent)
            let page = String(buffer: response.body)
            let summaryLinks = page.components(separatedBy: "href=\"#c2-name\"").count - 1
            #expect(summaryLinks == 1, "the problem is said once")
            #expect(page.contains("is wider than the slot"))
            #expect(page.contains("more)"), "it says in how many other documents and languages")
            #expect(!page.contains("in the template"), "the template designer's advice is not shown")
            #expect(try await harness.tool.store.profile(code: "0000")?.revision == 1)
        }
    }

    @Test func theAPIRefusesAnInvalidProfileNamingTheField() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signInAPI("editor@0000.example")
            var text = String(buffer: try await browser.get("/api/v1/municipalities/0000/profile").body)
            text = text.replacingOccurrences(of: "+46313900601", with: "+47 22 00 00 00")
            let response = try await browser.send(.put, "/api/v1/municipalities/0000/profile",
                                                  headers: [.contentType: "application/json"], body: text)
            #expect(response.status == .unprocessableContent)
            let body = String(buffer: response.body)
            #expect(body.contains("contacts[1].channels[0].number"))
            #expect(body.contains("not a Swedish number"))
            let notJSON = try await browser.send(.put, "/api/v1/municipalities/0000/profile",
                                                 headers: [.contentType: "text/plain"], body: text)
            #expect(notJSON.status == .unsupportedMediaType)
        }
    }

    @Test func exportWritesFilesThatImportAndTheCommandLineAccept() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        let output = harness.folder.appendingPathComponent("export/Resources")
        let result = try await DataExchange.export(from: harness.tool.store, to: output)
        #expect(result.profiles == 2)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("catalogue/helplines.yaml").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("profiles/exempelkommun/logo.svg").path))
        let imported = try await DataExchange.importFolder(output, into: harness.tool.store, actor: "test", now: 0)
        #expect(Set(imported.profiles) == ["0000", "9999"])
        // A broken file is refused and nothing is stored.
        let profile = output.appendingPathComponent("profiles/exempelkommun/profile.yaml")
        let broken = try String(contentsOf: profile, encoding: .utf8).replacingOccurrences(of: "'+46313900602'", with: "'12'")
        try broken.write(to: profile, atomically: true, encoding: .utf8)
        let revision = try await harness.tool.store.profile(code: "0000")?.revision
        await #expect(throws: DataExchange.Problem.self) {
            _ = try await DataExchange.importFolder(output, into: harness.tool.store, actor: "test", now: 0)
        }
        #expect(try await harness.tool.store.profile(code: "0000")?.revision == revision)
    }

    @Test func thePackIsBuiltAndDownloaded() async throws {
        let harness = try await Harness.make()
        defer { harness.close() }
        try await harness.run { browser in
            _ = try await browser.signInAPI("editor@0000.example")
            let zip = try await browser.get("/api/v1/municipalities/0000/pack.zip")
            #expect(zip.status == .ok)
            #expect(Array(zip.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            #expect(zip.body.readableBytes > 100_000)
        }
    }

    /// Two instances on one PostgreSQL database: a change saved through one is shown by the
    /// other, and a person signed in through one is signed in on the other.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TMV_TEST_POSTGRES"] != nil))
    func twoInstancesShareChangesAndSessions() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["TMV_TEST_POSTGRES"])
        let first = try await Harness.make(databaseURL: url)
        let second = try await Harness.make(databaseURL: url, resetPostgres: false)
        defer { first.close(); second.close() }
        let cookies = try await first.run { browser -> [String: String] in
            #expect(try await browser.signInAPI("editor@0000.example").status == .ok)
            var text = String(buffer: try await browser.get("/api/v1/municipalities/0000/profile").body)
            text = text.replacingOccurrences(of: "+46313900602", with: "031-390 06 33")
            let saved = try await browser.send(.put, "/api/v1/municipalities/0000/profile", headers: [.contentType: "application/json"], body: text)
            #expect(saved.status == .ok)
            return browser.cookies
        }
        try await second.run { browser in
            browser.cookies = cookies
            let profile = try await browser.get("/api/v1/municipalities/0000/profile")
            #expect(profile.status == .ok, "the session made by the first instance is known to the second")
            #expect(String(buffer: profile.body).contains("+46313900633"), "the change saved through the first is shown by the second")
            let page = try await browser.html("/verktyg/kommun/0000")
            #expect(page.contains("031-390 06 33"))
        }
    }
}
}
