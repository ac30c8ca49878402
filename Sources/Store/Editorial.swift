import Foundation
import SQLKit

/// One published catalogue: every earlier one is kept, so what a poster printed on a given day
/// can always be looked up.
public struct CatalogueVersion: Sendable, Hashable, Codable {
    public var version: Int
    public var text: String
    public var sha256: String
    public var publishedAt: Int
    public var publishedBy: String
    /// What changed, in a line: "tris: channels[0].hours".
    public var summary: String
}

/// A proposed change to one catalogue entry, waiting for a second person's review.
public struct Draft: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case open, approved, rejected
    }

    public var id: String
    public var helpline: String
    /// The published catalogue version the draft was written against.
    public var baseVersion: Int
    /// The entry as the catalogue file writes it.
    public var entry: String
    /// Everyone who wrote or changed this draft: none of them may approve it.
    public var authors: [String]
    public var createdAt: Int
    public var updatedAt: Int
    /// Grows with each save, so a second save from an older page is refused.
    public var revision: Int
    public var state: State
    /// "edit", or "verify" when it only records that someone checked the entry.
    public var purpose: String
    public var comment: String?
    public var reviewer: String?
    public var reviewedAt: Int?
    public var publishedVersion: Int?
}

/// What publishing a draft writes: the new catalogue, a summary, the change log's lines, and
/// other resource files that change with it (translation files, when a description changed).
public struct Publication: Sendable {
    public var text: String
    public var summary: String
    public var audit: [AuditEntry]
    /// Path → new text.
    public var files: [String: String]

    public init(text: String, summary: String, audit: [AuditEntry], files: [String: String] = [:]) {
        self.text = text
        self.summary = summary
        self.audit = audit
        self.files = files
    }
}

/// What a municipality is told on its page when a published change rebuilt its pack.
public struct PackNotice: Sendable, Hashable, Codable {
    public var id: String
    public var code: String
    public var at: Int
    public var catalogueVersion: Int
    /// The publish's summary: which entry, which fields.
    public var message: String
    /// The documents of the pack that changed with it.
    public var documents: [String]
    /// The entry's fields that changed ("channels[0].hours").
    public var fields: [String]

    public init(code: String, at: Int, catalogueVersion: Int, message: String, documents: [String], fields: [String] = []) {
        self.id = UUID().uuidString.lowercased()
        self.code = code
        self.at = at
        self.catalogueVersion = catalogueVersion
        self.message = message
        self.documents = documents
        self.fields = fields
    }
}

/// Why a change to the catalogue was refused; said so that the person knows what to do next.
public enum EditorialError: Error, CustomStringConvertible, Equatable {
    case draftChanged(by: String)
    case draftClosed
    case catalogueChanged(version: Int)
    case ownDraft
    case noSuchDraft
    case noCatalogue
    case fileChanged
    case entryPublishedSince(version: Int)

    public var description: String {
        switch self {
        case .draftChanged(let person):
            return "\(person) saved a change to this entry after you opened it; your text is kept below: compare it with theirs and save again"
        case .draftClosed:
            return "this draft was approved or sent back after you opened it; your text is kept below: open the entry again and save it as a new draft"
        case .catalogueChanged(let version):
            return "the catalogue was published again (version \(version)) after you opened this entry; your text is kept below: open the entry again and save"
        case .ownDraft:
            return "you wrote or changed this draft, so someone else must review it"
        case .noSuchDraft:
            return "there is no open draft of this entry"
        case .noCatalogue:
            return "no catalogue has been published yet"
        case .entryPublishedSince(let version):
            return "this entry was changed and published (version \(version)) after the draft was written; open the entry, compare, and save the draft again"
        case .fileChanged:
            return "someone saved this language's texts after you opened the page; your text is kept below: save it again"
        }
    }
}

struct CatalogueVersionRow: Codable {
    var version: Int
    var text: String
    var sha256: String
    var published_at: Int
    var published_by: String
    var summary: String

