import Catalogue
import Diagnostics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Municipalities
import NIOCore
import Rendering
import Store

/// The JSON API: what the pages do, for scripts and other systems, with the same checks and
/// the same messages. Described in WebPages/openapi.yaml, served at /api/openapi.yaml.
extension WebTool {
    struct SignInBody: Decodable {
        var email: String
        var password: String
    }

    struct APIError: Encodable {
        struct Item: Encodable {
            var field: String?
            var message: String
        }
        var errors: [Item]
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var all = headers
        all[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: all, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func apiError(_ status: HTTPResponse.Status, _ items: [APIError.Item]) throws -> Response {
        try json(APIError(errors: items), status: status)
    }

    /// A JSON body: only with the JSON content type, which a cross-site form cannot send.
    func jsonBody<T: Decodable>(_ request: Request, as type: T.Type) async throws -> T {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("application/json") else {
            throw HTTPError(.unsupportedMediaType, message: "Send the body as application/json.")
        }
        let body = try await request.body.collect(upTo: Self.maximumJSONBytes)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: body))
        } catch let DecodingError.keyNotFound(key, _) {
            throw HTTPError(.badRequest, message: "The field '\(key.stringValue)' is missing.")
        } catch let DecodingError.typeMismatch(_, context) {
            throw HTTPError(.badRequest, message: "The field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type.")
        } catch {
            throw HTTPError(.badRequest, message: "The body is not the JSON this call expects.")
        }
    }

    /// "c2-name" → "contacts[2].name": the API names fields as the profile's JSON does.
    static func recordPath(ofFormField field: String) -> String? {
        let parts = field.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].hasPrefix("c"), let contact = Int(parts[0].dropFirst()) else { return nil }
        if parts[1].hasPrefix("k"), let dash = parts[1].firstIndex(of: "-"),
           let channel = Int(parts[1][parts[1].index(after: parts[1].startIndex)..<dash]) {
            let sub = String(parts[1][parts[1].index(after: dash)...])
            return "contacts[\(contact)].channels[\(channel)].\(sub == "address" ? "number" : sub)"
        }
        return "contacts[\(contact)].\(parts[1])"
    }

    func addAPI(to router: Router<WebContext>) {
        router.get("/api/openapi.yaml") { _, _ -> Response in
            let file = self.configuration.pagesFolder.appendingPathComponent("openapi.yaml")
            guard let data = try? Data(contentsOf: file) else { throw HTTPError(.notFound) }
            return Self.file([UInt8](data), type: "application/yaml; charset=utf-8", cache: "public, max-age=300")
        }
        router.post("/api/v1/session") { request, context -> Response in
            let body = try await self.jsonBody(request, as: SignInBody.self)
            switch try await self.signIn(email: body.email, password: body.password, address: Self.address(context)) {
            case .tooManyAttempts:
                return try Self.apiError(.tooManyRequests, [.init(field: "email", message: self.text("en", "signin.too-many"))])
            case .wrong:
                return try Self.apiError(.unauthorized, [.init(field: "password", message: self.text("en", "signin.wrong"))])
            case .signedIn(let account):
                context.sessions.createSession(SignedIn(accountID: account.id, csrf: Self.newToken()))
                struct SignedInBody: Encodable { var email: String; var role: String; var municipality: String? }
                return try Self.json(SignedInBody(email: account.email, role: account.role.rawValue, municipality: account.municipality))
            }
        }
        router.delete("/api/v1/session") { _, context -> Response in
            context.sessions.clearSession()
            return Response(status: .noContent)
        }
        router.get("/api/v1/municipalities/{code}/profile") { _, context -> Response in
            let (code, _) = try self.municipality(of: context)
            let loaded = try await self.engine.profile(code, store: self.store)
            return try Self.json(loaded.record, headers: [.eTag: "\"\(loaded.stored.revision)\""])
        }
        router.put("/api/v1/municipalities/{code}/profile") { request, context -> Response in
            let (code, account) = try self.municipality(of: context)
            let loaded = try await self.engine.profile(code, store: self.store)
            var record = try await self.jsonBody(request, as: MunicipalityProfile.ProfileRecord.self)
            // What a profile is (its code, name, whether it is fictional) is not the editor's to change.
            guard record.municipality.code == code else {
                return try Self.apiError(.unprocessableContent, [.init(field: "municipality.code", message: "must be \(code), the municipality of this address")])
            }
            record.municipality = loaded.record.municipality
            record.fictional = loaded.record.fictional
            // Numbers are kept the way the files keep them.
            for contactIndex in record.contacts.indices {
                for channelIndex in record.contacts[contactIndex].channels.indices {
                    if let number = record.contacts[contactIndex].channels[channelIndex].number,
                       let read = try? PhoneNumber(written: number) {
                        record.contacts[contactIndex].channels[channelIndex].number = read.stored
                    }
                }
            }
            let expected = request.headers[.ifMatch].flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))) }
            switch await self.check(record, logoBytes: loaded.logoBytes, logoExtension: loaded.logoExtension) {
            case .invalid(let diagnostics, let layout):
                return try Self.apiError(.unprocessableContent,
                                         diagnostics.filter { $0.severity == .error }.map { .init(field: $0.field, message: Self.sentence($0)) }
                                         + Self.layoutErrors(layout, values: ProfileFormValues(record: record, revision: 0,
                                                                                                 swedishHours: { $0.source },
                                                                                                 swedishNumber: { $0.stored }))
                                            .map { .init(field: Self.recordPath(ofFormField: $0.field), message: $0.message) })
            case .valid(let checked, let image):
                do {
                    try await self.saveProfile(code: code, record: record, before: loaded, logo: nil, account: account,
                                               expectedRevision: expected, checked: (checked, image))
                } catch let error as StoreError {
                    return try Self.apiError(.preconditionFailed, [.init(field: nil, message: error.description)])
                }
                let saved = try await self.engine.profile(code, store: self.store)
                return try Self.json(saved.record, headers: [.eTag: "\"\(saved.stored.revision)\""])
            }
        }
        router.put("/api/v1/municipalities/{code}/logo") { request, context -> Response in
            let (code, account) = try self.municipality(of: context)
            let body = try await request.body.collect(upTo: Self.maximumLogoBytes + 1)
            switch try await self.replaceLogo(code: code, bytes: [UInt8](buffer: body), account: account) {
            case .saved: return Response(status: .noContent)
            case .refused(let reason): return try Self.apiError(.unprocessableContent, [.init(field: "logo", message: reason)])
            }
        }
        router.get("/api/v1/municipalities/{code}/documents/{document}/{file}") { request, context -> Response in
            let (code, _) = try self.municipality(of: context)
            return try await self.documentFile(request: request, context: context, code: code)
        }
        router.get("/api/v1/municipalities/{code}/pack.zip") { _, context -> Response in
            let (code, _) = try self.municipality(of: context)
            return try await self.packDownload(code: code)
        }
        router.get("/api/v1/municipalities/{code}/audit") { _, context -> Response in
            let (code, _) = try self.municipality(of: context)
            return try Self.json(try await self.store.auditLog(entity: "profile:\(code)"))
        }
    }
}
