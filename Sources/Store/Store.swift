@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// Where the web tool keeps what people change: accounts, sessions, profiles, logos, the
/// catalogue and translation files, the change log.
///
/// One schema and one set of queries (SQLKit) over an embedded SQLite file or a PostgreSQL
/// server, so a single machine needs nothing installed and several instances can share one
/// PostgreSQL database behind a load balancer.
public final class Store: Sendable {
    /// The pools lock their own state (AsyncKit), but are not marked Sendable.
    enum Backend: @unchecked Sendable {
        case sqlite(EventLoopGroupConnectionPool<SQLiteConnectionSource>)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    let backend: Backend
    let logger: Logger
    let closed = NIOLockedValueBox(false)
    public let engineName: String

    public enum OpenError: Error, CustomStringConvertible {
        case badURL(String, String)
        case cannotCreateFolder(String, String)
        case cannotConnect(String, String)

        public var description: String {
            switch self {
            case .badURL(let url, let reason): return "'\(url)' is not a PostgreSQL address (postgres://USER:PASSWORD@HOST/DATABASE): \(reason)"
            case .cannotCreateFolder(let path, let reason): return "cannot create the data folder \(path): \(reason)"
            case .cannotConnect(let target, let reason): return "cannot open the database \(target): \(reason)"
            }
        }
    }

    private init(backend: Backend, engineName: String) {
        self.backend = backend
        self.engineName = engineName
        var logger = Logger(label: "tillsammans.store")
        logger.logLevel = .warning
        self.logger = logger
    }

    /// The embedded database: one file in the data folder. One connection, so writes never
    /// wait on each other's locks; each query takes well under a millisecond.
    public static func sqlite(file: URL) throws -> Store {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw OpenError.cannotCreateFolder(file.deletingLastPathComponent().path, error.localizedDescription)
        }
        let source = SQLiteConnectionSource(configuration: .init(storage: .file(path: file.path), enableForeignKeys: true))
        let group = MultiThreadedEventLoopGroup.singleton.next()
        let pool = EventLoopGroupConnectionPool(source: source, maxConnectionsPerEventLoop: 1, requestTimeout: .seconds(30),
                                                on: group)
        return Store(backend: .sqlite(pool), engineName: "SQLite")
    }

    /// A PostgreSQL server, shared by every instance of the web tool.
    public static func postgres(url: String) throws -> Store {
        let configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw OpenError.badURL(Self.withoutPassword(url), "\(error)")
        }
        var withoutTLS = configuration
        if url.contains("sslmode=disable") || !url.contains("sslmode=") {
            withoutTLS.coreConfiguration.tls = .disable
        }
        let source = PostgresConnectionSource(sqlConfiguration: withoutTLS)
        let pool = EventLoopGroupConnectionPool(source: source, maxConnectionsPerEventLoop: 4, requestTimeout: .seconds(10),
                                                on: MultiThreadedEventLoopGroup.singleton)
        return Store(backend: .postgres(pool), engineName: "PostgreSQL")
    }

    static func withoutPassword(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "(the given address)" }
        if components.password != nil { components.password = "…" }
        return components.string ?? "(the given address)"
    }

    /// Runs `body` on one connection.
    public func withSQL<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let pool):
            return try await pool.withConnection(logger: logger) { connection in
                connection.eventLoop.makeFutureWithTask { try await body(connection.sql()) }
            }.get()
        case .postgres(let pool):
            return try await pool.withConnection(logger: logger) { connection in
                connection.eventLoop.makeFutureWithTask { try await body(connection.sql()) }
            }.get()
        }
    }

    /// Runs `body` in one transaction: all of it is saved, or none of it.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let begin: SQLQueryString = engineName == "SQLite" ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await withSQL { sql in
            try await sql.raw(begin).run()
            do {
                let result = try await body(sql)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// A store let go without `shutdown()` (a test that failed half-way) closes its connections
    /// in the background instead of stopping the process.
    deinit {
        guard !closed.withLockedValue({ $0 }) else { return }
        switch backend {
        case .sqlite(let pool): pool.shutdownGracefully { _ in }
        case .postgres(let pool): pool.shutdownGracefully { _ in }
        }
    }

    public func shutdown() async {
        guard !closed.withLockedValue({ value in defer { value = true }; return value }) else { return }
        switch backend {
        case .sqlite(let pool): try? await pool.shutdownAsync()
        case .postgres(let pool): try? await pool.shutdownAsync()
        }
    }
}
