import Catalogue
import Diagnostics
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import OpeningHours
import Store

/// The agency's work through the JSON API: drafts of catalogue entries, their review, the
/// published versions and the change log. Same checks and messages as the pages.
extension WebTool {
    /// A draft as the API shows it.
    struct DraftBody: Encodable {
        var helpline: String
        var revision: Int
        var state: String
        var purpose: String
        var baseVersion: Int
        var authors: [String]
        var updatedAt: String
        var comment: String?
        var reviewer: String?
        var publishedVersion: Int?
        /// The entry as the catalogue file writes it.
        var entry: String
        var changes: [Change]

        struct Change: Encodable {
            var field: String
            var before: String?
            var after: String?
        }

        enum CodingKeys: String, CodingKey {
            case helpline, revision, state, purpose, authors, comment, reviewer, entry, changes
            case baseVersion = "base_version"
            case updatedAt = "updated_at"
            case publishedVersion = "published_version"
        }
    }

    func draftBody(_ draft: Draft, published: Catalogue.HelplineRecord?) -> DraftBody {
        let record = try? CatalogueText.entry(fromYAML: draft.entry)
        let changes = record.map { CatalogueText.changes(from: published, to: $0) } ?? []
        return DraftBody(helpline: draft.helpline, revision: draft.revision, state: draft.state.rawValue, purpose: draft.purpose,
                         baseVersion: draft.baseVersion, authors: draft.authors,
                         updatedAt: OpenData.iso(Date(timeIntervalSince1970: TimeInterval(draft.updatedAt))),
                         comment: draft.comment, reviewer: draft.reviewer, publishedVersion: draft.publishedVersion, entry: draft.entry,
                         changes: changes.map { .init(field: $0.field, before: $0.before, after: $0.after) })
    }

