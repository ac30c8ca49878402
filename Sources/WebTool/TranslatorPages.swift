import Diagnostics
import Drawing
import Foundation
import HTTPTypes
import Hummingbird
import InputRules
import Localization
import MultipartKit
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Rendering
import Store
import Templates
import Translations

/// What the import form sends when it is sent as multipart/form-data (a file, or the pasted text).
struct TranslationUpload: Decodable {
    var _csrf: String
    var xliff: String?
    var fil: Data?
}

/// The translators' pages: each language's texts beside the Swedish, one text at a time with the
/// page it is printed on, marking texts reviewed, and the XLIFF file for translators' tools.
/// The rules are the library modules' (`TranslationFile`, `TranslationReview`, the same calls as
/// `tmv translations export/import`); this file only puts them on pages. Plain forms, no JavaScript.
extension WebTool {
    static let translationBase = "\(WebTool.base)/oversattning"

    /// The checks' results per engine, sample profile revision, language and file version: the
    /// checks lay out every document in every size (about a second), and a page view must not.
    static let translationChecks = NIOLockedValueBox<[String: [Diagnostic]]>([:])

    static func translationPath(_ language: String) -> String { "translations/\(language).xlf" }

    // MARK: Who may translate what

    /// A translator or an administrator, or the request ends here: 404 for anyone else, as for a
    /// municipality an editor may not see.
    func translatorAccount(_ context: WebContext) throws -> Account {
        guard let account = context.account else { throw HTTPError(.unauthorized) }
        guard account.role == .translator || account.role == .admin else { throw HTTPError(.notFound) }
        return account
    }

    /// The language of the address, when the account may translate it; Swedish is the source and
    /// is not translated here.
    func translation(of context: WebContext) throws -> (language: String, account: Account) {
        let account = try translatorAccount(context)
        let language = try context.parameters.require("lang")
        guard language != "sv", engine.renderer.languages[language] != nil, account.mayTranslate(language) else {
            throw HTTPError(.notFound)
        }
        return (language, account)
    }

    func addTranslatorPages(to router: Router<WebContext>) {
        let base = Self.translationBase
        router.get("\(base)") { request, context -> Response in
            let account = try self.translatorAccount(context)
            return try await self.translationLanguagesPage(request: request, context: context, account: account)
        }
        router.get("\(base)/{lang}.xlf") { _, context -> Response in
            let (language, _) = try self.translation(of: context)
            return try await self.exportTranslation(language: language)
        }
        router.get("\(base)/{lang}") { request, context -> Response in
            let (language, _) = try self.translation(of: context)
            return try await self.translationLanguagePage(request: request, context: context, language: language)
        }
        router.post("\(base)/{lang}/granska-alla") { request, context -> Response in
            let (language, account) = try self.translation(of: context)
            _ = try await self.form(request, context: context)
            return try await self.reviewEveryUnit(request: request, context: context, language: language, account: account)
        }
        router.post("\(base)/{lang}/import") { request, context -> Response in
            let (language, account) = try self.translation(of: context)
            return try await self.importTranslation(request: request, context: context, language: language, account: account)
        }
        router.get("\(base)/{lang}/{unit}") { request, context -> Response in
            let (language, _) = try self.translation(of: context)
            let unit = try context.parameters.require("unit")
            return try await self.translationUnitPage(request: request, context: context, language: language, unitID: unit,
                                                      saved: request.uri.queryParameters.get("sparad") != nil)
        }
        router.post("\(base)/{lang}/{unit}") { request, context -> Response in
            let (language, account) = try self.translation(of: context)
            let unit = try context.parameters.require("unit")
            let form = try await self.form(request, context: context)
            return try await self.saveTranslationUnit(request: request, context: context, language: language, unitID: unit,
                                                      account: account, form: form)
        }
        router.get("\(base)/{lang}/{unit}/sida.png") { request, context -> Response in
            let (language, _) = try self.translation(of: context)
            let unit = try context.parameters.require("unit")
            return try await self.printedPageImage(request: request, language: language, unitID: unit)
        }
    }

    // MARK: The files, as the database holds them

    /// The Swedish source and one language's file, read with the same reader as `tmv`.
    struct TranslationFiles: Sendable {
        var language: String
        var source: TranslationFile
        var current: TranslationFile
        /// SHA-256 of the stored file: its version (empty when the database has none yet).
        var sha256: String
        var name: String { "Resources/translations/\(language).xlf" }
    }

    static func readStoredTranslation(_ text: String, name: String) throws -> TranslationFile {
        do throws(ValidationFailed) {
            return try TranslationFile.read(data: Array(text.utf8), name: name)
        } catch {
            throw HTTPError(.internalServerError, message: "\(name) in the database cannot be read: \(error.description)")
        }
    }

