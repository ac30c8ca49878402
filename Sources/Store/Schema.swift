import Foundation
import SQLKit

/// The schema, as numbered steps applied once each, in order, on either engine.
///
/// Times are whole seconds since 1970 (BIGINT) and binary data is Base64 text, so the same
/// statements and the same Codable rows work on SQLite and PostgreSQL alike.
enum Schema {
    struct Migration: Sendable {
        var version: Int
        var apply: @Sendable (any SQLDatabase) async throws -> Void
    }

    /// Every table the migrations make (the tests empty a PostgreSQL database with it).
    static let tables = ["schema_versions", "users", "persisted", "logos", "profiles", "resource_files", "audit_log",
                         "sign_in_failures",
                         "catalogue_versions", "drafts", "pack_notices"]

    static let migrations: [Migration] = [
        Migration(version: 1) { sql in
            try await sql.create(table: "users").ifNotExists()
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("email", type: .text, .notNull, .unique)
                .column("password_hash", type: .text, .notNull)
                .column("role", type: .text, .notNull)
                .column("municipality", type: .text)
                .column("languages", type: .text, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .run()
            try await sql.create(table: "persisted").ifNotExists()
                .column("key", type: .text, .primaryKey(autoIncrement: false))
                .column("value", type: .text, .notNull)
                .column("expires_at", type: .bigint)
                .run()
            try await sql.create(table: "logos").ifNotExists()
                .column("sha256", type: .text, .primaryKey(autoIncrement: false))
                .column("extension", type: .text, .notNull)
                .column("base64", type: .text, .notNull)
                .run()
            try await sql.create(table: "profiles").ifNotExists()
                .column("code", type: .text, .primaryKey(autoIncrement: false))
                .column("yaml", type: .text, .notNull)
                .column("logo_sha256", type: .text, .notNull)
                .column("revision", type: .bigint, .notNull)
                .column("updated_at", type: .bigint, .notNull)
                .column("updated_by", type: .text, .notNull)
                .run()
            try await sql.create(table: "resource_files").ifNotExists()
                .column("path", type: .text, .primaryKey(autoIncrement: false))
                .column("text", type: .text, .notNull)
                .column("sha256", type: .text, .notNull)
                .run()
            try await sql.create(table: "audit_log").ifNotExists()
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("at", type: .bigint, .notNull)
                .column("actor", type: .text, .notNull)
                .column("entity", type: .text, .notNull)
                .column("field", type: .text, .notNull)
                .column("before", type: .text)
                .column("after", type: .text)
                .run()
            try await sql.create(index: "audit_log_entity").on("audit_log").column("entity").column("at").run()
            try await sql.create(table: "sign_in_failures").ifNotExists()
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("subject", type: .text, .notNull)
                .column("at", type: .bigint, .notNull)
                .run()
            try await sql.create(index: "sign_in_failures_subject").on("sign_in_failures").column("subject").column("at").run()
        },
        Migration(version: 2) { sql in
            try await sql.alter(table: "users").column("must_change_password", type: .bigint, .notNull, .default(0)).run()
        },
        Migration(version: 3) { sql in
            try await sql.create(table: "catalogue_versions").ifNotExists()
                .column("version", type: .bigint, .primaryKey(autoIncrement: false))
                .column("text", type: .text, .notNull)
                .column("sha256", type: .text, .notNull)
                .column("published_at", type: .bigint, .notNull)
                .column("published_by", type: .text, .notNull)
                .column("summary", type: .text, .notNull)
                .run()
            try await sql.create(table: "drafts").ifNotExists()
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("helpline", type: .text, .notNull)
                .column("base_version", type: .bigint, .notNull)
                .column("entry", type: .text, .notNull)
                .column("authors", type: .text, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .column("updated_at", type: .bigint, .notNull)
                .column("revision", type: .bigint, .notNull)
                .column("state", type: .text, .notNull)
                .column("purpose", type: .text, .notNull)
                .column("comment", type: .text)
                .column("reviewer", type: .text)
                .column("reviewed_at", type: .bigint)
                .column("published_version", type: .bigint)
                .run()
            try await sql.create(index: "drafts_helpline").on("drafts").column("helpline").column("state").run()
            // One open draft per entry, whatever happens at the same moment.
            try await sql.raw("CREATE UNIQUE INDEX drafts_one_open ON drafts (helpline) WHERE state = 'open'").run()
            try await sql.create(table: "pack_notices").ifNotExists()
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("code", type: .text, .notNull)
                .column("at", type: .bigint, .notNull)
                .column("catalogue_version", type: .bigint, .notNull)
                .column("message", type: .text, .notNull)
                .column("documents", type: .text, .notNull)
                .column("fields", type: .text, .notNull)
                .run()
            try await sql.create(index: "pack_notices_code").on("pack_notices").column("code").column("at").run()
            // The change log is written once and never changed: the database itself refuses an
            // UPDATE or DELETE, whatever program asks.
            if sql.dialect.name == "postgresql" {
                try await sql.raw("""
                    CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
                    BEGIN RAISE EXCEPTION 'the change log cannot be changed'; END; $$ LANGUAGE plpgsql
                    """).run()
                try await sql.raw("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()").run()
            } else {
                try await sql.raw("CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the change log cannot be changed'); END").run()
                try await sql.raw("CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the change log cannot be changed'); END").run()
            }
        },
    ]

    /// Brings the database to the newest schema; safe to run from several instances at once
    /// (each step and its record are one transaction, and a step already recorded is skipped).
    static func migrate(_ store: Store) async throws {
        try await store.withSQL { sql in
            try await sql.create(table: "schema_versions").ifNotExists()
                .column("version", type: .bigint, .primaryKey(autoIncrement: false))
                .column("applied_at", type: .bigint, .notNull)
                .run()
        }
        for migration in migrations {
            try await store.transaction { sql in
                struct Row: Decodable { var version: Int }
                let done = try await sql.select().column("version").from("schema_versions")
                    .where("version", .equal, migration.version).first(decoding: Row.self)
                guard done == nil else { return }
                try await migration.apply(sql)
                try await sql.insert(into: "schema_versions").columns("version", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(Int(Date().timeIntervalSince1970))).run()
            }
        }
    }
}
