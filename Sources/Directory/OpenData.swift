import Catalogue
import Foundation
import Municipalities
import OpeningHours
import Translations

/// The directory as open data (`/api/v1/helplines`, `/api/v1/municipalities/{code}/contacts`):
/// plain JSON with stable names, every figure with its source, reachability at one instant.
public enum OpenData {
    public struct HelplineList: Codable, Sendable, Hashable {
        public var catalogueVersion: String
        /// The instant reachability is given for (ISO 8601 with Sweden's offset).
        public var at: String
        public var helplines: [HelplineRecord]
    }

    public struct HelplineRecord: Codable, Sendable, Hashable {
        public var id: String
        public var name: String
        public var organisation: String
        /// Swedish, the campaign's source text.
        public var description: String
        public var groups: [String]
        public var audiences: [String]
        public var ageMin: Int?
        public var ageMax: Int?
        public var languages: [String]
        public var interpreters: Bool
        public var signLanguage: Bool
        public var notes: [String]
        public var channels: [ChannelRecord]
        public var reachableNow: Bool
        public var source: SourceRecord
        /// The entry's `source` as the catalogue file writes it (which figures the document gives,
        /// which come from elsewhere and when they were checked), so that the record can be sent
        /// back as a draft (`PUT /api/v1/helplines/{id}/draft`) without losing a figure's source.
        public var provenance: Catalogue.SourceRecord?
        /// The public page, per language: `/{language}/stod/{id}`.
        public var page: String
    }

    public struct ChannelRecord: Codable, Sendable, Hashable {
        public var kind: String
        /// E.164 for numbers (+46205050 50), the address for chats, sites and e-mail.
        public var address: String
        /// As printed on the posters (020-50 50 50).
        public var display: String?
        public var link: String
        /// What the channel is for, when an entry has several of a kind ("Vid akut fara").
        public var label: String?
        /// The opening_hours expression, or nil when the source gives none.
        public var hours: String?
        /// The hours in Swedish words.
        public var hoursText: String?
        public var notes: [String]
        /// The channel's own iCalendar feed of its hours, when it has hours.
        public var calendar: String?
        public var reachability: ReachabilityRecord
    }

    public struct ReachabilityRecord: Codable, Sendable, Hashable {
        /// open, closed or unknown (no hours in the data: check with the organisation).
        public var state: String
        /// Swedish wall-clock time the line closes (open) or opens (closed), within a week.
        public var until: String?
        public var opens: String?
        /// Said in Swedish, as on the public page.
        public var text: String
    }

    public struct SourceRecord: Codable, Sendable, Hashable {
        public var document: String
        public var verified: String
        public var figures: [FigureRecord]
    }

    public struct FigureRecord: Codable, Sendable, Hashable {
        public var figure: String
        public var source: String
    }

    public struct ContactList: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        /// A made-up municipality (the sample): its numbers reach no one.
        public var fictional: Bool
        public var at: String
        public var contacts: [ContactRecord]
        public var page: String
    }

    public struct ContactRecord: Codable, Sendable, Hashable {
        public var id: String
        public var role: String
        public var name: String
        public var description: String?
        public var notes: [String]
        public var channels: [ChannelRecord]
        public var reachableNow: Bool
    }

    /// JSON the way the API writes it: snake_case keys, sorted, so an ETag follows the content.
    public static func encode<Value: Encodable>(_ value: Value, pretty: Bool = false) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }

    /// An instant as ISO 8601 with Sweden's offset at that instant.
    public static func iso(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = SwedishLocalTime.timeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: instant)
    }

    static func iso(_ moment: SwedishLocalTime) -> String {
        // 24.00 is written as the next day's 00:00, as ISO 8601 readers expect.
        let local = moment.minuteOfDay >= 1440 ? SwedishLocalTime(date: moment.date.adding(days: 1), minuteOfDay: moment.minuteOfDay - 1440) : moment
        let hour = local.minuteOfDay / 60
        let minute = local.minuteOfDay % 60
        return "\(local.date)T\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }
}