    func translationSource() async throws -> TranslationFile {
        guard let stored = try await store.resourceFile(path: Self.translationPath("sv")) else {
            throw HTTPError(.internalServerError, message: "the database holds no Swedish texts (translations/sv.xlf)")
        }
        return try Self.readStoredTranslation(stored.text, name: "Resources/translations/sv.xlf")
    }

    func translationFiles(_ language: String, source known: TranslationFile? = nil) async throws -> TranslationFiles {
        let source: TranslationFile
        if let known { source = known } else { source = try await translationSource() }
        let name = "Resources/translations/\(language).xlf"
        guard let stored = try await store.resourceFile(path: Self.translationPath(language)) else {
            return TranslationFiles(language: language, source: source,
                                    current: TranslationFile(sourceLanguage: source.sourceLanguage, targetLanguage: language, units: []),
                                    sha256: "")
        }
        return TranslationFiles(language: language, source: source, current: try Self.readStoredTranslation(stored.text, name: name),
                                sha256: stored.sha256)
    }

    // MARK: The checks (`tmv translations check` and `import`)

    /// The review `tmv translations check` runs, with the sample municipality (0000) standing in
    /// for every municipality's contacts.
    struct TranslationChecker: Sendable {
        var review: TranslationReview
        /// What the results depend on besides the file: this engine and the sample's revision.
        var key: String
    }

    func translationChecker() async throws -> TranslationChecker {
        let engine = self.engine
        let sample: Engine.LoadedProfile
        do {
            sample = try await engine.profile("0000", store: store)
        } catch {
            throw HTTPError(.internalServerError,
                            message: "the translations are checked by laying them out with the sample municipality 0000, which cannot be loaded: \(error)")
        }
        return TranslationChecker(review: TranslationReview(renderer: engine.renderer, profile: sample.profile, logo: sample.logo),
                                  key: "\(engine.work.path)|\(sample.stored.revision)")
    }

    /// Every problem of a language's file, as `tmv translations check` reports them: the errors of
    /// `TranslationReview.problems` (what `import` refuses) and the warnings of the omission check.
    /// `fileKey`: the stored file's SHA-256, so its results are kept; nil for a file not stored.
    func translationProblems(_ file: TranslationFile, files: TranslationFiles, checker: TranslationChecker,
                             fileKey: String?) async throws -> [Diagnostic] {
        let key = fileKey.map { "\(checker.key)|\(files.language)|\($0)" }
        if let key, let cached = Self.translationChecks.withLockedValue({ $0[key] }) { return cached }
        let review = checker.review
        let language = files.language
        let name = files.name
        let source = files.source
        let rightToLeft = review.renderer.languages[language]?.direction == .rightToLeft
        let found = try await NIOThreadPool.singleton.runIfActive { () -> [Diagnostic] in
            review.problems(language: language, file: file, name: name, source: source, rightToLeft: rightToLeft)
                + OmissionDetector.warnings(in: file, name: name, language: language, source: source)
        }
        if let key {
            Self.translationChecks.withLockedValue { cache in
                if cache.count >= 64 { cache.removeAll() }
                cache[key] = found
            }
        }
        return found
    }

