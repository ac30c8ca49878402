import Catalogue
import Drawing
import Foundation
import Municipalities
import OpeningHours

/// The directory as Open Referral HSDS 3.0 (organizations.json and services.json, each object
/// with its nested parts), so others can import the same checked data.
///
/// Where HSDS fits, it is used: one service per helpline or local contact, its numbers as
/// phones, and each channel with hours as a service_at_location at a virtual location carrying
/// HSDS weekly schedules. What HSDS cannot say (public holidays, a span past midnight as one
/// span, which channel the hours belong to) is in the documented extension `x_tmv_channels`
/// (docs/open-data.md): the opening_hours text, Europe/Stockholm, and the holidays' hours.
public enum HSDS {
    public static let version = "3.0.0"

    public struct Organization: Codable, Sendable {
        var id: String
        var name: String
        var description: String
        var website: String?
        var services: [Service]?
    }

    public struct Service: Codable, Sendable {
        var id: String
        var organizationId: String
        var name: String
        var description: String?
        var url: String?
        var email: String?
        var status = "active"
        var interpretationServices: String?
        var feesDescription: String?
        var minimumAge: Int?
        var maximumAge: Int?
        var assuredDate: String?
        var languages: [Language]
        var phones: [Phone]
        var serviceAreas: [ServiceArea]
        var serviceAtLocations: [ServiceAtLocation]
        var organization: Organization?
        /// The extension: every channel with its own hours, holidays included.
        var xTmvChannels: [ChannelHours]
    }

    struct Language: Codable, Sendable {
        var id: String
        var name: String?
        var code: String
    }

    struct Phone: Codable, Sendable {
        var id: String
        var serviceId: String
        var number: String
        var type: String
        var description: String
    }

    struct ServiceArea: Codable, Sendable {
        var id: String
        var serviceId: String
        var name: String
    }

    struct ServiceAtLocation: Codable, Sendable {
        var id: String
        var serviceId: String
        var description: String
        var location: Location
        var phones: [Phone]?
        var schedules: [Schedule]
    }

    struct Location: Codable, Sendable {
        var id: String
        var locationType = "virtual"
        var name: String
        var url: String?
    }

    struct Schedule: Codable, Sendable {
        var id: String
        var serviceAtLocationId: String
        var freq = "WEEKLY"
        var byday: String
        var opensAt: String
        var closesAt: String
        var description: String
        var notes: String?
    }

    /// The extension `x_tmv_channels`: one channel's hours as the catalogue holds them.
    public struct ChannelHours: Codable, Sendable {
        /// phone, chat, sms, text-telephone, email, web.
        var kind: String
        var address: String
        var display: String?
        /// OpenStreetMap opening_hours syntax, in Europe/Stockholm wall-clock time; absent when unknown.
        var openingHours: String?
        var timeZone = "Europe/Stockholm"
        var hoursText: String?
        /// What the hours are on Sweden's public holidays: "as-weekday", "closed", or the spans.
        var publicHolidays: String?
        /// The iCalendar feed of this channel's hours, relative to the directory's address.
        var calendar: String?
    }

