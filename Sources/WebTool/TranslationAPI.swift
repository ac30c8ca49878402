import Diagnostics
import Foundation
import HTTPTypes
import Hummingbird
import InputRules
import Localization
import NIOCore
import Store
import Translations

/// The translators' work through the JSON API: each language's texts with what the checks find,
/// one text saved, every text marked reviewed, the XLIFF file out and back in. The same checks,
/// the same change log and the same access as the pages (`TranslatorPages.swift` holds the
/// shared core): a translator reaches her languages, an admin all; anyone else gets 404.
extension WebTool {
    /// A problem the checks find, as the API shows it.
    struct TranslationProblemBody: Encodable {
        var severity: String
        var message: String
    }

    /// One text (XLIFF unit) as the API shows it.
    struct TranslationUnitBody: Encodable {
        var id: String
        /// The Swedish text.
        var source: String
        var target: String?
        /// initial, translated, reviewed or final.
        var state: String
        var notes: [String]
        var problems: [TranslationProblemBody]
        /// What the text is at now: send it in If-Match to change it.
        var basis: String
    }

    /// A language as the API shows it: with its texts when one language is asked for.
    struct TranslationLanguageBody: Encodable {
        struct Counts: Encodable {
            var units: Int
            var translated: Int
            var reviewed: Int
        }
        var language: String
        var name: String
        var endonym: String
        var direction: String
        var counts: Counts
        /// "reviewed" when no text of the language is unreviewed, as the pack's manifest says it.
        var review: String
        /// The stored file's SHA-256 (the ETag of the language), absent before one is stored.
        var sha256: String?
        var fileProblems: [TranslationProblemBody]?
        var units: [TranslationUnitBody]?

        enum CodingKeys: String, CodingKey {
            case language, name, endonym, direction, counts, review, sha256, units
            case fileProblems = "file_problems"
        }
    }

    static let translationAPIBase = "/api/v1/translations"

    /// The refusal of a write that came after someone else saved the language's texts.
    static let translationFileChangedMessage =
        "Someone saved this language's texts while this change was being checked; nothing was stored. Read the texts again (GET /api/v1/translations/{lang}) and send the change again."

    /// `If-Match: "abc"` (or W/"abc") → abc; nil without the header.
    static func entityTag(_ request: Request) -> String? {
        guard var value = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if value.hasPrefix("W/") { value.removeFirst(2) }
        let tag = value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return tag.isEmpty ? nil : tag
    }

    static func basisRequired() throws -> Response {
        try apiError(HTTPResponse.Status(code: 428, reasonPhrase: "Precondition Required"),
                     [.init(field: "If-Match",
                            message: "Send the basis of the text you changed in If-Match (GET /api/v1/translations/{lang} gives every text's basis; GET /api/v1/translations/{lang}/units/{unit} gives it as its ETag).")])
    }

    static func problemBody(_ diagnostic: Diagnostic) -> TranslationProblemBody {
        TranslationProblemBody(severity: diagnostic.severity.rawValue, message: translationProblemText(diagnostic, entry: false))
    }

    func translationSummary(_ files: TranslationFiles, campaign: CampaignLanguage) -> TranslationLanguageBody {
        let counts = Self.translationCounts(files)
        let reviewed = engine.texts[campaign.tag]?.unreviewed.isEmpty == true
        return TranslationLanguageBody(language: campaign.tag, name: campaign.englishName, endonym: campaign.endonym,
                                       direction: Self.direction(campaign),
                                       counts: .init(units: counts.units, translated: counts.translated, reviewed: counts.reviewed),
                                       review: reviewed ? "reviewed" : "not reviewed",
                                       sha256: files.sha256.isEmpty ? nil : files.sha256)
    }

    /// Every problem of the stored file, as the language page shows them.
    func storedTranslationProblems(_ files: TranslationFiles) async throws -> [Diagnostic] {
        let checker = try await translationChecker()
        return try await translationProblems(files.current, files: files, checker: checker, fileKey: files.sha256)
    }

    static func unitBody(_ sourceUnit: TranslationUnit, files: TranslationFiles, problems: [Diagnostic]) -> TranslationUnitBody {
        let current = files.current.unit(sourceUnit.id)
        return TranslationUnitBody(id: sourceUnit.id, source: sourceUnit.source, target: current?.target,
                                   state: (current?.state ?? .initial).rawValue, notes: sourceUnit.notes,
                                   problems: problems.filter { $0.entry == sourceUnit.id }.map { problemBody($0) },
                                   basis: basis(current))
    }

    /// One text as GET shows it, with its basis as the ETag.
    func translationUnitResponse(_ unitID: String, language: String) async throws -> Response {
        let files = try await translationFiles(language)
        guard let sourceUnit = files.source.unit(unitID) else { throw HTTPError(.notFound) }
        let problems = try await storedTranslationProblems(files)
        let body = Self.unitBody(sourceUnit, files: files, problems: problems)
        return try Self.json(body, headers: [.eTag: "\"\(body.basis)\""])
    }