    var value: CatalogueVersion {
        CatalogueVersion(version: version, text: text, sha256: sha256, publishedAt: published_at, publishedBy: published_by, summary: summary)
    }
}

struct DraftRow: Codable {
    var id: String
    var helpline: String
    var base_version: Int
    var entry: String
    var authors: String
    var created_at: Int
    var updated_at: Int
    var revision: Int
    var state: String
    var purpose: String
    var comment: String?
    var reviewer: String?
    var reviewed_at: Int?
    var published_version: Int?

    init(_ draft: Draft) {
        id = draft.id
        helpline = draft.helpline
        base_version = draft.baseVersion
        entry = draft.entry
        authors = draft.authors.joined(separator: ",")
        created_at = draft.createdAt
        updated_at = draft.updatedAt
        revision = draft.revision
        state = draft.state.rawValue
        purpose = draft.purpose
        comment = draft.comment
        reviewer = draft.reviewer
        reviewed_at = draft.reviewedAt
        published_version = draft.publishedVersion
    }

    var value: Draft {
        Draft(id: id, helpline: helpline, baseVersion: base_version, entry: entry,
              authors: authors.split(separator: ",").map(String.init), createdAt: created_at, updatedAt: updated_at,
              revision: revision, state: Draft.State(rawValue: state) ?? .open, purpose: purpose, comment: comment,
              reviewer: reviewer, reviewedAt: reviewed_at, publishedVersion: published_version)
    }
}

struct PackNoticeRow: Codable {
    var id: String
    var code: String
    var at: Int
    var catalogue_version: Int
    var message: String
    var documents: String
    var fields: String
}

/// A filter over the change log; every part is optional.
public struct AuditFilter: Sendable, Hashable {
    /// "helpline:tris", or a kind alone: "helpline", "profile", "translation", "account".
    public var entity: String?
    public var actor: String?
    public var from: Int?
    /// Exclusive.
    public var to: Int?
    public var limit: Int

    public init(entity: String? = nil, actor: String? = nil, from: Int? = nil, to: Int? = nil, limit: Int = 500) {
        self.entity = entity
        self.actor = actor
        self.from = from
        self.to = to
        self.limit = limit
    }
}

extension Store {
    /// Where the published catalogue is kept among the resource files the engine reads.
    public static let cataloguePath = "catalogue/helplines.yaml"

    /// Editorial changes (drafts, reviews, publishes, translation saves) one at a time: SQLite's
    /// `BEGIN IMMEDIATE` already does this; on PostgreSQL, whose transactions read without
    /// locking, a transaction-scoped advisory lock makes every check-then-write here hold.
    func lockEditorial(_ sql: any SQLDatabase) async throws {
        guard engineName == "PostgreSQL" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(730113)").run()
    }

    // MARK: Published versions

    public func latestCatalogue() async throws -> CatalogueVersion? {
        try await withSQL { sql in
            try await sql.select().columns("*").from("catalogue_versions").orderBy("version", .descending).limit(1)
                .first(decoding: CatalogueVersionRow.self)?.value
        }
    }

    public func catalogueVersion(_ version: Int) async throws -> CatalogueVersion? {
        try await withSQL { sql in
            try await sql.select().columns("*").from("catalogue_versions").where("version", .equal, version)
                .first(decoding: CatalogueVersionRow.self)?.value
        }
    }

    /// Every published version, newest first, without their texts.
    public func catalogueVersions() async throws -> [CatalogueVersion] {
        struct Row: Decodable { var version: Int; var sha256: String; var published_at: Int; var published_by: String; var summary: String }
        return try await withSQL { sql in
            try await sql.select().columns("version", "sha256", "published_at", "published_by", "summary").from("catalogue_versions")
                .orderBy("version", .descending).all(decoding: Row.self).map {
                    CatalogueVersion(version: $0.version, text: "", sha256: $0.sha256, publishedAt: $0.published_at,
                                     publishedBy: $0.published_by, summary: $0.summary)
                }
        }
    }

