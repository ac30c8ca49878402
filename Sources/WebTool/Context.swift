import Foundation
import Hummingbird
import HummingbirdAuth
import NIOCore
import ServiceLifecycle
import Store

/// What a signed-in browser's session holds: who it is and the token its forms must carry.
public struct SignedIn: Codable, Sendable, Hashable {
    public var accountID: String
    /// The synchronizer token every form that changes something sends back.
    public var csrf: String
}

/// Per request: the session, and the account once the session is checked.
public struct WebContext: SessionRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<SignedIn>
    public var account: Account?
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        account = nil
        remoteAddress = source.channel.remoteAddress
    }
}

/// Sessions kept in the database (table `persisted`), so any instance serves any user.
struct DatabasePersistDriver: PersistDriver {
    let store: Store
    let clock: @Sendable () -> Date

    private func now() -> Int { Int(clock().timeIntervalSince1970) }

    private func expiry(_ duration: Duration?) -> Int? {
        duration.map { now() + Int($0.components.seconds) }
    }

    private func encode<Object: Encodable>(_ value: Object) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let created = try await store.persist(key: key, value: encode(value), expiresAt: expiry(expires), onlyIfNew: true)
        if !created { throw PersistError.duplicate }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await store.persist(key: key, value: encode(value), expiresAt: expiry(expires), onlyIfNew: false, keepExpiry: true)
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        guard let found = try await store.persisted(key: key, now: now()) else { return nil }
        guard let object = try? JSONDecoder().decode(Object.self, from: Data(found.value.utf8)) else {
            throw PersistError.invalidConversion
        }
        return (object, found.expiresAt.map { .seconds($0 - now()) })
    }

    func remove(key: String) async throws {
        try await store.removePersisted(key: key)
    }

    /// Expired sessions are removed when read; a sweep every ten minutes keeps the table small.
    /// Ends when the server shuts down (SIGTERM, Ctrl-C).
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await store.removeExpired(now: now())
                try await Task.sleep(for: .seconds(600))
            }
        }
    }
}
