import Catalogue
import Directory
import Drawing
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpeningHours

/// Open data: the published directory as JSON, HSDS 3 and iCalendar, for anyone, without
/// sign-in or cookies; cached in memory like the public pages, with ETag and Cache-Control.
extension WebTool {
    func addOpenData(to router: Router<WebContext>) {
        router.get("/api/v1/helplines") { request, _ in
            let query = request.uri.queryParameters
            let reachableAt = query.get("reachable-at")
            let at = reachableAt ?? query.get("at")
            var instant = self.clock()
            if let at {
                guard let parsed = SwedishLocalTime.instant(parsing: at) else {
                    return try Self.apiError(.badRequest, [.init(field: reachableAt == nil ? "at" : "reachable-at",
                                                                 message: "'\(at)' is not a time; write e.g. 2026-12-24T22:00 (Swedish time) or ISO 8601 with an offset.")])
                }
                instant = parsed
            }
            let language = query.get("language")
            if let language, !self.publicDirectory.catalogue.helplines.contains(where: { $0.languages.contains(language) }) {
                guard language.wholeMatch(of: /[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}/) != nil else {
                    return try Self.apiError(.badRequest, [.init(field: "language", message: "Give a language tag such as ar or sv.")])
                }
                // A language no helpline answers in: the answer is the same empty list for every such tag.
                return try await self.publicResponse(request, key: "api:helplines:none", type: "application/json; charset=utf-8") { directory, now in
                    (.ok, OpenData.encode(directory.helplineList(at: now, language: language)))
                }
            }
            let audience = query.get("audience")
            if let audience, Audience(rawValue: audience) == nil {
                return try Self.apiError(.badRequest, [.init(field: "audience", message: "'\(audience)' is not an audience; use one of \(Audience.allCases.map(\.rawValue).joined(separator: ", ")).")])
            }
            // Answers for a chosen instant are made each time (any minute may be asked for), the others kept.
            let key = "api:helplines:\(language ?? "")|\(audience ?? "")|\(reachableAt != nil)"
            return try await self.publicResponse(request, key: key, type: "application/json; charset=utf-8", fixedInstant: at == nil ? nil : instant,
                                                 cached: at == nil) { directory, now in
                (.ok, OpenData.encode(directory.helplineList(at: now, language: language, audience: audience, reachableOnly: reachableAt != nil)))
            }
        }
        router.get("/api/v1/helplines/{id}") { request, context in
            let id = try context.parameters.require("id")
            guard self.publicDirectory.catalogue.helpline(id: id) != nil else {
                return try Self.apiError(.notFound, [.init(field: nil, message: "No helpline has the id '\(id)'.")])
            }
            return try await self.publicResponse(request, key: "api:helpline:\(id)", type: "application/json; charset=utf-8") { directory, now in
                guard let helpline = directory.catalogue.helpline(id: id) else {
                    return (.notFound, OpenData.encode(["errors": [["message": "No helpline has the id '\(id)'."]]]))
                }
                return (.ok, OpenData.encode(directory.record(of: helpline, at: now)))
            }
        }
        router.get("/api/v1/helplines/{id}/channels/{file}") { request, context in
            let id = try context.parameters.require("id")
            let file = try context.parameters.require("file")
            guard let helpline = self.publicDirectory.catalogue.helpline(id: id), let index = Self.channelIndex(file),
                  index < helpline.channels.count, helpline.channels[index].hours != nil else { throw HTTPError(.notFound) }
            return try await self.publicResponse(request, key: "ics:\(id)/\(file)", type: "text/calendar; charset=utf-8") { directory, now in
                guard let helpline = directory.catalogue.helpline(id: id), let index = Self.channelIndex(file),
                      index < helpline.channels.count, let hours = helpline.channels[index].hours else {
                    return (.notFound, Array("No such calendar.\n".utf8))
                }
                return (.ok, Array(self.calendar(hours, name: "\(helpline.name): \(helpline.channels[index].kind.rawValue)",
                                                 uid: "\(helpline.id)-\(index + 1)", now: now).utf8))
            }
        }
        router.get("/api/v1/municipalities/{code}/contacts") { request, context in
            let code = try context.parameters.require("code")
            guard try await self.isKnownMunicipality(code) else {
                return try Self.apiError(.notFound, [.init(field: nil, message: "No municipality has the code '\(code)'.")])
            }
            return try await self.publicResponse(request, key: "api:contacts:\(code)", type: "application/json; charset=utf-8", municipality: code) { directory, now in
                guard let list = directory.contactList(code: code, at: now) else {
                    return (.notFound, OpenData.encode(["errors": [["message": "No published profile for municipality '\(code)'."]]]))
                }
                return (.ok, OpenData.encode(list))
            }
        }
        router.get("/api/v1/municipalities/{code}/contacts/{contact}/channels/{file}") { request, context in
            let code = try context.parameters.require("code")
            let contactID = try context.parameters.require("contact")
            let file = try context.parameters.require("file")
            guard try await self.isKnownMunicipality(code), Self.channelIndex(file) != nil, contactID.count <= 80 else {
                throw HTTPError(.notFound)
            }
            // Not kept: contact ids are the profile's own, and a made-up one must not take room.
            return try await self.publicResponse(request, key: "ics:\(code)/\(contactID)/\(file)", type: "text/calendar; charset=utf-8",
                                                 municipality: code, cached: false) { directory, now in
                guard let contact = directory.profiles[code]?.contacts.first(where: { $0.id == contactID }), let index = Self.channelIndex(file),
                      index < contact.channels.count, let hours = contact.channels[index].hours else {
                    return (.notFound, Array("No such calendar.\n".utf8))
                }
                return (.ok, Array(self.calendar(hours, name: "\(contact.name): \(contact.channels[index].kind.rawValue)",
                                                 uid: "\(code)-\(contact.id)-\(index + 1)", now: now).utf8))
            }
        }
        router.get("/open-data/hsds/") { request, _ in
            try await self.publicResponse(request, key: "hsds:index", type: "application/json; charset=utf-8") { _, _ in
                (.ok, OpenData.encode(HSDSIndex()))
            }
        }
        router.get("/open-data/hsds/{file}") { request, context in
            let file = try context.parameters.require("file")
            guard file == "organizations.json" || file == "services.json" else { throw HTTPError(.notFound) }
            return try await self.publicResponse(request, key: "hsds:\(file)", type: "application/json; charset=utf-8", allMunicipalities: true) { directory, _ in
                let export = directory.hsds()
                return (.ok, file == "organizations.json" ? OpenData.encode(export.organizations) : OpenData.encode(export.services))
            }
        }
    }