extension Directory {
    /// Helplines as open data, filtered: by a language answered in, an audience, and to those
    /// reachable (phone or chat open) at the instant.
    public func helplineList(at instant: Date, language: String? = nil, audience: String? = nil,
                             reachableOnly: Bool = false) -> OpenData.HelplineList {
        let records = catalogue.helplines
            .filter { language == nil || $0.languages.contains(language ?? "") }
            .filter { audience == nil || $0.audiences.map(\.rawValue).contains(audience ?? "") }
            .map { record(of: $0, at: instant) }
            .filter { !reachableOnly || $0.reachableNow }
        return OpenData.HelplineList(catalogueVersion: catalogue.version, at: OpenData.iso(instant), helplines: records)
    }

    public func record(of helpline: Helpline, at instant: Date) -> OpenData.HelplineRecord {
        let channels = helpline.channels.enumerated().map {
            channelRecord($0.element, at: instant, calendar: "/api/v1/helplines/\(helpline.id)/channels/\($0.offset + 1).ics")
        }
        let source = helpline.source
        return OpenData.HelplineRecord(
            id: helpline.id, name: helpline.name, organisation: helpline.organisation, description: helpline.description,
            groups: helpline.groups.map(\.rawValue), audiences: helpline.audiences.map(\.rawValue),
            ageMin: helpline.age?.min, ageMax: helpline.age?.max, languages: helpline.languages,
            interpreters: helpline.interpreters, signLanguage: helpline.signLanguage, notes: helpline.notes.map(\.rawValue),
            channels: channels,
            reachableNow: zip(helpline.channels, channels).contains { $0.0.isConversation && $0.1.reachability.state == "open" },
            source: OpenData.SourceRecord(document: source.document, verified: source.verified.description,
                                          figures: source.figures.map { .init(figure: $0.figure, source: $0.origin.describe(document: source.document)) }),
            provenance: OpenData.written(source),
            page: "/sv/stod/\(helpline.id)")
    }

    func channelRecord(_ channel: Channel, at instant: Date, calendar: String?) -> OpenData.ChannelRecord {
        let address: String
        var display: String?
        switch channel.address {
        case .number(let number):
            address = number.dialString
            display = printed(number)
        case .url(let url): address = url.absoluteString
        case .email(let email): address = email
        }
        let reachability = channel.reachability(at: instant)
        let now = SwedishLocalTime(instant)
        var record = OpenData.ReachabilityRecord(state: "unknown", text: phrase(for: "sv")?.say(reachability, now: now) ?? "")
        switch reachability {
        case .hoursUnknown: break
        case .openThroughTheWeek: record.state = "open"
        case .openUntil(let end): record.state = "open"; record.until = OpenData.iso(end)
        case .opensAt(let start): record.state = "closed"; record.opens = OpenData.iso(start)
        case .closedThroughTheWeek: record.state = "closed"
        }
        return OpenData.ChannelRecord(
            kind: channel.kind.rawValue, address: address, display: display, link: channel.link, label: channel.label, hours: channel.hours?.source,
            hoursText: channel.hours.flatMap { hours in languages["sv"].map { $0.hoursFormatter.format(hours) } },
            notes: channel.notes.map(\.rawValue), calendar: channel.hours == nil ? nil : calendar, reachability: record)
    }

    /// One municipality's published contacts as open data.
    public func contactList(code: String, at instant: Date) -> OpenData.ContactList? {
        guard let profile = profiles[code] else { return nil }
        let contacts = profile.contacts.map { contact in
            let channels = contact.channels.enumerated().map {
                channelRecord($0.element, at: instant, calendar: "/api/v1/municipalities/\(code)/contacts/\(contact.id)/channels/\($0.offset + 1).ics")
            }
            return OpenData.ContactRecord(
                id: contact.id, role: contact.role.rawValue, name: contact.name, description: contact.description,
                notes: contact.notes.map(\.rawValue), channels: channels,
                reachableNow: zip(contact.channels, channels).contains { $0.0.isConversation && $0.1.reachability.state == "open" })
        }
        return OpenData.ContactList(code: code, name: profile.name, fictional: profile.fictional, at: OpenData.iso(instant), contacts: contacts,
                                    page: "/sv/kommun/\(code)")
    }

    /// The status phrases of a campaign language.
    public func phrase(for tag: String) -> StatusPhrase? {
        guard let language = languages[tag], let own = texts[tag] else { return nil }
        return StatusPhrase(language: language, texts: own, fallback: texts["sv"] ?? own)
    }
}