    /// Records the catalogue the resource files hold as a new version when it differs from the
    /// latest (the first start, `tmv import`); `text` is what the engine then reads.
    @discardableResult
    public func recordCatalogue(text: String, sha256: String, by actor: String, at now: Int, summary: String) async throws -> Int {
        try await transaction { sql in
            try await self.lockEditorial(sql)
            let latest = try await sql.select().columns("*").from("catalogue_versions").orderBy("version", .descending).limit(1)
                .first(decoding: CatalogueVersionRow.self)
            if let latest, latest.sha256 == sha256 { return latest.version }
            let version = (latest?.version ?? 0) + 1
            try await sql.insert(into: "catalogue_versions")
                .model(CatalogueVersionRow(version: version, text: text, sha256: sha256, published_at: now, published_by: actor,
                                           summary: summary)).run()
            return version
        }
    }

    // MARK: Drafts

    public func openDraft(helpline: String) async throws -> Draft? {
        try await withSQL { sql in
            try await sql.select().columns("*").from("drafts").where("helpline", .equal, helpline).where("state", .equal, "open")
                .first(decoding: DraftRow.self)?.value
        }
    }

    public func draft(id: String) async throws -> Draft? {
        try await withSQL { sql in
            try await sql.select().columns("*").from("drafts").where("id", .equal, id).first(decoding: DraftRow.self)?.value
        }
    }

    /// Drafts in a state (all when nil), newest first.
    public func drafts(state: Draft.State? = nil, helpline: String? = nil, limit: Int = 200) async throws -> [Draft] {
        try await withSQL { sql in
            var query = sql.select().columns("*").from("drafts")
            if let state { query = query.where("state", .equal, state.rawValue) }
            if let helpline { query = query.where("helpline", .equal, helpline) }
            return try await query.orderBy("updated_at", .descending).orderBy("id").limit(limit).all(decoding: DraftRow.self).map(\.value)
        }
    }

    /// Saves a draft of one entry. `expectedRevision` is the open draft's revision the person's
    /// page showed (0: there was none) and `baseVersion` the published version it showed; if
    /// either moved meanwhile the save is refused, so that nobody's text silently replaces another's.
    @discardableResult
    public func saveDraft(helpline: String, entry: String, expectedRevision: Int, baseVersion: Int, purpose: String,
                          by actor: String, at now: Int, audit: [AuditEntry]) async throws -> Draft {
        try await transaction { sql in
            try await self.lockEditorial(sql)
            let open = try await sql.select().columns("*").from("drafts").where("helpline", .equal, helpline)
                .where("state", .equal, "open").first(decoding: DraftRow.self)?.value
            let latest = try await sql.select().column("version").from("catalogue_versions").orderBy("version", .descending).limit(1)
                .first(decoding: VersionOnly.self)?.version ?? 0
            var draft: Draft
            if let open {
                guard open.revision == expectedRevision else {
                    throw EditorialError.draftChanged(by: open.authors.last ?? "someone")
                }
                draft = open
                draft.entry = entry
                draft.revision += 1
                draft.updatedAt = now
                if !draft.authors.contains(actor) { draft.authors.append(actor) }
                if purpose == "edit" { draft.purpose = "edit" }
                try await sql.update("drafts").set(model: DraftRow(draft)).where("id", .equal, draft.id).run()
            } else {
                if expectedRevision != 0 { throw EditorialError.draftClosed }
                if latest != baseVersion { throw EditorialError.catalogueChanged(version: latest) }
                draft = Draft(id: UUID().uuidString.lowercased(), helpline: helpline, baseVersion: baseVersion, entry: entry,
                              authors: [actor], createdAt: now, updatedAt: now, revision: 1, state: .open, purpose: purpose)
                try await sql.insert(into: "drafts").model(DraftRow(draft)).run()
            }
            for line in audit { try await sql.insert(into: "audit_log").model(AuditRow(line)).run() }
            return draft
        }
    }