    /// What /open-data/hsds/ lists.
    struct HSDSIndex: Encodable {
        var specification = "Open Referral Human Services Data Specification (HSDS) \(HSDS.version)"
        var files = ["organizations.json", "services.json"]
        var extension_ = "x_tmv_channels: each channel's hours (opening_hours, Europe/Stockholm) and public holidays; see docs/open-data.md"
        var licence = "The data of the campaign Tillsammans mot våld; every figure names its source in /api/v1/helplines."
        enum CodingKeys: String, CodingKey { case specification, files, extension_ = "extension", licence }
    }

    /// "2.ics" → index 1.
    static func channelIndex(_ file: String) -> Int? {
        guard file.hasSuffix(".ics"), let number = Int(file.dropLast(4)), (1...50).contains(number) else { return nil }
        return number - 1
    }

    /// A feed covering this year and the next, stamped with the start of the current day (so it
    /// changes, and its ETag with it, once a day at most).
    func calendar(_ hours: OpeningHours, name: String, uid: String, now: Date) -> String {
        let local = SwedishLocalTime(now)
        return ICalendar.feed(hours: hours, name: name, uid: uid, years: local.date.year...(local.date.year + 1),
                              stamp: SwedishLocalTime.instant(parsing: local.date.description) ?? now)
    }
}
