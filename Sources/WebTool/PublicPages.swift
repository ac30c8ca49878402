import Catalogue
import Directory
import Drawing
import Foundation
import HTTPTypes
import Hummingbird
import Localization
import Municipalities
import NIOConcurrencyHelpers
import NIOCore
import OpeningHours

/// The public directory: pages without sign-in, cookies, scripts from elsewhere or analytics,
/// that a poster's QR code leads to. Each page is rendered once per minute (its "open now"
/// changes at most that often) and when a profile is published, and served from memory.
extension WebTool {
    /// Where "leave this page quickly" goes: a neutral site, opened in place of this page.
    static let neutralSite = "https://www.google.se/"
    /// 112 heads the "can answer now" list whatever the data says; it is not listed twice.
    static let emergencyLink = "tel:112"

    /// A page being made, or made, for one minute.
    struct PublicSlot: Sendable {
        var minute: Int
        var task: Task<PublicEntry, any Error>
    }

    /// A rendered public response (its slot says for which minute).
    struct PublicEntry: Sendable {
        var body: ByteBuffer
        var etag: String
        var type: String
        var status: HTTPResponse.Status
    }

    func addPublic(to router: Router<WebContext>) {
        router.get("/") { request, _ in
            try await self.publicResponse(request, key: "/") { directory, now in
                try self.homePage(directory: directory, now: now)
            }
        }
        // Only addresses that exist get a cache entry of their own; every other address shares
        // its language's "not found" page, so no one can fill the memory with made-up addresses.
        router.get("/{language}") { request, context in
            let language = try context.parameters.require("language")
            guard self.publicDirectory.languages[language] != nil else { return try await self.publicNotFound(request, language: "sv") }
            return try await self.publicResponse(request, key: "/\(language)/") { directory, now in
                try self.nationalPage(language: language, directory: directory, now: now)
            }
        }
        router.get("/{language}/kommun/{code}") { request, context in
            let language = try context.parameters.require("language")
            let code = try context.parameters.require("code")
            guard self.publicDirectory.languages[language] != nil else { return try await self.publicNotFound(request, language: "sv") }
            guard try await self.isKnownMunicipality(code) else { return try await self.publicNotFound(request, language: language) }
            return try await self.publicResponse(request, key: "/\(language)/kommun/\(code)", municipality: code) { directory, now in
                try self.municipalityPage(language: language, code: code, directory: directory, now: now)
            }
        }
        router.get("/{language}/stod/{helpline}") { request, context in
            let language = try context.parameters.require("language")
            let id = try context.parameters.require("helpline")
            guard self.publicDirectory.languages[language] != nil else { return try await self.publicNotFound(request, language: "sv") }
            guard self.publicDirectory.catalogue.helpline(id: id) != nil else { return try await self.publicNotFound(request, language: language) }
            return try await self.publicResponse(request, key: "/\(language)/stod/\(id)") { directory, now in
                try self.helplinePage(language: language, id: id, directory: directory, now: now)
            }
        }
    }

    /// A municipality in the register; or, with `showFictional`, one with a saved profile (a
    /// fictional one, like the sample, has no register entry and its numbers reach no one, so
    /// it is public only on a demonstration server). The saved codes are read once a minute.
    func isKnownMunicipality(_ code: String) async throws -> Bool {
        if engine.register.municipality(code: code) != nil { return true }
        guard configuration.showFictional else { return false }
        let minute = Int(clock().timeIntervalSince1970) / 60
        if let known = profileCodes.withLockedValue({ $0 }), known.minute == minute { return known.codes.contains(code) }
        let codes = Set(try await store.profileCodes())
        profileCodes.withLockedValue { $0 = (minute, codes) }
        return codes.contains(code)
    }

    func publicNotFound(_ request: Request, language: String) async throws -> Response {
        try await publicResponse(request, key: "404:\(language)") { directory, now in
            try self.notFound(directory: directory, now: now, language: language)
        }
    }

    /// Serves a public response from memory, rendering it when the minute has turned or the
    /// municipality's published profile changed; answers If-None-Match with 304.
    func publicResponse(_ request: Request, key: String, municipality: String? = nil,
                        make: @escaping @Sendable (Directory, Date) throws -> (HTTPResponse.Status, String, String)) async throws -> Response {
        try await publicResponse(request, key: key, type: "text/html; charset=utf-8", municipality: municipality) { directory, now in
            let (status, _, html) = try make(directory, now)
            return (status, Array(html.utf8))
        }
    }

