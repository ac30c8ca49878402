import Foundation
import SQLKit

extension Store {
    /// Opens (creating and migrating when needed) the database the options name.
    public static func open(data folder: URL, databaseURL: String?) async throws -> Store {
        let store: Store
        if let databaseURL {
            store = try Store.postgres(url: databaseURL)
        } else {
            store = try Store.sqlite(file: folder.appendingPathComponent("tillsammans.sqlite"))
        }
        do {
            try await Schema.migrate(store)
        } catch {
            await store.shutdown()
            throw OpenError.cannotConnect(databaseURL.map(withoutPassword) ?? folder.path, String(describing: error))
        }
        return store
    }

    // MARK: Accounts

    public func add(_ account: Account) async throws {
        try await transaction { sql in
            let existing = try await sql.select().column("id").from("users").where("email", .equal, account.email)
                .first()
            if existing != nil { throw StoreError.emailTaken(account.email) }
            try await sql.insert(into: "users").model(AccountRow(account)).run()
        }
    }

    public func accounts() async throws -> [Account] {
        try await withSQL { sql in
            try await sql.select().columns("*").from("users").orderBy("email").all(decoding: AccountRow.self).compactMap(\.account)
        }
    }

    public func account(email: String) async throws -> Account? {
        try await withSQL { sql in
            try await sql.select().columns("*").from("users").where("email", .equal, email)
                .first(decoding: AccountRow.self)?.account
        }
    }

    /// Sets a new password hash and clears the first-sign-in mark.
    public func setPassword(accountID: String, hash: String) async throws {
        try await withSQL { sql in
            try await sql.update("users").set("password_hash", to: hash).set("must_change_password", to: 0)
                .where("id", .equal, accountID).run()
        }
    }

    public func account(id: String) async throws -> Account? {
        try await withSQL { sql in
            try await sql.select().columns("*").from("users").where("id", .equal, id).first(decoding: AccountRow.self)?.account
        }
    }

    /// Removes an account.
    public func removeAccount(email: String) async throws {
        try await transaction { sql in
            guard let row = try await sql.select().columns("*").from("users").where("email", .equal, email)
                .first(decoding: AccountRow.self) else { throw StoreError.noSuchAccount(email) }
            // Its sessions end with it: a session whose account is gone counts as signed out.
            try await sql.delete(from: "users").where("id", .equal, row.id).run()
        }
    }

    // MARK: Key-value storage with expiry (sessions)

    public func persisted(key: String, now: Int) async throws -> (value: String, expiresAt: Int?)? {
        struct Row: Decodable { var value: String; var expires_at: Int? }
        return try await withSQL { sql in
            guard let row = try await sql.select().columns("value", "expires_at").from("persisted").where("key", .equal, key)
                .first(decoding: Row.self) else { return nil }
            if let expires = row.expires_at, expires <= now {
                try await sql.delete(from: "persisted").where("key", .equal, key).run()
                return nil
            }
            return (row.value, row.expires_at)
        }
    }

    /// Stores a value; `onlyIfNew` refuses to replace one that exists (returns false).
    @discardableResult
    public func persist(key: String, value: String, expiresAt: Int?, onlyIfNew: Bool, keepExpiry: Bool = false) async throws -> Bool {
        try await transaction { sql in
            struct Row: Decodable { var expires_at: Int? }
            let existing = try await sql.select().column("expires_at").from("persisted").where("key", .equal, key)
                .first(decoding: Row.self)
            if existing != nil && onlyIfNew { return false }
            let expires = (keepExpiry && expiresAt == nil) ? existing?.expires_at : expiresAt
            try await sql.delete(from: "persisted").where("key", .equal, key).run()
            try await sql.insert(into: "persisted").columns("key", "value", "expires_at")
                .values(SQLBind(key), SQLBind(value), SQLBind(expires)).run()
            return true
        }
    }

    public func removePersisted(key: String) async throws {
        try await withSQL { sql in try await sql.delete(from: "persisted").where("key", .equal, key).run() }
    }

    public func removeExpired(now: Int) async throws {
        try await withSQL { sql in
            try await sql.delete(from: "persisted").where("expires_at", .lessThanOrEqual, now).run()
            try await sql.delete(from: "sign_in_failures").where("at", .lessThan, now - 24 * 3600).run()
        }
    }

    // MARK: Sign-in failures (rate limiting)

    public func recordSignInFailure(subjects: [String], at now: Int) async throws {
        try await transaction { sql in
            for subject in subjects {
                try await sql.insert(into: "sign_in_failures").columns("id", "subject", "at")
                    .values(SQLBind(UUID().uuidString.lowercased()), SQLBind(subject), SQLBind(now)).run()
            }
        }
    }

    public func signInFailures(subject: String, since: Int) async throws -> Int {
        struct Row: Decodable { var count: Int }
        return try await withSQL { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from("sign_in_failures")
                .where("subject", .equal, subject).where("at", .greaterThanOrEqual, since)
                .first(decoding: Row.self)?.count ?? 0
        }
    }

    public func clearSignInFailures(subject: String) async throws {
        try await withSQL { sql in try await sql.delete(from: "sign_in_failures").where("subject", .equal, subject).run() }
    }

    // MARK: Logos, by content