    /// A stable UUID for an entity (RFC 9562 version 8, from SHA-256 of a name), so ids stay
    /// the same from export to export.
    static func uuid(_ name: String) -> String {
        var hex = Array(Checksum.sha256("tillsammans-mot-vald/" + name).prefix(32))
        hex[12] = "8"
        let variant = Int(String(hex[16]), radix: 16) ?? 0
        hex[16] = Character(String((variant & 0x3) | 0x8, radix: 16))
        let s = String(hex)
        func part(_ from: Int, _ to: Int) -> Substring { s[s.index(s.startIndex, offsetBy: from)..<s.index(s.startIndex, offsetBy: to)] }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    static func clock(_ minute: Int) -> String {
        let m = min(minute, 23 * 60 + 59)
        return (m / 60 < 10 ? "0" : "") + "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)"
    }
}

extension Directory {
    /// The HSDS export: organizations (each with its services) and services (each with its organization).
    /// A fictional municipality (the sample) is left out unless asked for: others import this data.
    public func hsds(includeFictional: Bool = false) -> (organizations: [HSDS.Organization], services: [HSDS.Service]) {
        var organizations: [String: HSDS.Organization] = [:]
        var order: [String] = []
        var services: [HSDS.Service] = []
        func organization(_ key: String, name: String, description: String, website: String?) -> String {
            let id = HSDS.uuid("organization/\(key)")
            if organizations[id] == nil {
                organizations[id] = HSDS.Organization(id: id, name: name, description: description, website: website)
                order.append(id)
            }
            return id
        }
        for helpline in catalogue.helplines {
            let website = helpline.channels.first { $0.kind == .web }?.url?.absoluteString
            let orgID = organization("helpline-organisation/\(helpline.organisation)", name: helpline.organisation,
                                     description: "\(helpline.organisation): nationellt stöd i kampanjen Tillsammans mot våld.",
                                     website: website)
            let serviceID = HSDS.uuid("service/\(helpline.id)")
            var interpretation: [String] = []
            if helpline.interpreters { interpretation.append("Tolk kan ordnas.") }
            if helpline.signLanguage { interpretation.append("Teckenspråk.") }
            services.append(service(
                id: serviceID, organizationID: orgID, key: "helpline/\(helpline.id)", name: helpline.name,
                description: helpline.description, channels: helpline.channels, languages: helpline.languages,
                interpretation: interpretation.isEmpty ? nil : interpretation.joined(separator: " "),
                free: helpline.notes.contains(.freeOfCharge) || helpline.channels.contains { $0.notes.contains(.freeOfCharge) },
                age: helpline.age, assured: helpline.source.verified.description, area: "Sverige",
                calendar: { "/api/v1/helplines/\(helpline.id)/channels/\($0).ics" }))
        }
        for code in profiles.keys.sorted() {
            guard let profile = profiles[code], includeFictional || !profile.fictional else { continue }
            let orgID = organization("municipality/\(code)", name: profile.name,
                                     description: "\(profile.name) (kommunkod \(code)): kommunens egna kontakter för stöd vid våld.",
                                     website: profile.web.absoluteString)
            for contact in profile.contacts {
                services.append(service(
                    id: HSDS.uuid("service/municipality/\(code)/\(contact.id)"), organizationID: orgID,
                    key: "municipality/\(code)/\(contact.id)", name: contact.name, description: contact.description,
                    channels: contact.channels, languages: [], interpretation: nil, free: contact.notes.contains(.freeOfCharge),
                    age: nil, assured: nil, area: profile.name,
                    calendar: { "/api/v1/municipalities/\(code)/contacts/\(contact.id)/channels/\($0).ics" }))
            }
        }
        let nestedOrganizations = order.compactMap { id -> HSDS.Organization? in
            guard var organization = organizations[id] else { return nil }
            organization.services = services.filter { $0.organizationId == id }
            return organization
        }
        let nestedServices = services.map { service -> HSDS.Service in
            var service = service
            service.organization = organizations[service.organizationId]
            return service
        }
        return (nestedOrganizations, nestedServices)
    }

    func service(id: String, organizationID: String, key: String, name: String, description: String?, channels: [Channel],
                 languages: [String], interpretation: String?, free: Bool, age: AgeRange?, assured: String?, area: String,
                 calendar: (Int) -> String) -> HSDS.Service {
        let swedish = self.languages["sv"]?.hoursFormatter
        var phones: [HSDS.Phone] = []
        var places: [HSDS.ServiceAtLocation] = []
        var extensions: [HSDS.ChannelHours] = []
        for (index, channel) in channels.enumerated() {
            let number = index + 1
            let hoursText = channel.hours.flatMap { swedish?.format($0) }
            let kindName = self.text("channel.\(channel.kind.rawValue)", in: "sv") ?? channel.kind.rawValue
            var phone: HSDS.Phone?
            var address = ""
            var display: String?
            switch channel.address {
            case .number(let value):
                address = value.dialString
                display = printed(value)
                let type = channel.kind == .sms ? "text" : (channel.kind == .textTelephone ? "textphone" : "voice")
                phone = HSDS.Phone(id: HSDS.uuid("phone/\(key)/\(number)"), serviceId: id, number: value.dialString, type: type,
                                   description: [printed(value), hoursText].compactMap { $0 }.joined(separator: ", "))
            case .url(let url): address = url.absoluteString
            case .email(let email): address = email
            }
            if let phone { phones.append(phone) }
            extensions.append(HSDS.ChannelHours(
                kind: channel.kind.rawValue, address: address, display: display, openingHours: channel.hours?.source,
                hoursText: hoursText, publicHolidays: channel.hours.map(holidayRule), calendar: channel.hours == nil ? nil : calendar(number)))
            guard let hours = channel.hours else { continue }
            let placeID = HSDS.uuid("service-at-location/\(key)/\(number)")
            let label = "\(kindName) \(display ?? address)"
            places.append(HSDS.ServiceAtLocation(
                id: placeID, serviceId: id, description: "\(label): \(hoursText ?? hours.source)",
                location: HSDS.Location(id: HSDS.uuid("location/\(key)/\(number)"), name: label, url: channel.url?.absoluteString),
                phones: phone.map { [$0] }, schedules: schedules(hours, key: "\(key)/\(number)", placeID: placeID, text: hoursText ?? hours.source)))
        }
        return HSDS.Service(
            id: id, organizationId: organizationID, name: name, description: description,
            url: channels.first { $0.kind == .chat || $0.kind == .web }?.url?.absoluteString,
            email: channels.first { $0.kind == .email }?.emailAddress, interpretationServices: interpretation,
            feesDescription: free ? "Kostnadsfritt." : nil, minimumAge: age?.min, maximumAge: age?.max, assuredDate: assured,
            languages: languages.enumerated().map { HSDS.Language(id: HSDS.uuid("language/\(key)/\($0.element)"), name: self.languages[$0.element]?.endonym, code: $0.element) },
            phones: phones,
            serviceAreas: [HSDS.ServiceArea(id: HSDS.uuid("service-area/\(key)"), serviceId: id, name: area)],
            serviceAtLocations: places, xTmvChannels: extensions)
    }

