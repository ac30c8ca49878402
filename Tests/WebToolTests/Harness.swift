import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Store
@testable import WebTool

/// Every suite of web tests, one after the other: on PostgreSQL they share one database, which
/// each test empties first.
@Suite(.serialized) enum WebSuites {}

/// A web tool on a fresh embedded database (or the PostgreSQL database `TMV_TEST_POSTGRES`
/// names), with an editor of Exempelkommun (0000) and of a second fictional municipality (9999).
struct Harness {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let password = "a long enough password"
    static let fixedNow = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30, a Monday

    let tool: WebTool
    let folder: URL

    static func configuration(folder: URL, databaseURL: String? = nil) -> WebToolConfiguration {
        var configuration = WebToolConfiguration(dataFolder: folder, databaseURL: databaseURL,
                                                 installedResources: project.appendingPathComponent("Resources"),
                                                 pagesFolder: project.appendingPathComponent("WebPages"))
        configuration.bcryptCost = 4
        configuration.showFictional = true
        configuration.fixedNow = fixedNow
        return configuration
    }

    /// `TMV_WEB_TESTS_DATABASE=postgres` runs every web test on the PostgreSQL database of
    /// `TMV_TEST_POSTGRES` instead of SQLite (scripts/test.sh does both).
    static var defaultDatabase: String? {
        let environment = ProcessInfo.processInfo.environment
        return environment["TMV_WEB_TESTS_DATABASE"] == "postgres" ? environment["TMV_TEST_POSTGRES"] : nil
    }

    static func make(databaseURL: String? = Harness.defaultDatabase, resetPostgres: Bool = true) async throws -> Harness {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-web-tests-\(UUID().uuidString)")
        if let databaseURL, resetPostgres { try await PostgresReset.reset(databaseURL) }
        let tool = try await WebTool.start(configuration(folder: folder, databaseURL: databaseURL))
        let harness = Harness(tool: tool, folder: folder)
        try await harness.addSecondMunicipality()
        for (email, municipality) in [("editor@0000.example", "0000"), ("editor@9999.example", "9999")] {
            if try await tool.store.account(email: email) == nil {
                try await tool.store.add(Account(email: email, passwordHash: tool.hashPassword(password), role: .municipalEditor,
                                                 municipality: municipality, languages: [], createdAt: 0))
            }
        }
        return harness
    }

    /// A second fictional municipality, so that one editor can try to reach another's data.
    func addSecondMunicipality() async throws {
        guard try await tool.store.profile(code: "9999") == nil, let sample = try await tool.store.profile(code: "0000") else { return }
        let yaml = sample.yaml.replacingOccurrences(of: "'0000'", with: "'9999'").replacingOccurrences(of: "Exempelkommun", with: "Andrakommun")
        try await tool.store.saveProfile(code: "9999", yaml: yaml, logoSHA256: sample.logoSHA256, expectedRevision: nil,
                                         by: "test", at: 0, audit: [])
    }

    /// Removes the test's folder now; the database connections close in the background.
    func close() {
        try? FileManager.default.removeItem(at: folder)
        let store = tool.store
        Task { await store.shutdown() }
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (Browser) async throws -> T) async throws -> T {
        let app = Application(router: tool.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.router) { client in try await body(Browser(client: client)) }
    }
}

/// A client that keeps cookies, as a browser does.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    let lock = NSLock()

    init(client: any TestClientProtocol) { self.client = client }

    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil,
              bytes: [UInt8]? = nil) async throws -> TestResponse {
        var all = headers
        let cookieHeader = lock.withLock { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !cookieHeader.isEmpty { all[.cookie] = cookieHeader }
        let buffer = bytes.map { ByteBuffer(bytes: $0) } ?? body.map { ByteBuffer(string: $0) }
        let response = try await client.execute(uri: uri, method: method, headers: all, body: buffer)
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            lock.withLock {
                if value.contains("Max-Age=0") || parts[1].isEmpty { cookies[parts[0]] = nil } else { cookies[parts[0]] = parts[1] }
            }
        }
        return response
    }

    func get(_ uri: String) async throws -> TestResponse { try await send(.get, uri) }

    func html(_ uri: String) async throws -> String { String(buffer: try await get(uri).body) }

    /// Signs in through the sign-in page, as a person does.
    func signIn(_ email: String, password: String = Harness.password) async throws -> TestResponse {
        let page = try await html("/verktyg/logga-in")
        let token = Self.value(of: "_signin", in: page) ?? ""
        return try await postForm("/verktyg/logga-in", ["_signin": token, "email": email, "password": password])
    }

    func signInAPI(_ email: String, password: String = Harness.password) async throws -> TestResponse {
        try await send(.post, "/api/v1/session", headers: [.contentType: "application/json"],
                       body: #"{"email":"\#(email)","password":"\#(password)"}"#)
    }

    func postForm(_ uri: String, _ fields: [String: String], headers: HTTPFields = [:]) async throws -> TestResponse {
        var all = headers
        all[.contentType] = "application/x-www-form-urlencoded"
        return try await send(.post, uri, headers: all, body: Self.encode(fields))
    }

    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    /// The value of a hidden or text input in a page.
    static func value(of name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
    }

    /// Every field of the profile form as the page fills it in (what a browser would send).
    static func profileForm(in html: String) -> [String: String] {
        // The profile form is the one posting to .../profil.
        form(after: "/profil\" novalidate", in: html)
    }

    /// Every field of the form whose opening tag contains `marker`, as a browser would send it.
    static func form(after marker: String, in html: String) -> [String: String] {
        var fields: [String: String] = [:]
        guard let profileStart = html.range(of: marker),
              let end = html[profileStart.upperBound...].range(of: "</form>") else { return [:] }
        let form = String(html[profileStart.upperBound..<end.lowerBound])
        let inputs = form.components(separatedBy: "<input ").dropFirst()
        for input in inputs {
            guard let name = attribute("name", in: input) else { continue }
            if input.contains("type=\"checkbox\"") {
                if input.contains(" checked") { fields[name] = "1" }
            } else {
                fields[name] = attribute("value", in: input) ?? ""
            }
        }
        for select in form.components(separatedBy: "<select ").dropFirst() {
            guard let name = attribute("name", in: select) else { continue }
            let options = select.components(separatedBy: "</select>").first ?? ""
            let chosen = options.components(separatedBy: "<option ").dropFirst().first { $0.contains(" selected") }
                ?? options.components(separatedBy: "<option ").dropFirst().first
            fields[name] = chosen.flatMap { attribute("value", in: $0) } ?? ""
        }
        for area in form.components(separatedBy: "<textarea ").dropFirst() {
            guard let name = attribute("name", in: area), let open = area.firstIndex(of: ">"),
                  let close = area.range(of: "</textarea>") else { continue }
            fields[name] = unescape(String(area[area.index(after: open)..<close.lowerBound]))
        }
        return fields
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let range = tag.range(of: " \(name)=\"") ?? (tag.hasPrefix("\(name)=\"") ? tag.range(of: "\(name)=\"") : nil) else { return nil }
        let rest = tag[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return unescape(String(rest[..<end]))
    }
}

import PostgresKit

/// Empties the test database, so each test starts from the first start's seed.
enum PostgresReset {
    static func reset(_ url: String) async throws {
        let store = try Store.postgres(url: url)
        try await store.withSQL { sql in
            for table in Schema.tables {
                try await sql.raw("DROP TABLE IF EXISTS \(ident: table) CASCADE").run()
            }
        }
        await store.shutdown()
    }
}
