import Catalogue
import Drawing
import Diagnostics
import Foundation
import Templates
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Localization
import Municipalities
import MultipartKit
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import OpeningHours
import Packs
import Rendering
import Store

/// The communicator's pages: HTML from the Mustache templates in WebPages/pages, every core
/// task done with plain forms (no JavaScript needed).
extension WebTool {
    static let base = "/verktyg"

    func addPages(to router: Router<WebContext>) {
        router.get("\(Self.base)/") { request, context -> Response in
            guard let account = context.account else { return Response.redirect(to: "\(Self.base)/logga-in", type: .found) }
            if let code = account.municipality, account.role == .municipalEditor {
                return Response.redirect(to: "\(Self.base)/kommun/\(code)", type: .found)
            }
            if account.role == .agencyEditor || account.role == .agencyReviewer {
                return Response.redirect(to: "\(Self.base)/katalog", type: .found)
            }
            if account.role == .translator { return Response.redirect(to: "\(Self.base)/oversattning", type: .found) }
            let codes = try await self.store.profileCodes().filter { account.mayEdit(municipality: $0) }
            return try self.page("home", request: request, context: context, title: self.text(request, "home.title"), values: [
                "municipalities": codes.map { ["code": $0, "href": "\(Self.base)/kommun/\($0)"] },
                "none": codes.isEmpty, "agency": account.mayEditCatalogue, "translator": account.role == .admin,
            ])
        }
        router.get("\(Self.base)/logga-in") { request, context in
            try self.signInPage(request: request, context: context, email: "", errors: [])
        }
        router.post("\(Self.base)/logga-in") { request, context in
            try await self.postSignIn(request: request, context: context)
        }
        router.get("\(Self.base)/byt-losenord") { request, context -> Response in
            guard context.account != nil else { return Response.redirect(to: "\(Self.base)/logga-in", type: .found) }
            return try self.page("change-password", request: request, context: context, title: self.text(request, "password.title"), values: [:])
        }
        router.post("\(Self.base)/byt-losenord") { request, context -> Response in
            guard let account = context.account else { throw HTTPError(.unauthorized) }
            let fields = try await self.form(request, context: context)
            let password = fields["new-password"] ?? ""
            var errors: [PageError] = []
            if password.count < 12 {
                errors.append(PageError(field: "new-password", message: self.text(request, "password.too-short")))
            } else if password != fields["repeat-password"] {
                errors.append(PageError(field: "repeat-password", message: self.text(request, "password.different")))
            }
            guard errors.isEmpty else {
                return try self.page("change-password", request: request, context: context, title: self.text(request, "password.title"),
                                     values: Self.present(["new_password_error": errors.first { $0.field == "new-password" }?.message,
                                                           "repeat_password_error": errors.first { $0.field == "repeat-password" }?.message]),
                                     errors: errors, status: .unprocessableContent)
            }
            let hash = try await NIOThreadPool.singleton.runIfActive { self.hashPassword(password) }
            try await self.store.setPassword(accountID: account.id, hash: hash)
            try await self.store.record([AuditEntry(at: self.now, actor: account.email, entity: "account:\(account.email)",
                                                    field: "password", before: nil, after: "(changed)")])
            return Response.redirect(to: "\(Self.base)/", type: .normal)
        }
        router.post("\(Self.base)/logga-ut") { request, context -> Response in
            _ = try await self.form(request, context: context)
            context.sessions.clearSession()
            return Response.redirect(to: "\(Self.base)/logga-in", type: .normal)
        }
        router.get("\(Self.base)/kommun/{code}") { request, context in
            let (code, _) = try self.municipality(of: context)
            return try await self.profilePage(request: request, context: context, code: code, submitted: nil, errors: [], saved: request.uri.queryParameters.get("sparad") != nil)
        }
        router.post("\(Self.base)/kommun/{code}/profil") { request, context in
            let (code, account) = try self.municipality(of: context)
            let form = try await self.form(request, context: context)
            return try await self.saveProfileForm(request: request, context: context, code: code, account: account, form: form)
        }
        router.post("\(Self.base)/kommun/{code}/logotyp") { request, context in
            let (code, account) = try self.municipality(of: context)
            return try await self.uploadLogoForm(request: request, context: context, code: code, account: account)
        }
        router.get("\(Self.base)/kommun/{code}/logotyp") { _, context -> Response in
            let (code, _) = try self.municipality(of: context)
            let loaded = try await self.engine.profile(code, store: self.store)
            return Self.file(loaded.logoBytes, type: Self.mediaType(loaded.logoExtension), cache: "private, max-age=60")
        }
        router.get("\(Self.base)/kommun/{code}/forhandsvisning") { request, context in
            let (code, _) = try self.municipality(of: context)
            return try await self.previewPage(request: request, context: context, code: code)
        }
        router.get("\(Self.base)/kommun/{code}/dokument/{document}/{file}") { request, context in
            let (code, _) = try self.municipality(of: context)
            return try await self.documentFile(request: request, context: context, code: code)
        }
        router.post("\(Self.base)/kommun/{code}/paket") { request, context -> Response in
            let (code, _) = try self.municipality(of: context)
            _ = try await self.form(request, context: context)
            try await self.startPack(code: code)
            return Response.redirect(to: "\(Self.base)/kommun/\(code)/paket", type: .normal)
        }
        router.get("\(Self.base)/kommun/{code}/paket") { request, context in
            let (code, _) = try self.municipality(of: context)
            return try await self.packPage(request: request, context: context, code: code)
        }
        router.get("\(Self.base)/kommun/{code}/paket.zip") { _, context -> Response in
            let (code, _) = try self.municipality(of: context)
            return try await self.packDownload(code: code)
        }
    }