    /// `If-Match: "3"` names the draft revision the client read; none means it read none.
    static func expectedRevision(_ request: Request) -> Int? {
        request.headers[.ifMatch].flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))) }
    }

    static func revisionRequired() throws -> Response {
        try apiError(HTTPResponse.Status(code: 428, reasonPhrase: "Precondition Required"),
                     [.init(field: "If-Match", message: "Send the revision of the draft you reviewed in If-Match (GET /api/v1/helplines/{id}/draft gives it as its ETag).")])
    }

    static func editorialStatus(_ error: EditorialError) -> HTTPResponse.Status {
        switch error {
        case .ownDraft: return .forbidden
        case .noSuchDraft, .noCatalogue: return .notFound
        case .draftChanged, .draftClosed, .catalogueChanged, .fileChanged, .entryPublishedSince: return .conflict
        }
    }

    func addAgencyAPI(to router: Router<WebContext>) {
        router.get("/api/v1/helplines/{id}/draft") { _, context -> Response in
            _ = try self.agencyAccount(context)
            let id = try context.parameters.require("id")
            guard let draft = try await self.store.openDraft(helpline: id) else {
                return try Self.apiError(.notFound, [.init(field: nil, message: EditorialError.noSuchDraft.description)])
            }
            let published = try? CatalogueText.entry(id, in: try await self.publishedCatalogue().text)
            return try Self.json(self.draftBody(draft, published: published), headers: [.eTag: "\"\(draft.revision)\""])
        }
        router.put("/api/v1/helplines/{id}/draft") { request, context -> Response in
            let account = try self.agencyAccount(context)
            let id = try context.parameters.require("id")
            guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("application/json") else {
                throw HTTPError(.unsupportedMediaType, message: "Send the body as application/json.")
            }
            let latest = try await self.publishedCatalogue()
            let published = try? CatalogueText.entry(id, in: latest.text)
            guard published != nil else {
                return try Self.apiError(.notFound, [.init(field: nil, message: "No helpline has the id '\(id)'.")])
            }
            let bytes = try await request.body.collect(upTo: Self.maximumJSONBytes)
            let entry: Catalogue.HelplineRecord
            do throws(OpenData.EntryBodyError) {
                entry = try OpenData.entry(fromJSON: Array(buffer: bytes), id: id, published: published,
                                           publishedProvenance: self.engine.renderer.catalogue.helpline(id: id).map { OpenData.written($0.source) })
            } catch {
                return try Self.apiError(.badRequest, [.init(field: nil, message: error.description)])
            }
            let checked = await self.check(entry: entry, in: latest)
            if !checked.problems.isEmpty || !checked.layout.isEmpty {
                return try Self.apiError(.unprocessableContent,
                                         checked.problems.map { .init(field: $0.field, message: Self.sentence($0)) }
                                             + checked.layout.map { .init(field: nil, message: $0) })
            }
            let open = try await self.store.openDraft(helpline: id)
            // Without If-Match a client may start a draft, never overwrite one it has not read.
            let expected = Self.expectedRevision(request) ?? 0
            let base = open?.baseVersion ?? (Int(request.headers[HTTPField.Name("Catalogue-Version")!] ?? "") ?? latest.version)
            do {
                let draft = try await self.saveDraft(entry: entry, expectedRevision: expected, baseVersion: base, purpose: "edit", by: account)
                return try Self.json(self.draftBody(draft, published: published), status: draft.revision == 1 ? .created : .ok,
                                     headers: [.eTag: "\"\(draft.revision)\""])
            } catch let refusal as EditorialError {
                return try Self.apiError(Self.editorialStatus(refusal), [.init(field: nil, message: refusal.description)])
            }
        }
        router.post("/api/v1/helplines/{id}/draft/approve") { request, context -> Response in
            let account = try self.agencyAccount(context, review: true)
            let id = try context.parameters.require("id")
            struct Empty: Decodable {}
            _ = try await self.jsonBody(request, as: Empty.self)
            // A reviewer approves the draft she read, never whatever it holds by then.
            guard let expected = Self.expectedRevision(request) else { return try Self.revisionRequired() }
            do {
                let version = try await self.approve(helpline: id, expectedRevision: expected, by: account)
                struct Published: Encodable { var catalogueVersion: Int; var summary: String; var publishedBy: String }
                return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                                body: .init(byteBuffer: .init(bytes: OpenData.encode(
                                    Published(catalogueVersion: version.version, summary: version.summary, publishedBy: version.publishedBy), pretty: true))))
            } catch let refusal as EditorialError {
                return try Self.apiError(Self.editorialStatus(refusal), [.init(field: nil, message: refusal.description)])
            } catch let problem as Engine.Problem {
                return try Self.apiError(.unprocessableContent, [.init(field: nil, message: problem.description)])
            }
        }
        router.post("/api/v1/helplines/{id}/draft/reject") { request, context -> Response in
            let account = try self.agencyAccount(context, review: true)
            let id = try context.parameters.require("id")
            struct RejectBody: Decodable { var comment: String }
            let body = try await self.jsonBody(request, as: RejectBody.self)
            guard let expected = Self.expectedRevision(request) else { return try Self.revisionRequired() }
            let comment = body.comment.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !comment.isEmpty else {
                return try Self.apiError(.unprocessableContent, [.init(field: "comment", message: self.text("en", "review.comment-missing"))])
            }
            do {
                let draft = try await self.reject(helpline: id, expectedRevision: expected, comment: comment, by: account)
                return try Self.json(self.draftBody(draft, published: nil))
            } catch let refusal as EditorialError {
                return try Self.apiError(Self.editorialStatus(refusal), [.init(field: nil, message: refusal.description)])
            }
        }
        router.get("/api/v1/catalogue/stale") { request, context -> Response in
            _ = try self.agencyAccount(context)
            let typed = request.uri.queryParameters.get("older-than") ?? "6m"
            do throws(AgeLimitError) {
                let limit = try AgeLimit.date(typed, before: SwedishLocalTime(self.clock()).date)
                return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                                body: .init(byteBuffer: .init(bytes: OpenData.encode(self.engine.renderer.catalogue.stale(before: limit), pretty: true))))
            } catch {
                return try Self.apiError(.badRequest, [.init(field: "older-than", message: error.description)])
            }
        }
        router.post("/api/v1/helplines/{id}/draft/verified") { request, context -> Response in
            let account = try self.agencyAccount(context)
            let id = try context.parameters.require("id")
            struct VerifiedBody: Decodable { var source: String }
            let body = try await self.jsonBody(request, as: VerifiedBody.self)
            let source = body.source.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !source.isEmpty else {
                return try Self.apiError(.unprocessableContent, [.init(field: "source", message: self.text("en", "verify.source-missing"))])
            }
            do {
                switch try await self.saveVerifiedDraft(entry: id, source: source, expectedRevision: Self.expectedRevision(request),
                                                        baseVersion: nil, by: account) {
                case .refused(let checked):
                    return try Self.apiError(.unprocessableContent, checked.problems.map { .init(field: $0.field, message: Self.sentence($0)) }
                                                 + checked.layout.map { .init(field: nil, message: $0) })
                case .saved(let draft, let published):
                    return try Self.json(self.draftBody(draft, published: published), status: draft.revision == 1 ? .created : .ok,
                                         headers: [.eTag: "\"\(draft.revision)\""])
                }
            } catch let refusal as EditorialError {
                return try Self.apiError(Self.editorialStatus(refusal), [.init(field: nil, message: refusal.description)])
            }
        }
        router.get("/api/v1/catalogue/versions") { _, context -> Response in
            _ = try self.agencyAccount(context)
            struct Version: Encodable { var version: Int; var publishedAt: String; var publishedBy: String; var summary: String; var sha256: String }
            let versions = try await self.store.catalogueVersions().map {
                Version(version: $0.version, publishedAt: OpenData.iso(Date(timeIntervalSince1970: TimeInterval($0.publishedAt))),
                        publishedBy: $0.publishedBy, summary: $0.summary, sha256: $0.sha256)
            }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: .init(bytes: OpenData.encode(versions, pretty: true))))
        }
        router.get("/api/v1/catalogue/versions/{version}") { _, context -> Response in
            _ = try self.agencyAccount(context)
            guard let number = context.parameters.get("version", as: Int.self), let version = try await self.store.catalogueVersion(number) else {
                throw HTTPError(.notFound)
            }
            return Self.file(Array(version.text.utf8), type: "application/yaml; charset=utf-8")
        }
        router.get("/api/v1/audit") { request, context -> Response in
            _ = try self.agencyAccount(context)
            let query = request.uri.queryParameters
            func instant(_ key: String) -> Int? {
                guard let text = query.get(key), !text.isEmpty else { return nil }
                return SwedishLocalTime.instant(parsing: text).map { Int($0.timeIntervalSince1970) }
            }
            for key in ["from", "to"] where query.get(key).map({ !$0.isEmpty }) == true && instant(key) == nil {
                return try Self.apiError(.badRequest, [.init(field: key, message: "'\(query.get(key) ?? "")' is not a time: write 2026-11-30 or 2026-11-30T14:00")])
            }
            let filter = AuditFilter(entity: query.get("entity"), actor: query.get("person")?.lowercased(), from: instant("from"),
                                     to: instant("to"), limit: max(1, min(Int(query.get("limit") ?? "") ?? 500, 5000)))
            let entries = try await self.store.auditLog(filter)
            if query.get("format") == "csv" {
                return Self.file(Array(Self.csv(entries).utf8), type: "text/csv; charset=utf-8", download: "audit.csv")
            }
            struct Line: Encodable { var at: String; var person: String; var entity: String; var field: String; var before: String?; var after: String? }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: .init(bytes: OpenData.encode(entries.map {
                                Line(at: OpenData.iso(Date(timeIntervalSince1970: TimeInterval($0.at))), person: $0.actor, entity: $0.entity,
                                     field: $0.field, before: $0.before, after: $0.after)
                            }, pretty: true))))
        }
    }
}