    /// HSDS weekly schedules for the ordinary week: one per span and set of weekdays with the same
    /// spans; a span past midnight is split at midnight; a whole day is 00:00–23:59, as HSDS asks.
    func schedules(_ hours: OpeningHours, key: String, placeID: String, text: String) -> [HSDS.Schedule] {
        var byDay: [Weekday: [(Int, Int)]] = [:]
        for weekday in Weekday.allCases {
            for span in hours.ordinarySpans(on: weekday) {
                byDay[weekday, default: []].append((span.start, min(span.end, 1440)))
                if span.end > 1440, let next = Weekday(rawValue: (weekday.rawValue + 1) % 7) {
                    byDay[next, default: []].append((0, span.end - 1440))
                }
            }
        }
        var groups: [String: [Weekday]] = [:]
        var spansOf: [String: [(Int, Int)]] = [:]
        for weekday in Weekday.allCases {
            // Spans that overlap or touch (Friday night into an open Saturday) are one span.
            var spans: [(Int, Int)] = []
            for span in (byDay[weekday] ?? []).sorted(by: { $0.0 < $1.0 }) {
                if let last = spans.last, span.0 <= last.1 { spans[spans.count - 1].1 = max(last.1, span.1) } else { spans.append(span) }
            }
            guard !spans.isEmpty else { continue }
            let signature = spans.map { "\($0.0)-\($0.1)" }.joined(separator: ",")
            groups[signature, default: []].append(weekday)
            spansOf[signature] = spans
        }
        let holidays = holidayRule(hours)
        var result: [HSDS.Schedule] = []
        for (signature, weekdays) in groups.sorted(by: { ($0.value.first?.rawValue ?? 0) < ($1.value.first?.rawValue ?? 0) }) {
            for (start, end) in spansOf[signature] ?? [] {
                let byday = weekdays.map { $0.code.uppercased() }.joined(separator: ",")
                result.append(HSDS.Schedule(
                    id: HSDS.uuid("schedule/\(key)/\(byday)/\(start)"), serviceAtLocationId: placeID, byday: byday,
                    opensAt: HSDS.clock(start), closesAt: HSDS.clock(end == 1440 ? 1439 : end), description: text,
                    notes: "Svensk tid (Europe/Stockholm). Allmänna helgdagar: \(Self.swedish(holidayRule: holidays)). Se x_tmv_channels."))
            }
        }
        return result
    }

    static func swedish(holidayRule rule: String) -> String {
        switch rule {
        case "as-weekday": return "samma tider som veckodagen"
        case "closed": return "stängt"
        case let spans where spans.first?.isNumber == true: return spans.replacingOccurrences(of: ",", with: ", ")
        default: return "olika för olika veckodagar"
        }
    }

    /// How a channel's hours treat public holidays, in words an importer can read.
    func holidayRule(_ hours: OpeningHours) -> String {
        let mentionsHolidays = hours.rules.contains { $0.days?.publicHolidays == true }
        guard mentionsHolidays else { return "as-weekday" }
        let onHolidays = Weekday.allCases.map { hours.spans(on: $0, publicHoliday: true) ?? [] }
        guard let spans = onHolidays.first, onHolidays.allSatisfy({ $0 == spans }) else { return "varies by weekday: see opening_hours" }
        if spans.isEmpty { return "closed" }
        if spans.contains(where: \.passesMidnight) { return "past midnight: see opening_hours" }
        return spans.map { "\(HSDS.clock($0.start))-\($0.end >= 1440 ? "24:00" : HSDS.clock($0.end))" }.joined(separator: ",")
    }
}