    func addTranslationAPI(to router: Router<WebContext>) {
        let base = Self.translationAPIBase
        router.get("\(base)") { _, context -> Response in
            let account = try self.translatorAccount(context)
            let engine = self.engine
            let source = try await self.translationSource()
            var languages: [TranslationLanguageBody] = []
            for campaign in engine.renderer.languages.languages where campaign.tag != "sv" && account.mayTranslate(campaign.tag) {
                let files = try await self.translationFiles(campaign.tag, source: source)
                languages.append(self.translationSummary(files, campaign: campaign))
            }
            return try Self.json(languages)
        }
        // `{lang}.xlf` before `{lang}`: the router tries a path's patterns in the order they were
        // added, and `{lang}` alone would take "ar.xlf" for a language (as on the pages).
        router.get("\(base)/{lang}.xlf") { _, context -> Response in
            let (language, _) = try self.translation(of: context)
            return try await self.exportTranslation(language: language)
        }
        router.put("\(base)/{lang}.xlf") { request, context -> Response in
            let (language, account) = try self.translation(of: context)
            let contentType = request.headers[.contentType] ?? ""
            let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard ["application/xliff+xml", "application/xml", "text/xml"].contains(type) else {
                throw HTTPError(.unsupportedMediaType, message: "Send the XLIFF file as application/xliff+xml (or application/xml or text/xml).")
            }
            // Larger than a translation file may be: 413 from the server framework.
            let body = try await request.body.collect(upTo: Limits.FileKind.translation.maximumBytes)
            let data = [UInt8](buffer: body)
            guard !data.isEmpty else {
                return try Self.apiError(.unprocessableContent, [.init(field: nil, message: "The body is empty: send the XLIFF file.")])
            }
            // Optional: the language's ETag (its file's SHA-256) as read, so a newer file is not overwritten.
            if let expected = Self.entityTag(request) {
                let stored = try await self.store.resourceFile(path: Self.translationPath(language))?.sha256 ?? ""
                guard expected == stored else {
                    return try Self.apiError(.conflict, [.init(field: "If-Match", message: Self.translationFileChangedMessage)])
                }
            }
            let outcome: ImportOutcome
            do {
                outcome = try await self.importTranslationFile(data, language: language, account: account)
            } catch EditorialError.fileChanged {
                return try Self.apiError(.conflict, [.init(field: nil, message: Self.translationFileChangedMessage)])
            }
            switch outcome {
            case .imported(let changed):
                struct Imported: Encodable { var changed: Int }
                return try Self.json(Imported(changed: changed))
            case .refused(let problems):
                return try Self.apiError(.unprocessableContent, problems.map {
                    .init(field: $0.entry ?? $0.field, message: Self.translationProblemText($0, entry: false))
                })
            }
        }
        router.get("\(base)/{lang}") { _, context -> Response in
            let (language, _) = try self.translation(of: context)
            guard let campaign = self.engine.renderer.languages[language] else { throw HTTPError(.notFound) }
            let files = try await self.translationFiles(language)
            let problems = try await self.storedTranslationProblems(files)
            let known = Set(files.source.units.map(\.id))
            var body = self.translationSummary(files, campaign: campaign)
            body.fileProblems = problems.filter { !known.contains($0.entry ?? "") }.map { Self.problemBody($0) }
            body.units = files.source.units.map { Self.unitBody($0, files: files, problems: problems) }
            var headers: HTTPFields = [:]
            if !files.sha256.isEmpty { headers[.eTag] = "\"\(files.sha256)\"" }
            return try Self.json(body, headers: headers)
        }
        router.post("\(base)/{lang}/review-all") { request, context -> Response in
            let (language, account) = try self.translation(of: context)
            struct Empty: Decodable {}
            _ = try await self.jsonBody(request, as: Empty.self)
            do {
                let result = try await self.markEveryUnitReviewed(language: language, account: account)
                struct Reviewed: Encodable { var marked: [String]; var skipped: [String] }
                return try Self.json(Reviewed(marked: result.marked, skipped: result.skipped))
            } catch EditorialError.fileChanged {
                return try Self.apiError(.conflict, [.init(field: nil, message: Self.translationFileChangedMessage)])
            }
        }
        router.get("\(base)/{lang}/units/{unit}") { _, context -> Response in
            let (language, _) = try self.translation(of: context)
            let unitID = try context.parameters.require("unit")
            return try await self.translationUnitResponse(unitID, language: language)
        }
        router.put("\(base)/{lang}/units/{unit}") { request, context -> Response in
            let (language, account) = try self.translation(of: context)
            let unitID = try context.parameters.require("unit")
            struct UnitBody: Decodable {
                var target: String
                /// Absent or false: translated, not reviewed (the page's box not ticked).
                var reviewed: Bool?
            }
            let body = try await self.jsonBody(request, as: UnitBody.self)
            let files = try await self.translationFiles(language)
            guard files.source.unit(unitID) != nil else { throw HTTPError(.notFound) }
            // A text is changed only from what the client read, never blindly.
            guard let basis = Self.entityTag(request) else { return try Self.basisRequired() }
            let outcome = try await self.storeTranslationUnit(unitID, target: Self.formText(body.target), reviewed: body.reviewed ?? false,
                                                              basis: basis, in: files, account: account)
            switch outcome {
            case .saved, .unchanged:
                return try await self.translationUnitResponse(unitID, language: language)
            case .refused(_, let blocking):
                return try Self.apiError(.unprocessableContent, blocking.map {
                    .init(field: unitID, message: Self.translationProblemText($0, entry: $0.entry != unitID))
                })
            case .changedSinceRead:
                return try Self.apiError(.conflict, [.init(field: "If-Match",
                                                           message: "This text was changed after you read it; nothing was stored. Read it again (its ETag is the basis to send), compare, and send yours again.")])
            case .conflict:
                return try Self.apiError(.conflict, [.init(field: nil, message: Self.translationFileChangedMessage)])
            }
        }
    }
}