    /// Keeps a logo under its SHA-256; the same bytes are kept once.
    public func putLogo(_ logo: StoredLogo) async throws {
        try await transaction { sql in
            let existing = try await sql.select().column("sha256").from("logos").where("sha256", .equal, logo.sha256).first()
            guard existing == nil else { return }
            try await sql.insert(into: "logos").columns("sha256", "extension", "base64")
                .values(SQLBind(logo.sha256), SQLBind(logo.fileExtension), SQLBind(Data(logo.bytes).base64EncodedString())).run()
        }
    }

    public func logo(sha256: String) async throws -> StoredLogo? {
        struct Row: Decodable { var sha256: String; var `extension`: String; var base64: String }
        return try await withSQL { sql in
            guard let row = try await sql.select().columns("sha256", "extension", "base64").from("logos")
                .where("sha256", .equal, sha256).first(decoding: Row.self),
                  let data = Data(base64Encoded: row.base64) else { return nil }
            return StoredLogo(sha256: row.sha256, fileExtension: row.extension, bytes: [UInt8](data))
        }
    }

    // MARK: Profiles

    public func profile(code: String) async throws -> StoredProfile? {
        try await withSQL { sql in
            try await sql.select().columns("*").from("profiles").where("code", .equal, code).first(decoding: ProfileRow.self)?.profile
        }
    }

    /// Only the revision: what an instance checks to know whether its rendered copy is current.
    public func profileRevision(code: String) async throws -> Int? {
        struct Row: Decodable { var revision: Int }
        return try await withSQL { sql in
            try await sql.select().column("revision").from("profiles").where("code", .equal, code).first(decoding: Row.self)?.revision
        }
    }

    public func profileCodes() async throws -> [String] {
        struct Row: Decodable { var code: String }
        return try await withSQL { sql in
            try await sql.select().column("code").from("profiles").orderBy("code").all(decoding: Row.self).map(\.code)
        }
    }

    /// Saves a profile and its change-log lines together, if nobody saved it since
    /// `expectedRevision` (nil: a new profile, or an import that replaces whatever is there).
    @discardableResult
    public func saveProfile(code: String, yaml: String, logoSHA256: String, expectedRevision: Int?, by actor: String,
                            at now: Int, audit: [AuditEntry]) async throws -> Int {
        try await transaction { sql in
            let existing = try await sql.select().columns("*").from("profiles").where("code", .equal, code)
                .first(decoding: ProfileRow.self)
            if let expectedRevision, let existing, existing.revision != expectedRevision {
                throw StoreError.staleRevision(expected: expectedRevision, found: existing.revision)
            }
            let revision = (existing?.revision ?? 0) + 1
            let row = ProfileRow(code: code, yaml: yaml, logo_sha256: logoSHA256, revision: revision, updated_at: now,
                                 updated_by: actor)
            if existing != nil {
                try await sql.update("profiles").set(model: row).where("code", .equal, code).run()
            } else {
                try await sql.insert(into: "profiles").model(row).run()
            }
            for entry in audit { try await sql.insert(into: "audit_log").model(AuditRow(entry)).run() }
            return revision
        }
    }

    // MARK: Resource files (catalogue, translations, register, languages, number plan)

    public func putResourceFile(path: String, text: String, sha256: String) async throws {
        try await transaction { sql in
            try await sql.delete(from: "resource_files").where("path", .equal, path).run()
            try await sql.insert(into: "resource_files").columns("path", "text", "sha256")
                .values(SQLBind(path), SQLBind(text), SQLBind(sha256)).run()
        }
    }

    public func resourceFiles() async throws -> [(path: String, text: String, sha256: String)] {
        struct Row: Decodable { var path: String; var text: String; var sha256: String }
        return try await withSQL { sql in
            try await sql.select().columns("path", "text", "sha256").from("resource_files").orderBy("path")
                .all(decoding: Row.self).map { ($0.path, $0.text, $0.sha256) }
        }
    }

    public func resourceFingerprint() async throws -> [String: String] {
        struct Row: Decodable { var path: String; var sha256: String }
        return try await withSQL { sql in
            Dictionary(uniqueKeysWithValues: try await sql.select().columns("path", "sha256").from("resource_files")
                .all(decoding: Row.self).map { ($0.path, $0.sha256) })
        }
    }

    // MARK: The change log

    public func record(_ entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await transaction { sql in
            for entry in entries { try await sql.insert(into: "audit_log").model(AuditRow(entry)).run() }
        }
    }

    public func auditLog(entity: String? = nil, limit: Int = 200) async throws -> [AuditEntry] {
        try await withSQL { sql in
            var query = sql.select().columns("*").from("audit_log")
            if let entity { query = query.where("entity", .equal, entity) }
            return try await query.orderBy("at", .descending).orderBy("id").limit(limit).all(decoding: AuditRow.self).map {
                var entry = AuditEntry(at: $0.at, actor: $0.actor, entity: $0.entity, field: $0.field, before: $0.before, after: $0.after)
                entry.id = $0.id
                return entry
            }
        }
    }
}

extension AuditRow {
    init(_ entry: AuditEntry) {
        self.init(id: entry.id, at: entry.at, actor: entry.actor, entity: entry.entity, field: entry.field,
                  before: entry.before, after: entry.after)
    }
}
