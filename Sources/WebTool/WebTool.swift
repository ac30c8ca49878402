import Catalogue
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import HummingbirdBcrypt
import Logging
import Municipalities
import Mustache
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import OpeningHours
import Packs
import Rendering
import Store
import Translations
import Yams

/// How `tmv serve` is started.
public struct WebToolConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Holds the embedded database (without `databaseURL`) and this instance's working files.
    public var dataFolder: URL
    /// postgres://USER:PASSWORD@HOST/DATABASE, or nil for the embedded SQLite database.
    public var databaseURL: String?
    /// The installation's Resources/ (the first start's seed) and Templates/.
    public var installedResources: URL
    /// The web pages' Mustache templates, interface texts and static files.
    public var pagesFolder: URL
    /// A fixed time (`--now`), for demonstrations and tests.
    public var fixedNow: Date?
    /// Secure cookies: on when served behind TLS.
    public var secureCookies = false
    /// bcrypt's work factor; tests lower it to stay fast.
    public var bcryptCost: UInt8 = 11
    /// The address people reach the tool at, for the Origin check (e.g. https://tmv.example.se).
    public var publicOrigin: String?
    /// The public directory's address (`--public-url`): the QR codes of documents rendered here lead to it.
    public var publicURL: URL?
    /// Show fictional municipalities (the sample) on the public pages and in the open data:
    /// for demonstrations and tests, never on a server the public reaches.
    public var showFictional = false

    public init(dataFolder: URL, databaseURL: String?, installedResources: URL, pagesFolder: URL) {
        self.dataFolder = dataFolder
        self.databaseURL = databaseURL
        self.installedResources = installedResources
        self.pagesFolder = pagesFolder
    }

    public var installedTemplates: URL { installedResources.deletingLastPathComponent().appendingPathComponent("Templates") }
}

/// The web tool: the state every request shares.
public final class WebTool: Sendable {
    public let configuration: WebToolConfiguration
    public let store: Store
    /// The engine and the public directory, over the published catalogue and translations;
    /// replaced whole when a publish or a translator's save changes them.
    let engineState: NIOLockedValueBox<EngineState>
    public var engine: Engine { engineState.withLockedValue { $0.engine } }
    /// Grows by one each time the engine is replaced: what a built pack and a preview were made with.
    var engineGeneration: Int { engineState.withLockedValue { $0.generation } }
    /// This process's working files: its engines' copies of the data and its built packs.
    let instanceFolder: URL
    let engineClock: any Clock
    /// When this instance last compared its engine's files with the database.
    let lastEngineCheck = NIOLockedValueBox<Date>(.distantPast)
    /// The latest engine load; each waits for the one before it.
    let engineLoads = NIOLockedValueBox<Task<Bool, any Error>?>(nil)
    /// Rebuilds a publish started, until they end.
    let pendingRebuilds = NIOLockedValueBox<[Task<Void, Never>]>([])
    /// The files the last publish re-rendered, per municipality (what its notice reports).
    let rebuiltFiles = NIOLockedValueBox<[String: [String]]>([:])
    let pages: MustacheLibrary
    let interface: [String: [String: String]]
    /// The same texts nested as the templates read them ({{t.section.key}}), built once.
    let interfaceTrees: [String: InterfaceTree]
    let clock: @Sendable () -> Date
    let packJobs = NIOLockedValueBox<[String: PackJob]>([:])
    let previews = NIOLockedValueBox<PreviewCache>(PreviewCache())
    /// The public directory's published data, and its pages as rendered this minute.
    var publicDirectory: Directory { engineState.withLockedValue { $0.directory } }
    let publicCache = NIOLockedValueBox<[String: PublicSlot]>([:])
    let profileCodes = NIOLockedValueBox<(minute: Int, codes: Set<String>)?>(nil)
    let logger: Logger

    /// Upper limits on what a request may send.
    static let maximumFormBytes = 256 * 1024
    static let maximumJSONBytes = 256 * 1024
    /// The engine's own limit on a logo file.
    static let maximumLogoBytes = MunicipalityProfile.maximumLogoBytes
    /// Sign-in failures allowed per account and per address within `signInWindow` seconds.
    static let signInFailuresPerAccount = 5
    static let signInFailuresPerAddress = 20
    static let signInWindow = 15 * 60