    // MARK: Rendering a page

    /// The interface language: Swedish, or English when chosen (`?ui=en`, kept in a cookie).
    func ui(_ request: Request) -> String {
        if let chosen = request.uri.queryParameters.get("ui"), interface[chosen] != nil { return chosen }
        if let cookie = request.cookies["tmv_ui"]?.value, interface[cookie] != nil { return cookie }
        return "sv"
    }

    func text(_ request: Request, _ key: String) -> String { text(ui(request), key) }

    func text(_ language: String, _ key: String) -> String {
        interface[language]?[key] ?? interface["sv"]?[key] ?? key
    }

    struct PageError: Sendable {
        var field: String
        var message: String
    }

    func page(_ template: String, request: Request, context: WebContext, title: String, values: [String: Any],
              errors: [PageError] = [], status: HTTPResponse.Status = .ok) throws -> Response {
        let language = ui(request)
        var all = values
        let path = request.uri.path
        all["t"] = interfaceTrees[language]?.tree ?? [:]
        all["ui"] = language
        all["other_ui"] = language == "sv" ? ["code": "en", "name": "English", "href": path + "?ui=en"]
                                           : ["code": "sv", "name": "Svenska", "href": path + "?ui=sv"]
        all["title"] = (errors.isEmpty ? "" : text(language, "error.title-prefix") + " ") + title
        all["heading"] = title
        all["errors"] = errors.map { ["field": $0.field, "message": $0.message] }
        all["has_errors"] = !errors.isEmpty
        if let account = context.account {
            all["account"] = ["email": account.email]
            all["csrf"] = context.sessions.session?.csrf ?? ""
        }
        guard let html = pages.render(all, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "the page template \(template) is missing")
        }
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: html)))
        if let chosen = request.uri.queryParameters.get("ui"), interface[chosen] != nil {
            response.setCookie(Cookie(name: "tmv_ui", value: chosen, maxAge: 365 * 24 * 3600, path: "/",
                                      secure: configuration.secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// Values for a template without the empty ones: Mustache shows a section for any value
    /// that is there, an empty text included.
    static func present(_ values: [String: Any?]) -> [String: Any] {
        var kept: [String: Any] = [:]
        for (key, value) in values {
            guard let value else { continue }
            if let text = value as? String, text.isEmpty { continue }
            if let optional = value as? String?, optional == nil { continue }
            kept[key] = value
        }
        return kept
    }

    static func file(_ bytes: [UInt8], type: String, cache: String = "private, no-cache", download: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: cache]
        if let download { headers[.contentDisposition] = "attachment; filename=\"\(download)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func mediaType(_ fileExtension: String) -> String {
        switch fileExtension {
        case "pdf": return "application/pdf"
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        case "jpg", "jpeg": return "image/jpeg"
        case "zip": return "application/zip"
        case "mp4": return "video/mp4"
        default: return "application/octet-stream"
        }
    }

    // MARK: Forms and their token

    /// A posted form's fields, after checking its token against the session's.
    func form(_ request: Request, context: WebContext) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: Self.maximumFormBytes)
        let fields = Self.decodeForm(String(buffer: body))
        guard let session = context.sessions.session, let token = fields["_csrf"],
              Self.constantTimeEqual(token, session.csrf) else {
            throw HTTPError(.forbidden, message: "The form had expired or did not come from this site. Go back, reload the page and send it again.")
        }
        return fields
    }

    static func decodeForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let key = parts.first.map(decode), !key.isEmpty else { continue }
            fields[key] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    // MARK: Signing in

    func signInPage(request: Request, context: WebContext, email: String, errors: [PageError],
                    status: HTTPResponse.Status = .ok) throws -> Response {
        let token = request.cookies["tmv_signin"]?.value ?? Self.newToken()
        var response = try page("sign-in", request: request, context: context, title: text(request, "signin.title"),
                                values: ["email": email, "signin_token": token].merging(Self.present([
                                    "email_error": errors.first { $0.field == "email" }?.message,
                                    "password_error": errors.first { $0.field == "password" }?.message,
                                ])) { $1 },
                                errors: errors, status: status)
        response.setCookie(Cookie(name: "tmv_signin", value: token, maxAge: 3600, path: "\(Self.base)/logga-in",
                                  secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func postSignIn(request: Request, context: WebContext) async throws -> Response {
        let body = try await request.body.collect(upTo: Self.maximumFormBytes)
        let fields = Self.decodeForm(String(buffer: body))
        // Sign-in has no session yet: its form carries the token of a cookie set with the page.
        guard let cookie = request.cookies["tmv_signin"]?.value, let token = fields["_signin"],
              Self.constantTimeEqual(cookie, token) else {
            throw HTTPError(.forbidden, message: "The sign-in form had expired. Reload the page and sign in again.")
        }
        let email = fields["email"] ?? ""
        let password = fields["password"] ?? ""
        var errors: [PageError] = []
        if email.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(PageError(field: "email", message: text(request, "signin.email-missing"))) }
        if password.isEmpty { errors.append(PageError(field: "password", message: text(request, "signin.password-missing"))) }
        guard errors.isEmpty else { return try signInPage(request: request, context: context, email: email, errors: errors, status: .badRequest) }
        switch try await signIn(email: email, password: password, address: Self.address(context)) {
        case .tooManyAttempts:
            return try signInPage(request: request, context: context, email: email,
                                  errors: [PageError(field: "email", message: text(request, "signin.too-many"))], status: .tooManyRequests)
        case .wrong:
            return try signInPage(request: request, context: context, email: email,
                                  errors: [PageError(field: "password", message: text(request, "signin.wrong"))], status: .unauthorized)
        case .signedIn(let account):
            context.sessions.createSession(SignedIn(accountID: account.id, csrf: Self.newToken()))
            let target = account.role == .municipalEditor ? "\(Self.base)/kommun/\(account.municipality ?? "")" : "\(Self.base)/"
            return Response.redirect(to: target, type: .normal)
        }
    }

    static let checkPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    static func address(_ context: WebContext) -> String {
        context.remoteAddress?.ipAddress ?? "unknown"
    }

    // MARK: The profile page

    func profilePage(request: Request, context: WebContext, code: String, submitted: ProfileFormValues?,
                     errors: [PageError], saved: Bool = false, status: HTTPResponse.Status = .ok,
                     ) async throws -> Response {
        let loaded = try await engine.profile(code, store: store)
        let swedish = engine.renderer.languages["sv"]?.hoursFormatter
        let values = submitted ?? ProfileFormValues(record: loaded.record, revision: loaded.stored.revision,
                                                    swedishHours: { swedish?.format($0) ?? $0.source },
                                                    swedishNumber: { self.engine.printed($0) })
        let shownLanguage = request.uri.queryParameters.get("visa").flatMap { engine.renderer.languages[$0] != nil ? $0 : nil }
        let language = ui(request)
        let errorsByField = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { $0 + " " + $1 })
        let view = ProfileView(tool: self, language: language, code: code, shownLanguage: shownLanguage, errors: errorsByField)
        let contacts = view.contacts(values)
        let title = "\(text(language, "profile.title")): \(loaded.record.municipality.name)"
        // What a publish of the catalogue changed in this municipality's documents, newest first.
        let notices = try await store.packNotices(code: code, limit: 3).map { notice -> [String: Any] in
            ["when": Self.swedishTime(notice.at, clock: clock), "version": notice.catalogueVersion,
             "summary": notice.message + (notice.fields.isEmpty ? "" : ": " + notice.fields.map { humanField($0, language: language) }.joined(separator: ", ")),
             "documents": notice.documents.map { text(language, "document.\($0)") }.joined(separator: ", ")]
        }
        return try page("municipality", request: request, context: context, title: title, values: Self.present([
            "notices": notices.isEmpty ? nil : notices,
            "code": code, "name": loaded.record.municipality.name, "revision": values.revision,
            "fictional": loaded.record.fictional ?? false,
            "web": ["id": "web", "value": values.web, "error": errorsByField["web"] ?? ""],
            "support_page": ["id": "support-page", "value": values.supportPage, "error": errorsByField["support-page"] ?? ""],
            "contacts": contacts,
            "saved": saved,
            "logo_src": "\(Self.base)/kommun/\(code)/logotyp?r=\(loaded.stored.logoSHA256.prefix(12))",
            "logo_error": errorsByField["logo-file"],
            "documents": view.documentOptions(),
            "languages": view.languageOptions(selected: nil),
            "show_languages": view.languageOptions(selected: shownLanguage),
            "sizes": ["A4", "A3"].map { ["value": $0, "label": $0] },
            "base": Self.base,
            "updated": Self.swedishTime(loaded.stored.updatedAt, clock: clock), "updated_by": loaded.stored.updatedBy,
        ]), errors: errors, status: status)
    }

    /// "channels[0].hours" as a communicator says it: "sätt 1: öppettider".
    func humanField(_ path: String, language: String) -> String {
        if path.hasPrefix("channels["), let close = path.firstIndex(of: "]"),
           let index = Int(path[path.index(path.startIndex, offsetBy: 9)..<close]) {
            let rest = path[path.index(after: close)...].drop { $0 == "." }
            let name = rest.split(separator: ".").first.map(String.init) ?? ""
            return "\(text(language, "field.channel")) \(index + 1): \(text(language, "field.\(name.isEmpty ? "channel" : name)"))"
        }
        if path.hasPrefix("source") { return text(language, "field.source") }
        return text(language, "field.\(path.split(separator: "[").first.map(String.init) ?? path)")
    }

    static func swedishTime(_ seconds: Int, clock: () -> Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = SwedishLocalTime.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    func saveProfileForm(request: Request, context: WebContext, code: String, account: Account, form: [String: String]) async throws -> Response {
        let loaded = try await engine.profile(code, store: store)
        let values = ProfileFormValues(form: form)
        let (record, formErrors) = values.record(base: loaded.record)
        if !formErrors.isEmpty {
            return try await profilePage(request: request, context: context, code: code, submitted: values,
                                         errors: formErrors.map { PageError(field: $0.field, message: $0.message) },
                                         status: .unprocessableContent)
        }
        switch await check(record, logoBytes: loaded.logoBytes, logoExtension: loaded.logoExtension) {
        case .invalid(let diagnostics, let layout):
            let errors = diagnostics.filter { $0.severity == .error }.map {
                PageError(field: ProfileFormValues.formField(of: $0, contacts: values.contacts), message: Self.sentence($0))
            } + Self.layoutErrors(layout, values: values)
            return try await profilePage(request: request, context: context, code: code, submitted: values, errors: errors,
                                         status: .unprocessableContent)
        case .valid(let checked, let image):
            do {
                try await saveProfile(code: code, record: record, before: loaded, logo: nil, account: account,
                                      expectedRevision: values.revision, checked: (checked, image))
            } catch let error as StoreError {
                return try await profilePage(request: request, context: context, code: code, submitted: values,
                                             errors: [PageError(field: "form", message: error.description)],
                                             status: .conflict)
            }
            return Response.redirect(to: "\(Self.base)/kommun/\(code)?sparad=1", type: .normal)
        }
    }

    /// The engine's check, off the request threads, on a thread of its own: a save lays out every
    /// document in every language (about 120 ms), and previews and downloads must not wait
    /// behind it.
    func check(_ record: MunicipalityProfile.ProfileRecord, logoBytes: [UInt8], logoExtension: String) async -> Engine.CheckResult {
        (try? await Self.checkPool.runIfActive {
            self.engine.check(record, logoBytes: logoBytes, logoExtension: logoExtension, keep: true)
        }) ?? .invalid([Diagnostic(file: "profile", entry: nil, field: nil, message: "the check could not run")], layout: [])
    }

    /// Saves a checked profile with one change-log line per changed field.
    func saveProfile(code: String, record: MunicipalityProfile.ProfileRecord, before: Engine.LoadedProfile,
                     logo: StoredLogo?, account: Account, expectedRevision: Int?,
                     checked: (MunicipalityProfile, LoadedImage)) async throws {
        var adopted = false
        defer { if !adopted { engine.discard(checked.0) } }
        var stored = record
        let logoSHA = logo?.sha256 ?? before.stored.logoSHA256
        let logoExtension = logo?.fileExtension ?? before.logoExtension
        stored.logo = "logo.\(logoExtension)"
        if let logo { try await store.putLogo(logo) }
        var audit = ProfileFormValues.changes(from: before.record, to: stored).map {
            AuditEntry(at: now, actor: account.email, entity: "profile:\(code)", field: $0.field, before: $0.before, after: $0.after)
        }
        if logoSHA != before.stored.logoSHA256 {
            audit.append(AuditEntry(at: now, actor: account.email, entity: "profile:\(code)", field: "logo",
                                    before: "sha256:\(before.stored.logoSHA256)", after: "sha256:\(logoSHA)"))
        }
        guard !audit.isEmpty else { return }
        let yaml = try stored.yaml()
        let at = now
        let revision = try await store.saveProfile(code: code, yaml: yaml, logoSHA256: logoSHA, expectedRevision: expectedRevision,
                                                   by: account.email, at: at, audit: audit)
        engine.adopt(checked.0, image: checked.1, record: stored,
                     stored: StoredProfile(code: code, yaml: yaml, logoSHA256: logoSHA, revision: revision, updatedAt: at,
                                           updatedBy: account.email),
                     logoBytes: logo?.bytes ?? before.logoBytes, logoExtension: logoExtension)
        adopted = true
        forgetPublicPages(of: code)
    }

    /// A diagnostic as one sentence: its message and what to do.
    static func sentence(_ diagnostic: Diagnostic) -> String {
        var text = diagnostic.message
        if let first = text.first { text = first.uppercased() + text.dropFirst() }
        if let hint = diagnostic.hint { text += " (\(hint))" }
        return text
    }

    /// A layout problem quotes the start of the text that does not fit; the field that holds it.
    static func field(ofLayoutProblem problem: String, values: ProfileFormValues) -> String {
        func holds(_ text: String) -> Bool {
            let start = text.trimmingCharacters(in: .whitespaces)
            return !start.isEmpty && problem.contains("'" + String(start.prefix(40)))
        }
        for (index, contact) in values.contacts.enumerated() {
            if holds(contact.name) { return "c\(index)-name" }
            if holds(contact.description) { return "c\(index)-description" }
            for (channelIndex, channel) in contact.channels.enumerated() {
                if holds(channel.label) { return "c\(index)-k\(channelIndex)-label" }
                if holds(channel.address) { return "c\(index)-k\(channelIndex)-address" }
            }
        }
        return "form"
    }

    /// The same problem in many documents and languages is said once, at its field, with where.
    static func layoutErrors(_ problems: [String], values: ProfileFormValues) -> [PageError] {
        var order: [String] = []
        var groups: [String: (field: String, message: String, places: [String])] = [:]
        for problem in problems {
            let field = Self.field(ofLayoutProblem: problem, values: values)
            var message = problem
            var place = ""
            if let separator = problem.range(of: ": ") {
                place = String(problem[..<separator.lowerBound])
                message = String(problem[separator.upperBound...])
            }
            // The template designer's half of the advice is not the communicator's to follow.
            message = message.replacingOccurrences(of: " (shorten the text or make the slot larger in the template)", with: "; shorten it")
            let key = field + "|" + message
            if groups[key] == nil {
                order.append(key)
                groups[key] = (field, message, [])
            }
            groups[key]?.places.append(place)
        }
        return order.compactMap { key in
            guard let group = groups[key] else { return nil }
            var text = group.message.prefix(1).uppercased() + group.message.dropFirst()
            let shown = group.places.prefix(3).joined(separator: "; ")
            text += group.places.count > 3 ? " (\(shown) and \(group.places.count - 3) more)" : " (\(shown))"
            return PageError(field: group.field, message: text)
        }
    }

    // MARK: Logo upload

    struct LogoUpload: Decodable {
        var _csrf: String
        var logo: Data
    }

    func uploadLogoForm(request: Request, context: WebContext, code: String, account: Account) async throws -> Response {
        let body = try await request.body.collect(upTo: Self.maximumLogoBytes + 64 * 1024)
        guard let contentType = request.headers[.contentType], let boundary = Self.boundary(contentType) else {
            throw HTTPError(.badRequest, message: "The logo must be sent as a file from the form.")
        }
        let upload: LogoUpload
        do {
            upload = try FormDataDecoder().decode(LogoUpload.self, from: body, boundary: boundary)
        } catch {
            throw HTTPError(.badRequest, message: "The form did not hold a logo file.")
        }
        guard let session = context.sessions.session, Self.constantTimeEqual(upload._csrf, session.csrf) else {
            throw HTTPError(.forbidden, message: "The form had expired or did not come from this site. Reload the page and send it again.")
        }
        let result = try await replaceLogo(code: code, bytes: [UInt8](upload.logo), account: account)
        switch result {
        case .saved:
            return Response.redirect(to: "\(Self.base)/kommun/\(code)?sparad=1#logo", type: .normal)
        case .refused(let reason):
            return try await profilePage(request: request, context: context, code: code, submitted: nil,
                                         errors: [PageError(field: "logo-file", message: reason)], status: .unprocessableContent)
        }
    }

    enum LogoResult: Sendable { case saved, refused(String) }

    /// Judges a logo by its content (never its name), checks the profile with it as every
    /// render would, and saves it; a refused logo leaves the previous one in place.
    func replaceLogo(code: String, bytes: [UInt8], account: Account) async throws -> LogoResult {
        let language = "sv"
        guard !bytes.isEmpty else { return .refused(text(language, "logo.empty")) }
        guard bytes.count <= Self.maximumLogoBytes else { return .refused(text(language, "logo.too-large")) }
        guard let fileExtension = Self.imageKind(bytes) else { return .refused(text(language, "logo.not-an-image")) }
        let loaded = try await engine.profile(code, store: store)
        switch await check(loaded.record, logoBytes: bytes, logoExtension: fileExtension) {
        case .invalid(let diagnostics, let layout):
            let reasons = diagnostics.map { $0.message } + layout
            return .refused(text(language, "logo.refused") + " " + reasons.joined(separator: " "))
        case .valid(let checked, let image):
            let logo = StoredLogo(sha256: Checksum.sha256(bytes), fileExtension: fileExtension, bytes: bytes)
            try await saveProfile(code: code, record: loaded.record, before: loaded, logo: logo, account: account,
                                  expectedRevision: loaded.stored.revision, checked: (checked, image))
            return .saved
        }
    }

    /// SVG, PNG or JPEG, told by the first bytes.
    static func imageKind(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpg" }
        var start = bytes[...]
        if start.starts(with: [0xEF, 0xBB, 0xBF]) { start = start.dropFirst(3) }
        while let first = start.first, first == 0x20 || first == 0x0A || first == 0x0D || first == 0x09 { start = start.dropFirst() }
        if start.first == UInt8(ascii: "<") {
            let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
            if head.contains("<svg") { return "svg" }
        }
        return nil
    }

    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for part in contentType.split(separator: ";") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix("boundary=") {
                return String(trimmed.dropFirst(9)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    // MARK: Preview and downloads

    func previewPage(request: Request, context: WebContext, code: String) async throws -> Response {
        let loaded = try await engine.profile(code, store: store)
        let language = ui(request)
        let documentID = request.uri.queryParameters.get("dokument") ?? "poster-victim"
        let tag = request.uri.queryParameters.get("sprak") ?? "sv"
        let size = request.uri.queryParameters.get("storlek") ?? "A4"
        guard let document = engine.renderer.templates.document(id: documentID), let campaignLanguage = engine.renderer.languages[tag] else {
            throw HTTPError(.notFound)
        }
        let sizes = document.sizes.map(\.rawValue)
        let chosenSize = sizes.contains(size) ? size : (sizes.first ?? "A4")
        let texts = try? engine.renderer.texts(tag)
        let unreviewed = tag != "sv" && !(texts?.unreviewed.isEmpty ?? true)
        let pageCount = document.pages.count
        let base = "\(Self.base)/kommun/\(code)/dokument/\(documentID)/\(tag)"
        let documentName = text(language, "document.\(documentID)")
        let languageName = language == "en" ? campaignLanguage.englishName : campaignLanguage.swedishName
        let view = ProfileView(tool: self, language: language, code: code, shownLanguage: nil, errors: [:])
        return try page("preview", request: request, context: context,
                        title: "\(documentName), \(languageName)", values: [
            "code": code, "name": loaded.record.municipality.name,
            "unreviewed": unreviewed,
            "pages": (1...max(pageCount, 1)).map { pageNumber in
                ["src": "\(base).png?storlek=\(chosenSize)&sida=\(pageNumber)&dpi=72&r=\(loaded.stored.revision)-\(engineGeneration)",
                 "alt": "\(documentName), \(languageName), \(text(language, "preview.page")) \(pageNumber) / \(pageCount)",
                 // Shown 595 pixels wide, in the page's own proportions (a slide is landscape).
                 "width": 595, "height": Int((595 * document.designSize.millimetres.height / document.designSize.millimetres.width).rounded())]
            },
            "downloads": downloads(document: document, base: base, size: chosenSize, language: language),
            "documents": view.documentOptions(selected: documentID),
            "languages": view.languageOptions(selected: tag),
            "sizes": sizes.map { ["value": $0, "label": $0, "selected": $0 == chosenSize] },
            "back": "\(Self.base)/kommun/\(code)", "base": Self.base,
        ])
    }

    /// The files a communicator can take away: for the screen, for a print shop (bleed and crop
    /// marks, or PDF/X for offset), for the office printer, and the slides as a video.
    func downloads(document: DocumentTemplate, base: String, size: String, language: String) -> [[String: String]] {
        func link(_ format: String, _ label: String, print: String? = nil) -> [String: String] {
            ["href": "\(base).\(format)?storlek=\(size)&ladda-ned=1" + (print.map { "&utskrift=\($0)" } ?? ""), "label": label]
        }
        if document.designSize.isScreen {
            var links = [link("png", "PNG (\(size))"), link("pdf", "PDF (\(size))")]
            if document.makesVideo {
                links.append(link("mp4", text(language, "preview.video")))
            }
            return links
        }
        return [
            link("pdf", "PDF (\(size))"),
            link("pdf", text(language, "preview.print-shop"), print: "tryckeri"),
            link("pdf", text(language, "preview.pdfx"), print: "pdfx"),
            link("pdf", text(language, "preview.office"), print: "kontor"),
            link("png", "PNG (\(size), 150 dpi)"),
            link("svg", "SVG (\(size))"),
        ]
    }

    /// `utskrift` of a download: how the file is put on paper.
    static func printOptions(_ name: String?) throws -> PrintOptions {
        switch name {
        case nil, "": return .screen
        case "tryckeri", "print-shop": return PrintOptions(bleed: 3, cropMarks: true)
        case "pdfx": return PrintOptions(variant: .pdfx, bleed: 3)
        case "kontor", "office": return PrintOptions(variant: .office)
        default: throw HTTPError(.badRequest, message: "utskrift must be tryckeri, pdfx or kontor")
        }
    }

    /// A document file: `ar.pdf`, `sv.png` (`sida` picks the page), `en.svg`, `se.mp4` (the slides).
    func documentFile(request: Request, context: WebContext, code: String) async throws -> Response {
        let documentID = try context.parameters.require("document")
        let file = try context.parameters.require("file")
        guard let dot = file.lastIndex(of: ".") else { throw HTTPError(.notFound) }
        let tag = String(file[..<dot])
        guard let format = OutputFormat(rawValue: String(file[file.index(after: dot)...])) else { throw HTTPError(.notFound) }
        let query = request.uri.queryParameters
        let size = query.get("storlek") ?? query.get("size") ?? "A4"
        let pageNumber = Int(query.get("sida") ?? query.get("page") ?? "1") ?? 1
        let dpi = Double(query.get("dpi") ?? "150") ?? 150
        guard (36...300).contains(dpi) else { throw HTTPError(.badRequest, message: "dpi must be between 36 and 300") }
        let printing = try Self.printOptions(query.get("utskrift"))
        let loaded = try await engine.profile(code, store: store)
        // The engine's generation too: a publish or a translator's review changes what is drawn.
        let engine = self.engine
        let key = "\(code)/\(loaded.stored.revision)/\(engineGeneration)/\(documentID)/\(tag)/\(size)/\(format.rawValue)/\(pageNumber)/\(dpi)\(printing.suffix)"
        let bytes: [UInt8]
        if let cached = previews.withLockedValue({ $0.entries[key] }) {
            bytes = cached
        } else {
            let request = RenderRequest(document: documentID, language: tag, size: size, format: format, dpi: dpi, markPreliminary: true,
                                        publicURL: configuration.publicURL, print: printing)
            let rendered: [RenderedPage]
            do {
                rendered = try await engine.render(request, profile: loaded)
            } catch let problem as Engine.Problem {
                if case .converter = problem {
                    // The server's converter failed (its log and message say why): not the request's fault.
                    throw HTTPError(.internalServerError, message: "the file could not be made on the server: \(problem.description)")
                }
                throw HTTPError(.notFound, message: problem.description)
            }
            guard let chosen = format == .pdf || format == .mp4 ? rendered.first : rendered.first(where: { ($0.page ?? 1) == pageNumber }) else {
                throw HTTPError(.notFound, message: "the document has no page \(pageNumber)")
            }
            bytes = chosen.bytes
            previews.withLockedValue { $0.insert(key, bytes) }
        }
        let download = query.get("ladda-ned") != nil
            ? "\(documentID)-\(tag)-\(size)\(printing.suffix)\(format == .pdf || format == .mp4 ? "" : "-\(pageNumber)").\(format.rawValue)" : nil
        return Self.file(bytes, type: Self.mediaType(format.rawValue), cache: "private, max-age=300", download: download)
    }

    // MARK: The pack

    func startPack(code: String) async throws {
        let loaded = try await engine.profile(code, store: store)
        let alreadyBuilding = packJobs.withLockedValue { jobs -> Bool in
            if case .building = jobs[code] { return true }
            jobs[code] = .building(done: 0, started: self.clock())
            return false
        }
        guard !alreadyBuilding else { return }
        let output = instanceFolder.appendingPathComponent("packs")
        let jobs = packJobs
        let builder = engine.packs
        let options = PackOptions(documents: engine.renderer.templates.documents.map(\.id), languages: engine.renderer.languages.tags,
                                  formats: [.pdf], zip: true, markPreliminary: true, publicURL: configuration.publicURL)
        let revision = loaded.stored.revision
        let generation = engineGeneration
        let clock = self.clock
        NIOThreadPool.singleton.submit { _ in
            do {
                let counter = NIOLockedValueBox(0)
                let report = try builder.build(profile: loaded.profile, options: options, output: output) { _, _ in
                    let done = counter.withLockedValue { count -> Int in
                        count += 1
                        return count
                    }
                    jobs.withLockedValue { jobs in
                        if case .building(_, let started) = jobs[code] { jobs[code] = .building(done: done, started: started) }
                    }
                }
                if let failure = report.failures.first {
                    jobs.withLockedValue { $0[code] = .failed(failure.description) }
                } else if let zip = report.zips.first {
                    jobs.withLockedValue { $0[code] = .ready(zip: zip, revision: revision, generation: generation, finished: clock(), files: report.written + report.unchanged) }
                } else {
                    jobs.withLockedValue { $0[code] = .failed("the pack was built, but no ZIP file was written") }
                }
            } catch {
                jobs.withLockedValue { $0[code] = .failed(PackBuilder.describe(error)) }
            }
        }
    }

    func packPage(request: Request, context: WebContext, code: String) async throws -> Response {
        let loaded = try await engine.profile(code, store: store)
        let language = ui(request)
        let job = packJobs.withLockedValue { $0[code] }
        var values: [String: Any] = ["code": code, "name": loaded.record.municipality.name, "back": "\(Self.base)/kommun/\(code)",
                                     "base": Self.base]
        let total = engine.renderer.templates.documents.reduce(0) { $0 + $1.sizes.count } * engine.renderer.languages.tags.count
        switch job {
        case .none:
            values["idle"] = true
        case .building(let done, _):
            values["building"] = true
            values["done"] = done
            values["total"] = total
        case .ready(_, let revision, let generation, _, let files):
            values["ready"] = true
            values["files"] = files
            values["stale"] = revision != loaded.stored.revision || generation != engineGeneration
            values["zip"] = "\(Self.base)/kommun/\(code)/paket.zip"
        case .failed(let reason):
            values["failed"] = reason
        }
        var response = try page("pack", request: request, context: context, title: "\(text(language, "pack.title")): \(loaded.record.municipality.name)",
                                values: values)
        if case .building = job { response.headers[HTTPField.Name("Refresh")!] = "2" }
        return response
    }

    func packDownload(code: String) async throws -> Response {
        let loaded = try await engine.profile(code, store: store)
        var current: (URL, Int)?
        if case .ready(let zip, let revision, let generation, _, _) = packJobs.withLockedValue({ $0[code] }), revision == loaded.stored.revision,
           generation == engineGeneration {
            current = (zip, revision)
        }
        if current == nil {
            try await startPack(code: code)
            // The API waits for the build: the incremental builder makes a rebuild quick.
            for _ in 0..<600 {
                if case .ready(let zip, let revision, let generation, _, _) = packJobs.withLockedValue({ $0[code] }) {
                    if revision == loaded.stored.revision && generation == engineGeneration {
                        current = (zip, revision)
                        break
                    }
                    // A build that began before a publish finished with the older data: build again.
                    try await startPack(code: code)
                }
                if case .failed(let reason) = packJobs.withLockedValue({ $0[code] }) {
                    throw HTTPError(.internalServerError, message: "The pack could not be built: \(reason)")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        guard let (zip, _) = current, let data = try? Data(contentsOf: zip) else {
            throw HTTPError(.serviceUnavailable, message: "The pack is still being built; try again in a moment.")
        }
        return Self.file([UInt8](data), type: "application/zip", download: zip.lastPathComponent)
    }
}