    /// The open draft a reviewer decides on: the one she read, and not one she wrote or changed.
    func draftToDecide(_ sql: any SQLDatabase, helpline: String, expectedRevision: Int?, reviewer: String) async throws -> Draft {
        guard let draft = try await sql.select().columns("*").from("drafts").where("helpline", .equal, helpline)
            .where("state", .equal, "open").first(decoding: DraftRow.self)?.value else { throw EditorialError.noSuchDraft }
        if let expectedRevision, expectedRevision != draft.revision {
            throw EditorialError.draftChanged(by: draft.authors.last ?? "someone")
        }
        if draft.authors.contains(reviewer) { throw EditorialError.ownDraft }
        return draft
    }

    /// Sends a draft back to its authors with a comment.
    @discardableResult
    public func rejectDraft(helpline: String, expectedRevision: Int?, by reviewer: String, comment: String, at now: Int,
                            audit: [AuditEntry]) async throws -> Draft {
        try await transaction { sql in
            try await self.lockEditorial(sql)
            var draft = try await self.draftToDecide(sql, helpline: helpline, expectedRevision: expectedRevision, reviewer: reviewer)
            draft.state = .rejected
            draft.comment = comment
            draft.reviewer = reviewer
            draft.reviewedAt = now
            try await sql.update("drafts").set(model: DraftRow(draft)).where("id", .equal, draft.id).run()
            for line in audit { try await sql.insert(into: "audit_log").model(AuditRow(line)).run() }
            return draft
        }
    }