    enum PackJob: Sendable {
        case building(done: Int, started: Date)
        /// `generation`: the engine (published catalogue and translations) it was built with.
        case ready(zip: URL, revision: Int, generation: Int, finished: Date, files: Int)
        case failed(String)
    }

    /// Rendered previews by profile revision, so fifty people looking at the same poster do not
    /// render it fifty times; a save makes a new revision, and so new previews.
    struct PreviewCache: Sendable {
        var entries: [String: [UInt8]] = [:]
        var order: [String] = []
        static let capacity = 300

        mutating func insert(_ key: String, _ bytes: [UInt8]) {
            if entries[key] == nil { order.append(key) }
            entries[key] = bytes
            while order.count > Self.capacity { entries[order.removeFirst()] = nil }
        }
    }

    /// Opens the database (seeding it on the first start) and loads the engine.
    public static func start(_ configuration: WebToolConfiguration) async throws -> WebTool {
        let store = try await Store.open(data: configuration.dataFolder, databaseURL: configuration.databaseURL)
        let fixed = configuration.fixedNow
        let clock: @Sendable () -> Date = { fixed ?? Date() }
        _ = try await DataExchange.seedIfEmpty(store, from: configuration.installedResources, now: Int(clock().timeIntervalSince1970))
        let instanceFolder = configuration.dataFolder.appendingPathComponent("work-\(ProcessInfo.processInfo.processIdentifier)")
        let engineClock: any Clock = fixed.map { FixedClock($0) } ?? SystemClock()
        try await DataExchange.recordSeededCatalogue(store, now: Int(clock().timeIntervalSince1970))
        let fingerprint = try await store.resourceFingerprint()
        let engine = try await Engine(store: store, work: instanceFolder.appendingPathComponent("engine-1"),
                                      installedTemplates: configuration.installedTemplates, clock: engineClock)
        let pages = try await MustacheLibrary(directory: configuration.pagesFolder.appendingPathComponent("pages").path)
        var interface: [String: [String: String]] = [:]
        for language in ["sv", "en"] {
            let file = configuration.pagesFolder.appendingPathComponent("interface/\(language).yaml")
            let text = try String(contentsOf: file, encoding: .utf8)
            guard let tree = try Yams.load(yaml: text) as? [String: Any] else {
                throw Engine.Problem.engine("\(file.path) must map each key to a text")
            }
            interface[language] = try Self.flatten(tree, file: file.path)
        }
        return WebTool(configuration: configuration, store: store, engine: engine, fingerprint: fingerprint, pages: pages,
                       interface: interface, clock: clock, instanceFolder: instanceFolder, engineClock: engineClock)
    }

    init(configuration: WebToolConfiguration, store: Store, engine: Engine, fingerprint: [String: String], pages: MustacheLibrary,
         interface: [String: [String: String]], clock: @escaping @Sendable () -> Date, instanceFolder: URL, engineClock: any Clock) {
        self.configuration = configuration
        self.store = store
        self.engineState = NIOLockedValueBox(EngineState(engine: engine, directory: Self.directory(engine), generation: 1,
                                                         fingerprint: fingerprint))
        self.instanceFolder = instanceFolder
        self.engineClock = engineClock
        self.pages = pages
        self.interface = interface
        self.interfaceTrees = interface.mapValues { InterfaceTree(tree: Self.nest($0)) }
        self.clock = clock
        var logger = Logger(label: "tillsammans.web")
        logger.logLevel = .info
        self.logger = logger
    }

    var now: Int { Int(clock().timeIntervalSince1970) }

    /// A second tool on the same database and engine with another configuration and clock
    /// (tests that look at the public pages at other instants).
    func sharing(configuration: WebToolConfiguration, clock: @escaping @Sendable () -> Date) -> WebTool {
        let state = engineState.withLockedValue { $0 }
        return WebTool(configuration: configuration, store: store, engine: state.engine, fingerprint: state.fingerprint, pages: pages,
                       interface: interface, clock: clock, instanceFolder: instanceFolder, engineClock: engineClock)
    }