    func publicResponse(_ request: Request, key: String, type: String, municipality: String? = nil, allMunicipalities: Bool = false,
                        fixedInstant: Date? = nil, cached: Bool = true,
                        make: @escaping @Sendable (Directory, Date) throws -> (HTTPResponse.Status, [UInt8])) async throws -> Response {
        let now = clock()
        let minute = Int(now.timeIntervalSince1970) / 60
        guard cached else {
            let entry = try await renderPublic(type: type, municipality: municipality, allMunicipalities: allMunicipalities,
                                               at: fixedInstant ?? now, make: make)
            return publicAnswer(request, key: key, entry: entry, now: now)
        }
        // One rendering per page and minute: requests that arrive while it is made wait for it.
        let task = publicCache.withLockedValue { cache -> Task<PublicEntry, any Error> in
            if let slot = cache[key], slot.minute == minute { return slot.task }
            let task = Task { try await self.renderPublic(type: type, municipality: municipality,
                                                          allMunicipalities: allMunicipalities, at: fixedInstant ?? now, make: make) }
            // Keys are only addresses and filters that exist (checked before), about 4,000 in all;
            // the limit is a last guard.
            if cache.count > 20_000 { cache.removeAll() }
            cache[key] = PublicSlot(minute: minute, task: task)
            return task
        }
        let entry: PublicEntry
        do {
            entry = try await task.value
        } catch {
            publicCache.withLockedValue { cache in if cache[key]?.minute == minute { cache[key] = nil } }
            throw error
        }
        return publicAnswer(request, key: key, entry: entry, now: now)
    }