    /// Approves a draft and publishes the catalogue `publish` makes from the latest published
    /// text and the draft, all in one transaction: the new version, the engine's file, the
    /// draft's state and the change log are saved together or not at all.
    /// `publish` returns the new catalogue's text and a one-line summary, or throws to refuse.
    public func approveAndPublish(helpline: String, expectedRevision: Int?, expectedLatest: Int? = nil, by reviewer: String, at now: Int,
                                  sha256: @escaping @Sendable (String) -> String,
                                  publish: @escaping @Sendable (_ latest: CatalogueVersion, _ draft: Draft, _ version: Int,
                                                                _ translations: [String: String]) throws -> Publication)
        async throws -> (draft: Draft, version: CatalogueVersion) {
        try await transaction { sql in
            try await self.lockEditorial(sql)
            var draft = try await self.draftToDecide(sql, helpline: helpline, expectedRevision: expectedRevision, reviewer: reviewer)
            guard let latest = try await sql.select().columns("*").from("catalogue_versions").orderBy("version", .descending)
                .limit(1).first(decoding: CatalogueVersionRow.self)?.value else { throw EditorialError.noCatalogue }
            if let expectedLatest, expectedLatest != latest.version { throw EditorialError.catalogueChanged(version: latest.version) }
            let number = latest.version + 1
            struct FileRow: Decodable { var path: String; var text: String }
            let translations = try await sql.select().columns("path", "text").from("resource_files")
                .where("path", .like, "translations/%").all(decoding: FileRow.self)
            let made = try publish(latest, draft, number, Dictionary(translations.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first }))
            let version = CatalogueVersion(version: number, text: made.text, sha256: sha256(made.text), publishedAt: now,
                                           publishedBy: reviewer, summary: made.summary)
            try await sql.insert(into: "catalogue_versions")
                .model(CatalogueVersionRow(version: version.version, text: version.text, sha256: version.sha256,
                                           published_at: now, published_by: reviewer, summary: version.summary)).run()
            try await sql.delete(from: "resource_files").where("path", .equal, Store.cataloguePath).run()
            try await sql.insert(into: "resource_files").columns("path", "text", "sha256")
                .values(SQLBind(Store.cataloguePath), SQLBind(version.text), SQLBind(version.sha256)).run()
            draft.state = .approved
            draft.reviewer = reviewer
            draft.reviewedAt = now
            draft.publishedVersion = number
            try await sql.update("drafts").set(model: DraftRow(draft)).where("id", .equal, draft.id).run()
            for (path, text) in made.files.sorted(by: { $0.key < $1.key }) {
                try await sql.delete(from: "resource_files").where("path", .equal, path).run()
                try await sql.insert(into: "resource_files").columns("path", "text", "sha256")
                    .values(SQLBind(path), SQLBind(text), SQLBind(sha256(text))).run()
            }
            for line in made.audit { try await sql.insert(into: "audit_log").model(AuditRow(line)).run() }
            return (draft, version)
        }
    }

    // MARK: Resource files changed by a person (translations)

    /// Replaces one resource file and logs the change, together. `expected`: the SHA-256 of the
    /// file the change was made to ("" for none); if the file changed meanwhile, nothing is saved.
    public func putResourceFile(path: String, text: String, sha256: String, replacing expected: String?, audit: [AuditEntry]) async throws {
        try await transaction { sql in
            try await self.lockEditorial(sql)
            if let expected {
                struct Row: Decodable { var sha256: String }
                let current = try await sql.select().column("sha256").from("resource_files").where("path", .equal, path)
                    .first(decoding: Row.self)?.sha256 ?? ""
                if current != expected { throw EditorialError.fileChanged }
            }
            try await sql.delete(from: "resource_files").where("path", .equal, path).run()
            try await sql.insert(into: "resource_files").columns("path", "text", "sha256")
                .values(SQLBind(path), SQLBind(text), SQLBind(sha256)).run()
            for line in audit { try await sql.insert(into: "audit_log").model(AuditRow(line)).run() }
        }
    }

    public func resourceFile(path: String) async throws -> (text: String, sha256: String)? {
        struct Row: Decodable { var text: String; var sha256: String }
        return try await withSQL { sql in
            try await sql.select().columns("text", "sha256").from("resource_files").where("path", .equal, path)
                .first(decoding: Row.self).map { ($0.text, $0.sha256) }
        }
    }

    // MARK: Pack notices

    public func addPackNotices(_ notices: [PackNotice]) async throws {
        guard !notices.isEmpty else { return }
        try await transaction { sql in
            for notice in notices {
                try await sql.insert(into: "pack_notices")
                    .model(PackNoticeRow(id: notice.id, code: notice.code, at: notice.at, catalogue_version: notice.catalogueVersion,
                                         message: notice.message, documents: notice.documents.joined(separator: ","),
                                         fields: notice.fields.joined(separator: ","))).run()
            }
        }
    }

    public func packNotices(code: String, limit: Int = 5) async throws -> [PackNotice] {
        try await withSQL { sql in
            try await sql.select().columns("*").from("pack_notices").where("code", .equal, code).orderBy("at", .descending)
                .orderBy("catalogue_version", .descending).limit(limit).all(decoding: PackNoticeRow.self).map {
                    var notice = PackNotice(code: $0.code, at: $0.at, catalogueVersion: $0.catalogue_version, message: $0.message,
                                            documents: $0.documents.split(separator: ",").map(String.init),
                                            fields: $0.fields.split(separator: ",").map(String.init))
                    notice.id = $0.id
                    return notice
                }
        }
    }

    // MARK: The change log, filtered

    public func auditLog(_ filter: AuditFilter) async throws -> [AuditEntry] {
        try await withSQL { sql in
            var query = sql.select().columns("*").from("audit_log")
            if let entity = filter.entity, !entity.isEmpty {
                if entity.contains(":") {
                    query = query.where("entity", .equal, entity)
                } else {
                    query = query.where("entity", .like, entity + ":%")
                }
            }
            if let actor = filter.actor, !actor.isEmpty { query = query.where("actor", .equal, actor) }
            if let from = filter.from { query = query.where("at", .greaterThanOrEqual, from) }
            if let to = filter.to { query = query.where("at", .lessThan, to) }
            return try await query.orderBy("at", .descending).orderBy("id").limit(filter.limit).all(decoding: AuditRow.self).map {
                var entry = AuditEntry(at: $0.at, actor: $0.actor, entity: $0.entity, field: $0.field, before: $0.before, after: $0.after)
                entry.id = $0.id
                return entry
            }
        }
    }
}

struct VersionOnly: Decodable { var version: Int }
