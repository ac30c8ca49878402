import Foundation
import Testing
@testable import Store

/// The store's rules on both engines: SQLite always, PostgreSQL when `TMV_TEST_POSTGRES` names
/// a database (CI starts one).
@Suite(.serialized) struct StoreTests {
    static var engines: [String] {
        ["sqlite"] + (ProcessInfo.processInfo.environment["TMV_TEST_POSTGRES"] != nil ? ["postgres"] : [])
    }

    static func open(_ engine: String) async throws -> (Store, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-store-\(UUID().uuidString)")
        if engine == "postgres", let url = ProcessInfo.processInfo.environment["TMV_TEST_POSTGRES"] {
            let store = try Store.postgres(url: url)
            try await store.withSQL { sql in
                for table in Schema.tables {
                    try await sql.raw("DROP TABLE IF EXISTS \(ident: table) CASCADE").run()
                }
            }
            await store.shutdown()
            return (try await Store.open(data: folder, databaseURL: url), folder)
        }
        return (try await Store.open(data: folder, databaseURL: nil), folder)
    }

    @Test(arguments: engines)
    func migrationsRunOnceAndAgainWithoutHarm(engine: String) async throws {
        let (store, folder) = try await Self.open(engine)
        await store.shutdown()
        // A second start on the same database finds the schema in place.
        let again = engine == "postgres"
            ? try await Store.open(data: folder, databaseURL: ProcessInfo.processInfo.environment["TMV_TEST_POSTGRES"])
            : try await Store.open(data: folder, databaseURL: nil)
        #expect(try await again.accounts().isEmpty)
        await again.shutdown()
    }

    @Test(arguments: engines)
    func anAddressHasOneAccount(engine: String) async throws {
        let (store, _) = try await Self.open(engine)
        let account = Account(email: "a@kommun.se", passwordHash: "x", role: .municipalEditor, municipality: "0000", languages: [], createdAt: 1)
        try await store.add(account)
        await #expect(throws: StoreError.emailTaken("a@kommun.se")) { try await store.add(account) }
        let translator = Account(email: "t@kommun.se", passwordHash: "y", role: .translator, municipality: nil, languages: ["ar", "so"], createdAt: 2)
        try await store.add(translator)
        #expect(try await store.account(email: "t@kommun.se")?.languages == ["ar", "so"])
        try await store.removeAccount(email: "a@kommun.se")
        #expect(try await store.account(email: "a@kommun.se") == nil)
        await #expect(throws: StoreError.noSuchAccount("a@kommun.se")) { try await store.removeAccount(email: "a@kommun.se") }
        await store.shutdown()
    }

    @Test(arguments: engines)
    func persistedValuesExpire(engine: String) async throws {
        let (store, _) = try await Self.open(engine)
        #expect(try await store.persist(key: "k", value: "v", expiresAt: 100, onlyIfNew: true))
        #expect(try await store.persist(key: "k", value: "w", expiresAt: 100, onlyIfNew: true) == false)
        #expect(try await store.persisted(key: "k", now: 99)?.value == "v")
        #expect(try await store.persisted(key: "k", now: 100) == nil)
        await store.shutdown()
    }

    @Test(arguments: engines)
    func aSaveFromAnOlderRevisionIsRefusedAndLogsNothing(engine: String) async throws {
        let (store, _) = try await Self.open(engine)
        try await store.putLogo(StoredLogo(sha256: "abc", fileExtension: "svg", bytes: Array("<svg/>".utf8)))
        try await store.putLogo(StoredLogo(sha256: "abc", fileExtension: "svg", bytes: Array("<svg/>".utf8)))
        #expect(try await store.logo(sha256: "abc")?.bytes == Array("<svg/>".utf8))
        func entry() -> AuditEntry { AuditEntry(at: 5, actor: "a", entity: "profile:0000", field: "web", before: "x", after: "y") }
        #expect(try await store.saveProfile(code: "0000", yaml: "one", logoSHA256: "abc", expectedRevision: nil, by: "a", at: 5, audit: [entry()]) == 1)
        #expect(try await store.saveProfile(code: "0000", yaml: "two", logoSHA256: "abc", expectedRevision: 1, by: "a", at: 6, audit: [entry()]) == 2)
        await #expect(throws: StoreError.staleRevision(expected: 1, found: 2)) {
            try await store.saveProfile(code: "0000", yaml: "three", logoSHA256: "abc", expectedRevision: 1, by: "b", at: 7,
                                        audit: [AuditEntry(at: 7, actor: "b", entity: "profile:0000", field: "web", before: "y", after: "z")])
        }
        #expect(try await store.profile(code: "0000")?.yaml == "two")
        let log = try await store.auditLog(entity: "profile:0000")
        #expect(log.count == 2)
        #expect(!log.contains { $0.actor == "b" })
        await store.shutdown()
    }

    @Test(arguments: engines)
    func signInFailuresAreCountedWithinTheWindow(engine: String) async throws {
        let (store, _) = try await Self.open(engine)
        try await store.recordSignInFailure(subjects: ["account:a", "address:1.2.3.4"], at: 100)
        try await store.recordSignInFailure(subjects: ["account:a"], at: 200)
        #expect(try await store.signInFailures(subject: "account:a", since: 150) == 1)
        #expect(try await store.signInFailures(subject: "account:a", since: 0) == 2)
        try await store.clearSignInFailures(subject: "account:a")
        #expect(try await store.signInFailures(subject: "account:a", since: 0) == 0)
        #expect(try await store.signInFailures(subject: "address:1.2.3.4", since: 0) == 1)
        await store.shutdown()
    }
}