    /// The response for a rendered entry: its headers, or 304 when the browser has it.
    func publicAnswer(_ request: Request, key: String, entry: PublicEntry, now: Date) -> Response {
        // Kept until the minute turns, when "open now" may change.
        let secondsLeft = 60 - Int(now.timeIntervalSince1970) % 60
        var headers: HTTPFields = [
            .contentType: entry.type, .eTag: entry.etag, .cacheControl: "public, max-age=\(secondsLeft)",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ]
        if key.hasPrefix("api:") || key.hasPrefix("hsds:") || key.hasPrefix("ics:") {
            headers[HTTPField.Name("Access-Control-Allow-Origin")!] = "*"
        }
        if entry.status == .ok, let match = request.headers[.ifNoneMatch],
           match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == entry.etag }) {
            return Response(status: .notModified, headers: headers)
        }
        if entry.status != .ok {
            headers[.cacheControl] = "no-store"
            headers[.eTag] = nil
        }
        return Response(status: entry.status, headers: headers, body: .init(byteBuffer: entry.body))
    }

    func renderPublic(type: String, municipality: String?, allMunicipalities: Bool, at instant: Date,
                      make: @Sendable (Directory, Date) throws -> (HTTPResponse.Status, [UInt8])) async throws -> PublicEntry {
        var directory = publicDirectory
        if let municipality, let loaded = try? await engine.profile(municipality, store: store) {
            directory.profiles[municipality] = loaded.profile
        }
        if allMunicipalities {
            for code in try await store.profileCodes() {
                if let loaded = try? await engine.profile(code, store: store) { directory.profiles[code] = loaded.profile }
            }
        }
        let (status, bytes) = try make(directory, instant)
        return PublicEntry(body: ByteBuffer(bytes: bytes), etag: "\"\(Checksum.sha256(bytes).prefix(20))\"",
                           type: type, status: status)
    }

    /// Forgets a municipality's pages, so the next request shows what was just published.
    func forgetPublicPages(of code: String) {
        profileCodes.withLockedValue { $0 = nil }
        publicCache.withLockedValue { cache in
            for key in cache.keys where key.hasSuffix("/kommun/\(code)") || key.contains(":\(code)") || key.hasPrefix("hsds:") {
                cache[key] = nil
            }
        }
    }

    // MARK: The pages

    func homePage(directory: Directory, now: Date) throws -> (HTTPResponse.Status, String, String) {
        var values = try common(language: "sv", directory: directory, now: now)
        values["title"] = "\(text(directory, "sv", "web.site-title")) – \(text(directory, "sv", "campaign.name"))"
        return (.ok, "text/html; charset=utf-8", try render("public-home", values))
    }

    func nationalPage(language: String, directory: Directory, now: Date) throws -> (HTTPResponse.Status, String, String) {
        guard directory.languages[language] != nil else { return try notFound(directory: directory, now: now) }
        var values = try common(language: language, directory: directory, now: now)
        values["title"] = "\(text(directory, language, "web.site-title")) – \(text(directory, language, "campaign.name"))"
        values["sections"] = sections(language: language, directory: directory, now: now, level: 4)
        return (.ok, "text/html; charset=utf-8", try render("public-national", values))
    }

    func municipalityPage(language: String, code: String, directory: Directory, now: Date) throws -> (HTTPResponse.Status, String, String) {
        guard directory.languages[language] != nil else { return try notFound(directory: directory, now: now) }
        let profile = directory.profiles[code]
        guard let name = profile?.name ?? engine.register.municipality(code: code)?.name else {
            return try notFound(directory: directory, now: now, language: language)
        }
        var values = try common(language: language, directory: directory, now: now, municipality: profile, page: "kommun/\(code)")
        values["title"] = "\(name): \(text(directory, language, "web.site-title"))"
        values["municipality"] = name
        let contacts = (profile?.contacts ?? []).map { contact -> [String: Any] in
            // Without a description the key is left out: Mustache shows a section for any text, an empty one too.
            Self.present([
                "name": contact.name,
                "role": text(directory, language, "role.\(contact.role.rawValue)"),
                "description": contact.description,
                "channels": contact.channels.map { channel(of: $0, language: language, directory: directory, now: now) },
                "notes": contact.notes.map { text(directory, language, "note.\($0.rawValue)") },
                "has_notes": !contact.notes.isEmpty,
            ])
        }
        values["contacts"] = contacts
        values["has_contacts"] = !contacts.isEmpty
        values["sections"] = sections(language: language, directory: directory, now: now, level: 4)
        return (.ok, "text/html; charset=utf-8", try render("public-municipality", values))
    }

    func helplinePage(language: String, id: String, directory: Directory, now: Date) throws -> (HTTPResponse.Status, String, String) {
        guard directory.languages[language] != nil, let helpline = directory.catalogue.helpline(id: id) else {
            return try notFound(directory: directory, now: now, language: directory.languages[language] == nil ? "sv" : language)
        }
        var values = try common(language: language, directory: directory, now: now, page: "stod/\(id)")
        values.merge(helplineValues(helpline, language: language, directory: directory, now: now, level: 1)) { $1 }
        values["title"] = "\(helpline.name) – \(text(directory, language, "web.site-title"))"
        values["organisation"] = helpline.organisation
        let served = helpline.languages.map { ["tag": $0, "name": languageName($0, directory: directory)] }
        values["served"] = served.enumerated().map { item -> [String: Any] in
            ["tag": item.element["tag"] ?? "", "name": item.element["name"] ?? "", "last": item.offset == served.count - 1]
        }
        values["has_served"] = !served.isEmpty
        return (.ok, "text/html; charset=utf-8", try render("public-helpline-page", values))
    }

    func notFound(directory: Directory, now: Date, language: String = "sv") throws -> (HTTPResponse.Status, String, String) {
        var values = try common(language: language, directory: directory, now: now)
        values["title"] = text(directory, language, "web.not-found")
        return (.notFound, "text/html; charset=utf-8", try render("public-not-found", values))
    }

    // MARK: What every page holds

    /// `page` is the address after the language ("kommun/0000", "stod/bris"), so the language
    /// menu leads to the same page in another language.
    func common(language: String, directory: Directory, now: Date, municipality: MunicipalityProfile? = nil, page: String = "") throws -> [String: Any] {
        guard let campaignLanguage = directory.languages[language], let phrase = directory.phrase(for: language) else {
            throw HTTPError(.notFound)
        }
        let local = SwedishLocalTime(now)
        var t: [String: String] = [:]
        for (id, value) in directory.texts["sv"]?.texts ?? [:] where id.hasPrefix("web.") {
            let key = id.dropFirst(4).replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
            t[key] = directory.texts[language]?[id] ?? value
        }
        // Each number or chat once: the municipality's own first (its police contact and the
        // national entry may share 114 14), 112 at the head whoever lists it.
        var reachableNow: [[String: Any]] = []
        var listed: Set<String> = [Self.emergencyLink]
        for contact in municipality?.contacts ?? [] {
            for channel in contact.channels where channel.isConversation && !listed.contains(channel.link) {
                let reachability = channel.reachability(at: now)
                if reachability.isOpen {
                    listed.insert(channel.link)
                    reachableNow.append(nowItem(contact.name, channel, reachability, phrase, local, language, directory))
                }
            }
        }
        for (helpline, channel) in directory.reachable(at: now) where !listed.contains(channel.link) {
            listed.insert(channel.link)
            reachableNow.append(nowItem(helpline.name, channel, channel.reachability(at: now), phrase, local, language, directory))
        }
        return [
            "lang": language,
            "dir": campaignLanguage.direction.rawValue,
            "t": t,
            "leave_to": Self.neutralSite,
            "emergency_call": text(directory, language, "emergency.call-112"),
            "now": reachableNow,
            "swedish_time": (t["swedish_time"] ?? "{time}").replacingOccurrences(of: "{time}", with: phrase.time(local.minuteOfDay)),
            "language_links": directory.languages.languages.map { other -> [String: Any] in
                [
                    "tag": other.tag, "name": other.endonym, "dir": other.direction.rawValue,
                    "href": "/\(other.tag)/\(page)",
                    "current": other.tag == language,
                ]
            },
        ]
    }

    func nowItem(_ name: String, _ channel: ContactChannel, _ reachability: Reachability, _ phrase: StatusPhrase, _ local: SwedishLocalTime,
                 _ language: String, _ directory: Directory) -> [String: Any] {
        [
            "name": name, "link": channel.link, "shown": shown(channel, directory: directory),
            "kind": text(directory, language, "channel.\(channel.kind.rawValue)"),
            "status": phrase.say(reachability, now: local),
        ]
    }

    func sections(language: String, directory: Directory, now: Date, level: Int) -> [[String: Any]] {
        directory.sections.map { section in
            [
                "group": section.group.rawValue,
                "heading": text(directory, language, Directory.sectionUnit(section.group)),
                "helplines": section.helplines.map { helplineValues($0, language: language, directory: directory, now: now, level: level) },
            ]
        }
    }

    func helplineValues(_ helpline: Helpline, language: String, directory: Directory, now: Date, level: Int) -> [String: Any] {
        let description = directory.description(of: helpline, in: language)
        var values: [String: Any] = [
            "id": helpline.id, "name": helpline.name, "level": "\(level)", "lang": language,
            "description": description.text,
            "channels": helpline.channels.map { channel(of: $0, language: language, directory: directory, now: now) },
            "notes": helpline.notes.map { text(directory, language, "note.\($0.rawValue)") },
            "has_notes": !helpline.notes.isEmpty,
        ]
        if description.language != language {
            values["description_lang"] = description.language
            values["description_dir"] = "ltr"
        }
        return values
    }

    func channel(of channel: ContactChannel, language: String, directory: Directory, now: Date) -> [String: Any] {
        let local = SwedishLocalTime(now)
        var values: [String: Any] = [
            "kind": text(directory, language, "channel.\(channel.kind.rawValue)"),
            "link": channel.link, "shown": shown(channel, directory: directory),
        ]
        if let label = channel.label { values["label"] = label }
        // Open or closed is said where someone answers (phone, chat, SMS); a site or an e-mail address has no hours to keep.
        if channel.isConversation || channel.hours != nil {
            let reachability = channel.reachability(at: now)
            values["status"] = directory.phrase(for: language)?.say(reachability, now: local) ?? ""
            values["state"] = reachability.isOpen ? "open" : (reachability == .hoursUnknown ? "unknown" : "closed")
        }
        if let hours = channel.hours, let campaignLanguage = directory.languages[language] {
            // Time ranges isolated as the documents isolate them: 06:00–02:00 reads in order in Arabic.
            values["hours"] = Engine.hoursReading(hours, in: campaignLanguage)
        }
        return values
    }

    /// A channel's address as a reader sees it: the number as printed, the site without https://.
    func shown(_ channel: ContactChannel, directory: Directory) -> String {
        switch channel.address {
        case .number(let number): return directory.printed(number)
        case .email(let address): return address
        case .url(let url):
            var text = url.absoluteString
            for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
            if text.hasPrefix("www.") { text.removeFirst(4) }
            while text.hasSuffix("/") { text.removeLast() }
            return text
        }
    }

    /// A language a helpline answers in, named in itself: the campaign's endonym, or ICU's.
    func languageName(_ tag: String, directory: Directory) -> String {
        if let language = directory.languages[tag] { return language.endonym }
        let locale = Locale(identifier: tag)
        return locale.localizedString(forLanguageCode: tag) ?? tag
    }

    func text(_ directory: Directory, _ language: String, _ unit: String) -> String {
        directory.text(unit, in: language) ?? unit
    }

    func render(_ template: String, _ values: [String: Any]) throws -> String {
        guard let html = pages.render(values, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "the page template \(template) is missing")
        }
        return html
    }
}