    /// A problem without its line, to tell whether a change brought it or it was there before.
    static func problemKey(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.entry ?? "")|\(diagnostic.field ?? "")|\(diagnostic.message)"
    }

    /// A problem as a sentence for a page: the unit (when asked), where in it, what, what to do.
    static func translationProblemText(_ diagnostic: Diagnostic, entry: Bool = true) -> String {
        var text = ""
        if entry, let unit = diagnostic.entry { text += "\(unit): " }
        if let field = diagnostic.field, field != "target" { text += "\(field): " }
        text += diagnostic.message
        if let hint = diagnostic.hint { text += " (\(hint))" }
        return text
    }

    /// What a form's unit was read at: a save from an older page is refused, not silently applied.
    static func basis(_ unit: TranslationUnit?) -> String {
        String(Checksum.sha256((unit?.target ?? "") + "\u{1F}" + (unit?.state.rawValue ?? "")).prefix(16))
    }

    /// A textarea's text as the files hold it: browsers send CRLF, the files have LF.
    static func formText(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func queryEncoded(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The file with one unit's target and state set; a unit the file lacks is added where the
    /// Swedish file has it.
    static func setting(_ id: String, target: String, state: TranslationState, in file: TranslationFile,
                        source: TranslationFile) -> TranslationFile {
        var changed = file
        if let index = changed.units.firstIndex(where: { $0.id == id }) {
            changed.units[index].target = target
            changed.units[index].state = state
            return changed
        }
        guard let position = source.units.firstIndex(where: { $0.id == id }) else { return changed }
        let sourceUnit = source.units[position]
        let earlier = Set(source.units[..<position].map(\.id))
        let at = changed.units.lastIndex(where: { earlier.contains($0.id) }).map { $0 + 1 } ?? 0
        changed.units.insert(TranslationUnit(id: id, source: sourceUnit.source, target: target, state: state, notes: sourceUnit.notes),
                             at: at)
        return changed
    }

    func languageName(_ campaign: CampaignLanguage, ui: String) -> String {
        ui == "en" ? campaign.englishName : campaign.swedishName
    }

    static func direction(_ campaign: CampaignLanguage) -> String {
        campaign.direction == .rightToLeft ? "rtl" : "ltr"
    }

    /// Units, translated (a non-empty target) and reviewed, over the Swedish file's units.
    static func translationCounts(_ files: TranslationFiles) -> (units: Int, translated: Int, reviewed: Int) {
        let current = Dictionary(files.current.units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var translated = 0
        var reviewed = 0
        for unit in files.source.units {
            guard let found = current[unit.id], let target = found.target, !target.isEmpty else { continue }
            translated += 1
            if found.state.isReviewed { reviewed += 1 }
        }
        return (files.source.units.count, translated, reviewed)
    }

    // MARK: The languages

    func translationLanguagesPage(request: Request, context: WebContext, account: Account) async throws -> Response {
        let shown = ui(request)
        let engine = self.engine
        let source = try await translationSource()
        var rows: [[String: Any]] = []
        for campaign in engine.renderer.languages.languages where campaign.tag != "sv" && account.mayTranslate(campaign.tag) {
            let files = try await translationFiles(campaign.tag, source: source)
            let counts = Self.translationCounts(files)
            // As the pack's manifest says it: reviewed when no text of the language is unreviewed.
            let reviewed = engine.texts[campaign.tag]?.unreviewed.isEmpty == true
            rows.append([
                "tag": campaign.tag, "name": languageName(campaign, ui: shown), "endonym": campaign.endonym,
                "dir": Self.direction(campaign), "href": "\(Self.translationBase)/\(campaign.tag)",
                "units": counts.units, "translated": counts.translated, "reviewed": counts.reviewed,
                "status": text(shown, reviewed ? "translate.status-reviewed" : "translate.status-preliminary"),
            ])
        }
        return try page("translate-languages", request: request, context: context, title: text(shown, "translate.title"), values: [
            "languages": rows, "none": rows.isEmpty,
        ])
    }

    // MARK: One language

    func translationLanguagePage(request: Request, context: WebContext, language tag: String, errors: [PageError] = [],
                                 pasted: String = "", status: HTTPResponse.Status = .ok) async throws -> Response {
        let shown = ui(request)
        guard let campaign = engine.renderer.languages[tag] else { throw HTTPError(.notFound) }
        let files = try await translationFiles(tag)
        let checker = try await translationChecker()
        let problems = try await translationProblems(files.current, files: files, checker: checker, fileKey: files.sha256)
        let known = Set(files.source.units.map(\.id))
        let byUnit = Dictionary(grouping: problems.filter { known.contains($0.entry ?? "") }, by: { $0.entry ?? "" })
        let fileProblems = problems.filter { !known.contains($0.entry ?? "") }
        let current = Dictionary(files.current.units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let counts = Self.translationCounts(files)
        let name = languageName(campaign, ui: shown)
        let units = files.source.units.map { unit -> [String: Any] in
            let translated = current[unit.id]
            let target = translated?.target ?? ""
            let found = byUnit[unit.id] ?? []
            return Self.present([
                "id": unit.id, "href": "\(Self.translationBase)/\(tag)/\(unit.id)", "source": unit.source,
                "notes": unit.notes.map { ["text": $0] },
                "target": target, "untranslated": target.isEmpty,
                "state": text(shown, "translate.state-\(translated?.state.rawValue ?? TranslationState.initial.rawValue)"),
                "unit_problems": found.map { problem -> [String: Any] in ["message": Self.translationProblemText(problem, entry: false), "warning": problem.severity == .warning] },
                "unit_ok": found.isEmpty,
            ])
        }
        let query = request.uri.queryParameters
        var values: [String: Any] = Self.present([
            "lang": tag, "dir": Self.direction(campaign), "language_name": name,
            "units": units,
            "count_units": counts.units, "count_translated": counts.translated, "count_reviewed": counts.reviewed,
            "status": text(shown, engine.texts[tag]?.unreviewed.isEmpty == true ? "translate.status-reviewed" : "translate.status-preliminary"),
            "file_problems": fileProblems.map { ["message": Self.translationProblemText($0)] },
            "has_file_problems": !fileProblems.isEmpty,
            "review_action": "\(Self.translationBase)/\(tag)/granska-alla",
            "import_action": "\(Self.translationBase)/\(tag)/import",
            "export_href": "\(Self.translationBase)/\(tag).xlf",
            "back": Self.translationBase,
            "xliff": pasted,
            "xliff_error": errors.contains(where: { $0.field == "xliff" }) ? text(shown, "translate.import-refused") : nil,
        ])
        if let marked = query.get("granskade").flatMap({ Int($0) }) {
            values["reviewed_notice"] = "\(marked) \(text(shown, "translate.reviewed-count"))"
            if let left = query.get("kvar").flatMap({ Int($0) }), left > 0 {
                values["skipped_notice"] = "\(left) \(text(shown, "translate.skipped-count"))"
            }
        }
        if let imported = query.get("importerad").flatMap({ Int($0) }) {
            values["imported_notice"] = "\(text(shown, "translate.imported")) \(imported) \(text(shown, "translate.imported-units"))"
        }
        return try page("translate-language", request: request, context: context,
                        title: "\(text(shown, "translate.language-title")) \(name)", values: values, errors: errors, status: status)
    }

    /// Marks every translated unit reviewed: the translator has read them all. A unit the checks
    /// find a problem in stays unreviewed, so a lost number is never printed without the mark.
    /// What the page and the API both run; it writes the change log. Throws
    /// `EditorialError.fileChanged` (nothing stored) when someone saved the file meanwhile.
    func markEveryUnitReviewed(language tag: String, account: Account) async throws -> (marked: [String], skipped: [String]) {
        let files = try await translationFiles(tag)
        let checker = try await translationChecker()
        let problems = try await translationProblems(files.current, files: files, checker: checker, fileKey: files.sha256)
        let withErrors = Set(problems.filter { $0.severity == .error }.compactMap(\.entry))
        var file = files.current
        var marked: [String] = []
        var skipped: [String] = []
        for index in file.units.indices {
            let unit = file.units[index]
            guard let target = unit.target, !target.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, !unit.state.isReviewed else {
                continue
            }
            if withErrors.contains(unit.id) {
                skipped.append(unit.id)
                continue
            }
            file.units[index].state = .reviewed
            marked.append(unit.id)
        }
        if !marked.isEmpty {
            let xliff = file.xliff()
            let audit = [AuditEntry(at: now, actor: account.email, entity: "translation:\(tag)", field: "every translated unit reviewed",
                                    before: "\(marked.count) units translated, not reviewed",
                                    after: "reviewed: " + marked.joined(separator: ", "))]
            try await store.putResourceFile(path: Self.translationPath(tag), text: xliff, sha256: Checksum.sha256(xliff),
                                            replacing: files.sha256, audit: audit)
            try await refreshEngine()
        }
        return (marked, skipped)
    }

    /// The page's "mark every text reviewed": back to the language with how many were marked.
    func reviewEveryUnit(request: Request, context: WebContext, language tag: String, account: Account) async throws -> Response {
        let result: (marked: [String], skipped: [String])
        do {
            result = try await markEveryUnitReviewed(language: tag, account: account)
        } catch EditorialError.fileChanged {
            // Nothing was typed, so nothing is kept: the page says to do it again on fresh texts.
            return try await translationLanguagePage(request: request, context: context, language: tag,
                                                     errors: [PageError(field: "review-all-heading",
                                                                        message: text(request, "translate.file-changed-meanwhile"))],
                                                     status: .conflict)
        }
        return Response.redirect(to: "\(Self.translationBase)/\(tag)?granskade=\(result.marked.count)&kvar=\(result.skipped.count)",
                                 type: .normal)
    }

    // MARK: Export and import (as `tmv translations export` and `import`)

    /// The file to send to a translator, built as `tmv translations export` builds it: every
    /// Swedish unit, with the current translations.
    func exportTranslation(language tag: String) async throws -> Response {
        let files = try await translationFiles(tag)
        let file = TranslationFile.forTranslator(language: tag, source: files.source, current: files.current)
        let xliff = file.xliff(comment: TranslationFile.exportComment(language: tag))
        return Self.file(Array(xliff.utf8), type: "application/xliff+xml; charset=utf-8", download: "\(tag).xlf")
    }

    /// What an imported file came to: stored (with how many units changed), or refused whole
    /// with every problem, nothing stored.
    enum ImportOutcome: Sendable {
        case imported(changed: Int)
        case refused([Diagnostic])
    }

    /// A file that came back from a translator, checked as `tmv translations import` checks it:
    /// any problem refuses it whole, with every problem listed, and nothing is stored. What the
    /// page and the API both run; it writes the change log. Throws `EditorialError.fileChanged`
    /// (nothing stored) when someone saved the language's file meanwhile.
    func importTranslationFile(_ data: [UInt8], language tag: String, account: Account) async throws -> ImportOutcome {
        let files = try await translationFiles(tag)
        let name = "\(tag).xlf"
        let imported: TranslationFile
        do throws(ValidationFailed) {
            imported = try TranslationFile.read(data: data, name: name)
        } catch {
            return .refused(error.diagnostics)
        }
        guard imported.targetLanguage == tag else {
            return .refused([Diagnostic(file: name, field: "trgLang",
                                        message: "the file is for '\(imported.targetLanguage ?? "no language")', not '\(tag)'",
                                        hint: "export this language's file here and translate that one")])
        }
        let checker = try await translationChecker()
        let problems = try await translationProblems(imported, files: files, checker: checker, fileKey: nil).filter { $0.severity == .error }
        guard problems.isEmpty else { return .refused(problems) }
        let xliff = imported.xliff()
        let sha = Checksum.sha256(xliff)
        var changed = 0
        if sha != files.sha256 {
            var audit: [AuditEntry] = []
            func line(_ field: String, _ before: String?, _ after: String?) {
                audit.append(AuditEntry(at: now, actor: account.email, entity: "translation:\(tag)", field: field, before: before, after: after))
            }
            for unit in imported.units {
                let old = files.current.unit(unit.id)
                if old?.target != unit.target { line(unit.id, old?.target, unit.target) }
                if old?.state != unit.state { line("\(unit.id) reviewed", old?.state.rawValue, unit.state.rawValue) }
                if old?.target != unit.target || old?.state != unit.state { changed += 1 }
            }
            for old in files.current.units where imported.unit(old.id) == nil {
                line(old.id, old.target, nil)
                changed += 1
            }
            let reviewed = imported.units.filter(\.state.isReviewed).count
            audit.insert(AuditEntry(at: now, actor: account.email, entity: "translation:\(tag)", field: "file imported",
                                    before: files.sha256.isEmpty ? nil : "sha256:\(files.sha256)",
                                    after: "sha256:\(sha) (\(imported.units.count) units, \(reviewed) reviewed)"), at: 0)
            try await store.putResourceFile(path: Self.translationPath(tag), text: xliff, sha256: sha, replacing: files.sha256, audit: audit)
            try await refreshEngine()
        }
        return .imported(changed: changed)
    }

    /// The page's import form: a file, or the pasted text.
    func importTranslation(request: Request, context: WebContext, language tag: String, account: Account) async throws -> Response {
        let limit = Limits.FileKind.translation.maximumBytes
        // Pasted text arrives percent-encoded (up to three times its size), or beside a file.
        let body = try await request.body.collect(upTo: 3 * limit + 64 * 1024)
        var token: String?
        var pasted = ""
        var uploaded: [UInt8] = []
        if let contentType = request.headers[.contentType], let boundary = Self.boundary(contentType) {
            let upload: TranslationUpload
            do {
                upload = try FormDataDecoder().decode(TranslationUpload.self, from: body, boundary: boundary)
            } catch {
                throw HTTPError(.badRequest, message: "The form did not hold a translation file.")
            }
            token = upload._csrf
            pasted = upload.xliff ?? ""
            uploaded = upload.fil.map { [UInt8]($0) } ?? []
        } else {
            let fields = Self.decodeForm(String(buffer: body))
            token = fields["_csrf"]
            pasted = fields["xliff"] ?? ""
        }
        guard let session = context.sessions.session, let token, Self.constantTimeEqual(token, session.csrf) else {
            throw HTTPError(.forbidden, message: "The form had expired or did not come from this site. Go back, reload the page and send it again.")
        }
        func refuse(_ messages: [String], status: HTTPResponse.Status = .unprocessableContent) async throws -> Response {
            try await translationLanguagePage(request: request, context: context, language: tag,
                                              errors: messages.map { PageError(field: "xliff", message: $0) },
                                              pasted: uploaded.isEmpty ? pasted : "", status: status)
        }
        let data = uploaded.isEmpty ? Array(pasted.trimmingCharacters(in: .whitespacesAndNewlines).utf8) : uploaded
        guard !data.isEmpty else { return try await refuse([text(request, "translate.import-empty")]) }
        guard data.count <= limit else { return try await refuse([text(request, "translate.import-too-large")]) }
        let outcome: ImportOutcome
        do {
            outcome = try await importTranslationFile(data, language: tag, account: account)
        } catch EditorialError.fileChanged {
            return try await refuse([text(request, "translate.file-changed-meanwhile")], status: .conflict)
        }
        switch outcome {
        case .refused(let problems):
            return try await refuse(problems.map { Self.translationProblemText($0) })
        case .imported(let changed):
            return Response.redirect(to: "\(Self.translationBase)/\(tag)?importerad=\(changed)", type: .normal)
        }
    }

    // MARK: One text

    struct UnitForm: Sendable {
        var target: String
        var reviewed: Bool
    }

    func translationUnitPage(request: Request, context: WebContext, language tag: String, unitID: String,
                             submitted: UnitForm? = nil, problems shownProblems: [Diagnostic]? = nil, preview: String? = nil,
                             errors: [PageError] = [], saved: Bool = false, status: HTTPResponse.Status = .ok) async throws -> Response {
        let shown = ui(request)
        guard let campaign = engine.renderer.languages[tag] else { throw HTTPError(.notFound) }
        let files = try await translationFiles(tag)
        guard let sourceUnit = files.source.unit(unitID) else { throw HTTPError(.notFound) }
        let current = files.current.unit(unitID)
        let problems: [Diagnostic]
        if let shownProblems {
            problems = shownProblems
        } else {
            let checker = try await translationChecker()
            problems = try await translationProblems(files.current, files: files, checker: checker, fileKey: files.sha256)
                .filter { $0.entry == unitID }
        }
        let name = languageName(campaign, ui: shown)
        let unitBase = "\(Self.translationBase)/\(tag)/\(unitID)"
        var values: [String: Any] = Self.present([
            "unit": unitID, "source": sourceUnit.source, "notes": sourceUnit.notes.map { ["text": $0] },
            "has_notes": !sourceUnit.notes.isEmpty,
            "lang": tag, "dir": Self.direction(campaign), "language_name": name,
            "action": unitBase, "basis": Self.basis(current),
            "target": submitted?.target ?? current?.target ?? "",
            "is_reviewed": submitted?.reviewed ?? (current?.state.isReviewed ?? false),
            "state": text(shown, "translate.state-\(current?.state.rawValue ?? TranslationState.initial.rawValue)"),
            "saved_target": (submitted != nil || preview != nil) ? current?.target : nil,
            "saved": saved, "previewing": preview != nil,
            "problems": problems.map { problem -> [String: Any] in
                ["message": Self.translationProblemText(problem, entry: problem.entry != unitID), "warning": problem.severity == .warning]
            },
            "no_problems": problems.isEmpty,
            "target_error": errors.filter { $0.field == "target" }.map(\.message).joined(separator: " "),
            "back": "\(Self.translationBase)/\(tag)",
        ])
        // Where it is printed: the first page showing it, with the saved texts or the typed one.
        if preview == nil && (current?.target ?? "").isEmpty {
            values["not_rendered"] = text(shown, "translate.not-translated-yet")
        } else {
            do {
                if let printed = try await printedPage(language: tag, unit: unitID, text: preview, draw: false) {
                    let documentName = text(shown, "document.\(printed.document.id)")
                    let size = printed.document.designSize.millimetres
                    var alt = "\(documentName), \(text(shown, "translate.page")) \(printed.page), \(text(shown, "translate.printed-in")) \(name)"
                    if preview != nil { alt += " (\(text(shown, "translate.unsaved")))" }
                    values["printed"] = [
                        "src": "\(unitBase)/sida.png" + (preview.map { "?text=\(Self.queryEncoded($0))" } ?? ""),
                        "alt": alt, "caption": alt,
                        "width": 420, "height": Int((420 * size.height / size.width).rounded()),
                    ] as [String: Any]
                } else {
                    values["not_printed"] = true
                }
            } catch {
                values["not_rendered"] = "\(text(shown, "translate.not-rendered")) \((error as? Engine.Problem)?.description ?? "\(error)")"
            }
        }
        return try page("translate-unit", request: request, context: context,
                        title: "\(text(shown, "translate.unit-title")) \(unitID), \(name)", values: values, errors: errors, status: status)
    }

    /// One text changed in a language's file, read back through the reader and checked.
    enum UnitProposal: Sendable {
        /// The reader refuses the file with the text: its problems.
        case unreadable([Diagnostic])
        /// `shown`: this text's problems and the errors the change brings to other texts;
        /// `blocking`: the errors among them, which refuse the save.
        case checked(proposed: TranslationFile, shown: [Diagnostic], blocking: [Diagnostic])
    }

    /// What a save of one text came to.
    enum UnitSaveOutcome: Sendable {
        case saved
        /// The file already held the text and its state: nothing stored, nothing logged.
        case unchanged
        /// `shown`: every problem to show with the text; `blocking`: those that refused it.
        case refused(shown: [Diagnostic], blocking: [Diagnostic])
        /// The text changed after it was read (its basis differs): nothing stored.
        case changedSinceRead
        /// Someone saved the language's file while this save was checked: nothing stored.
        case conflict(EditorialError)
    }

    /// The file with one text set, checked as `tmv translations import` checks a file: a problem
    /// of this text refuses it, and so does an error it brings to another text (problems other
    /// texts already had do not).
    func proposeTranslationUnit(_ unitID: String, target: String, reviewed: Bool, in files: TranslationFiles) async throws -> UnitProposal {
        let old = files.current.unit(unitID)
        let state: TranslationState = reviewed ? (old?.state == .final ? .final : .reviewed) : .translated
        let changed = Self.setting(unitID, target: target, state: state, in: files.current, source: files.source)
        // Through the reader, as an imported file is: the one gate every printed text passes.
        let proposed: TranslationFile
        do throws(ValidationFailed) {
            proposed = try TranslationFile.read(data: Array(changed.xliff().utf8), name: files.name)
        } catch {
            return .unreadable(error.diagnostics)
        }
        let checker = try await translationChecker()
        let before = try await translationProblems(files.current, files: files, checker: checker, fileKey: files.sha256)
        let after = try await translationProblems(proposed, files: files, checker: checker, fileKey: nil)
        let existing = Set(before.filter { $0.severity == .error }.map(Self.problemKey))
        let shown = after.filter { $0.entry == unitID || ($0.severity == .error && !existing.contains(Self.problemKey($0))) }
        return .checked(proposed: proposed, shown: shown, blocking: shown.filter { $0.severity == .error })
    }

    /// Saves one text when the checks allow it: what the page and the API both run; it writes
    /// the change log. `basis`: what the client read the text at (`Self.basis`); nil saves over
    /// whatever the file holds (a page form always sends one).
    func storeTranslationUnit(_ unitID: String, target: String, reviewed: Bool, basis: String?, in files: TranslationFiles,
                              account: Account) async throws -> UnitSaveOutcome {
        let tag = files.language
        let old = files.current.unit(unitID)
        if let basis, basis != Self.basis(old) { return .changedSinceRead }
        let proposed: TranslationFile
        switch try await proposeTranslationUnit(unitID, target: target, reviewed: reviewed, in: files) {
        case .unreadable(let refusals):
            return .refused(shown: refusals, blocking: refusals)
        case .checked(let file, let shown, let blocking):
            guard blocking.isEmpty else { return .refused(shown: shown, blocking: blocking) }
            proposed = file
        }
        let new = proposed.unit(unitID)
        var audit: [AuditEntry] = []
        if old?.target != new?.target {
            audit.append(AuditEntry(at: now, actor: account.email, entity: "translation:\(tag)", field: unitID,
                                    before: old?.target, after: new?.target))
        }
        if old?.state != new?.state {
            audit.append(AuditEntry(at: now, actor: account.email, entity: "translation:\(tag)", field: "\(unitID) reviewed",
                                    before: old?.state.rawValue, after: new?.state.rawValue))
        }
        guard !audit.isEmpty else { return .unchanged }
        let xliff = proposed.xliff()
        do {
            try await store.putResourceFile(path: Self.translationPath(tag), text: xliff, sha256: Checksum.sha256(xliff),
                                            replacing: files.sha256, audit: audit)
        } catch let refusal as EditorialError {
            return .conflict(refusal)
        }
        try await refreshEngine()
        return .saved
    }

    /// Saves one text, or shows it on its page first ("Preview"): the whole file with the change
    /// is checked as `tmv translations import` checks a file; a problem of this text refuses it
    /// (problems other texts already had do not).
    func saveTranslationUnit(request: Request, context: WebContext, language tag: String, unitID: String, account: Account,
                             form: [String: String]) async throws -> Response {
        let files = try await translationFiles(tag)
        guard files.source.unit(unitID) != nil else { throw HTTPError(.notFound) }
        let typed = Self.formText(form["target"] ?? "")
        let submitted = UnitForm(target: typed, reviewed: form["reviewed"] != nil)
        func refused(_ shown: [Diagnostic], _ blocking: [Diagnostic]) async throws -> Response {
            try await translationUnitPage(request: request, context: context, language: tag, unitID: unitID, submitted: submitted,
                                          problems: shown,
                                          errors: blocking.map { PageError(field: "target", message: Self.translationProblemText($0, entry: $0.entry != unitID)) },
                                          status: .unprocessableContent)
        }
        if form["handling"] == "forhandsvisa" {
            switch try await proposeTranslationUnit(unitID, target: typed, reviewed: submitted.reviewed, in: files) {
            case .unreadable(let refusals):
                return try await refused(refusals, refusals)
            case .checked(let proposed, let shown, _):
                return try await translationUnitPage(request: request, context: context, language: tag, unitID: unitID, submitted: submitted,
                                                     problems: shown, preview: proposed.unit(unitID)?.target ?? typed)
            }
        }
        switch try await storeTranslationUnit(unitID, target: typed, reviewed: submitted.reviewed, basis: form["basis"], in: files,
                                              account: account) {
        case .saved, .unchanged:
            return Response.redirect(to: "\(Self.translationBase)/\(tag)/\(unitID)?sparad=1", type: .normal)
        case .refused(let shown, let blocking):
            return try await refused(shown, blocking)
        case .changedSinceRead:
            return try await translationUnitPage(request: request, context: context, language: tag, unitID: unitID, submitted: submitted,
                                                 errors: [PageError(field: "target", message: text(request, "translate.changed-meanwhile"))],
                                                 status: .conflict)
        case .conflict(let refusal):
            // The typed text is on the page again, so the store's "your text is kept below" holds.
            return try await translationUnitPage(request: request, context: context, language: tag, unitID: unitID, submitted: submitted,
                                                 errors: [PageError(field: "target", message: refusal.description)], status: .conflict)
        }
    }

    // MARK: Where a text is printed

    struct PrintedPage: Sendable {
        var document: DocumentTemplate
        /// 1-based, as the document's pages are counted.
        var page: Int
        var png: [UInt8]?
    }

    /// The first document page with a text slot of this unit.
    static func firstTextSlot(of unit: String, in templates: TemplateLibrary) -> (document: DocumentTemplate, slot: String)? {
        for document in templates.documents {
            for page in document.pages {
                if let slot = page.slots.first(where: { $0.kind == .text && $0.option("text") == unit }) {
                    return (document, slot.id)
                }
            }
        }
        return nil
    }

    /// That page laid out with the sample municipality and the language's current texts (or with
    /// `text` in place of the unit's), and drawn at low resolution when `draw`; nil when no
    /// document prints the unit in a text slot of its own.
    func printedPage(language: String, unit: String, text: String?, draw: Bool) async throws -> PrintedPage? {
        let engine = self.engine
        guard let found = Self.firstTextSlot(of: unit, in: engine.renderer.templates) else { return nil }
        let sample = try await engine.profile("0000", store: store)
        let publicURL = configuration.publicURL
        let document = found.document
        let slotID = found.slot
        return try await NIOThreadPool.singleton.runIfActive { () throws -> PrintedPage in
            guard var texts = engine.texts[language] else { throw Engine.Problem.engine("there are no texts in \(language)") }
            if let text { texts.texts[unit] = text }
            let request = RenderRequest(document: document.id, language: language, size: document.designSize.rawValue, format: .png,
                                        dpi: 72, markPreliminary: true, publicURL: publicURL)
            let laidOut: LaidOutDocument
            do throws(RenderFailure) {
                laidOut = try engine.renderer.layout(request, profile: sample.profile, logo: sample.logo, texts: texts)
            } catch {
                throw Engine.Problem.engine(error.description)
            }
            guard !laidOut.pages.isEmpty else { throw Engine.Problem.engine("\(document.id) has no pages") }
            let index = laidOut.pages.firstIndex { $0.textBlocks.contains { $0.slot == slotID } } ?? 0
            var png: [UInt8]?
            if draw {
                do throws(RenderError) {
                    png = try PageRenderer().png(laidOut.pages[index], dpi: 72)
                } catch {
                    throw Engine.Problem.engine(error.message)
                }
            }
            return PrintedPage(document: document, page: index + 1, png: png)
        }
    }

    /// The page as PNG; `text` shows it with a text not saved yet (the unit page's preview).
    func printedPageImage(request: Request, language: String, unitID: String) async throws -> Response {
        guard engine.texts["sv"]?[unitID] != nil else { throw HTTPError(.notFound) }
        var typed: String?
        if let text = request.uri.queryParameters.get("text") {
            do throws(PrintableText.Refusal) {
                typed = try PrintableText.check(Self.formText(text), kind: .paragraph, allowLineBreaks: true)
            } catch {
                throw HTTPError(.unprocessableContent, message: error.description)
            }
        }
        let printed: PrintedPage?
        do {
            printed = try await printedPage(language: language, unit: unitID, text: typed, draw: true)
        } catch let problem as Engine.Problem {
            throw HTTPError(.unprocessableContent, message: problem.description)
        }
        guard let png = printed?.png else { throw HTTPError(.notFound) }
        return Self.file(png, type: "image/png")
    }
}