    /// What an operator should know at start: the database's texts lack units this installation
    /// has (a database made by an older version), so some pages would fall back or be blank.
    public var startWarnings: [String] {
        let installed = configuration.installedResources.appendingPathComponent("translations")
        guard let shipped = try? CampaignTexts.load(language: "sv", folder: installed), let stored = engine.texts["sv"] else { return [] }
        let missing = Set(shipped.texts.keys).subtracting(stored.texts.keys).sorted()
        guard !missing.isEmpty else { return [] }
        return ["the database's translations lack \(missing.count) units this installation has (\(missing.prefix(3).joined(separator: ", "))...); "
                + "bring them in with: tmv import Resources"]
    }

    /// Closes the database and removes this instance's working files (for commands that end).
    public func stop() async {
        await waitForRebuilds()
        await store.shutdown()
        try? FileManager.default.removeItem(at: instanceFolder)
    }

    /// Writes the published directory as HSDS 3 (organizations.json, services.json), each file
    /// complete or not at all.
    public func writeHSDS(to folder: URL, includeFictional: Bool = false) async throws -> (organizations: Int, services: Int) {
        var directory = publicDirectory
        for code in try await store.profileCodes() {
            directory.profiles[code] = try await engine.profile(code, store: store).profile
        }
        let export = directory.hsds(includeFictional: includeFictional)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(OpenData.encode(export.organizations, pretty: true)).write(to: folder.appendingPathComponent("organizations.json"), options: .atomic)
        try Data(OpenData.encode(export.services, pretty: true)).write(to: folder.appendingPathComponent("services.json"), options: .atomic)
        return (export.organizations.count, export.services.count)
    }

    /// Nested interface texts as "section.key" → text.
    static func flatten(_ tree: [String: Any], prefix: String = "", file: String) throws -> [String: String] {
        var flat: [String: String] = [:]
        for (key, value) in tree {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if let text = value as? String {
                flat[path] = text
            } else if let inner = value as? [String: Any] {
                flat.merge(try flatten(inner, prefix: path, file: file)) { $1 }
            } else {
                throw Engine.Problem.engine("\(file): \(path) must be a text")
            }
        }
        return flat
    }

    /// "section.key" → text as the nested dictionary a template reads ({{t.section.key}}).
    static func nest(_ flat: [String: String]) -> [String: Any] {
        var tree: [String: Any] = [:]
        func insert(_ parts: ArraySlice<Substring>, _ value: String, into node: inout [String: Any]) {
            guard let first = parts.first else { return }
            if parts.count == 1 {
                node[String(first)] = value
            } else {
                var child = node[String(first)] as? [String: Any] ?? [:]
                insert(parts.dropFirst(), value, into: &child)
                node[String(first)] = child
            }
        }
        for (key, value) in flat { insert(key.split(separator: ".")[...], value, into: &tree) }
        return tree
    }

    /// The router with every page and API route, behind the security middleware.
    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: FileMiddleware(configuration.pagesFolder.appendingPathComponent("static").path,
                                              urlBasePath: "/static", searchForIndexHtml: false))
        router.add(middleware: SessionMiddleware(
            storage: DatabasePersistDriver(store: store, clock: clock),
            configuration: .init(sessionCookieParameters: .init(name: "tmv_session", path: "/", secure: configuration.secureCookies,
                                                                sameSite: .lax),
                                 defaultSessionExpiration: .seconds(8 * 3600))))
        router.add(middleware: LoadAccount(store: store))
        router.add(middleware: FollowPublishedData(tool: self))
        router.add(middleware: OriginCheck(publicOrigin: configuration.publicOrigin))
        router.add(middleware: FirstPasswordFirst())
        addPublic(to: router)
        addOpenData(to: router)
        addPages(to: router)
        addAgencyPages(to: router)
        addTranslatorPages(to: router)
        addAPI(to: router)
        addAgencyAPI(to: router)
        addTranslationAPI(to: router)
        return router
    }

    public func application() -> some ApplicationProtocol {
        Application(router: router(),
                    configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
                    services: [DatabasePersistDriver(store: store, clock: clock)],
                    logger: logger)
    }

    // MARK: Passwords and sign-in

    public func hashPassword(_ password: String) -> String {
        Bcrypt.hash(password, cost: configuration.bcryptCost)
    }

    public enum SignInResult: Sendable, Equatable {
        case signedIn(Account)
        case wrong
        case tooManyAttempts
    }

    /// Checks a password, counting failures per account and per address; a locked account is
    /// refused without looking at the password, so guessing gains nothing.
    public func signIn(email rawEmail: String, password: String, address: String) async throws -> SignInResult {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        let since = now - Self.signInWindow
        let accountFailures = try await store.signInFailures(subject: "account:\(email)", since: since)
        let addressFailures = try await store.signInFailures(subject: "address:\(address)", since: since)
        if accountFailures >= Self.signInFailuresPerAccount || addressFailures >= Self.signInFailuresPerAddress {
            return .tooManyAttempts
        }
        let account = try await store.account(email: email)
        let hash = account?.passwordHash ?? Self.decoyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard let account, matches else {
            try await store.recordSignInFailure(subjects: ["account:\(email)", "address:\(address)"], at: now)
            return .wrong
        }
        try await store.clearSignInFailures(subject: "account:\(email)")
        return .signedIn(account)
    }

    /// Checked when no account has the address, so a wrong address takes as long as a wrong password.
    static let decoyHash = Bcrypt.hash("decoy password, never used", cost: 11)

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    // MARK: Authorisation

    /// The account may edit this municipality, or the request ends here: 404 for a municipality
    /// it may not see, so a code typed into the address reveals nothing.
    func municipality(of context: WebContext) throws -> (code: String, account: Account) {
        let code = try context.parameters.require("code")
        guard let account = context.account else { throw HTTPError(.unauthorized) }
        guard account.mayEdit(municipality: code) else { throw HTTPError(.notFound) }
        return (code, account)
    }
}

// MARK: - Middleware

/// Headers every response carries: no inline script, no framing, no type guessing.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = WebContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if response.headers[HTTPField.Name("Referrer-Policy")!] == nil {
            response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// A nested dictionary of texts for Mustache; never changed after it is built.
struct InterfaceTree: @unchecked Sendable {
    let tree: [String: Any]
}

/// Turns the session into an account; a session whose account was removed counts as none.
struct LoadAccount: RouterMiddleware {
    typealias Context = WebContext
    let store: Store
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let session = context.sessions.session {
            context.account = try await store.account(id: session.accountID)
            if context.account == nil { context.sessions.clearSession() }
        }
        return try await next(request, context)
    }
}

/// Someone signed in with the one-time password `tmv users add` printed chooses her own before
/// anything else: every page leads to the password page, and the API says why it refuses.
struct FirstPasswordFirst: RouterMiddleware {
    typealias Context = WebContext
    static let allowed: Set<String> = ["/verktyg/byt-losenord", "/verktyg/logga-ut", "/verktyg/logga-in"]

    /// The public directory and its open data are the same for everyone, signed in or not.
    static func isPublic(_ path: String) -> Bool {
        if path.hasPrefix("/api/v1/helplines") && !path.hasSuffix("/draft") && !path.contains("/draft/") { return true }
        if path == "/api/openapi.yaml" || path.hasPrefix("/static/") { return true }
        if path.hasPrefix("/api/v1/municipalities/"), path.contains("/contacts") { return true }
        return !path.hasPrefix("/verktyg") && !path.hasPrefix("/api/")
    }
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let account = context.account, account.mustChangePassword, !Self.allowed.contains(request.uri.path),
              !Self.isPublic(request.uri.path) else {
            return try await next(request, context)
        }
        if request.uri.path.hasPrefix("/api/") {
            throw HTTPError(.forbidden, message: "Choose a password of your own in the web tool (/verktyg/byt-losenord) before using the API.")
        }
        return Response.redirect(to: "/verktyg/byt-losenord", type: .normal)
    }
}

/// A request that changes something must come from our own pages: a browser sends Origin (or
/// Sec-Fetch-Site) with it, and a foreign one is refused before any handler runs.
struct OriginCheck: RouterMiddleware {
    typealias Context = WebContext
    let publicOrigin: String?
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get && request.method != .head {
            if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin" && site != "none" {
                throw HTTPError(.forbidden, message: "This request came from another site and was refused.")
            }
            if let origin = request.headers[.origin] {
                let host = request.head.authority ?? ""
                let allowed = [publicOrigin, "http://\(host)", "https://\(host)"].compactMap { $0 }
                if !allowed.contains(origin) {
                    throw HTTPError(.forbidden, message: "This request came from another site (\(origin)) and was refused.")
                }
            }
        }
        return try await next(request, context)
    }
}

