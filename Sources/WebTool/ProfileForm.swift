import Catalogue
import Diagnostics
import Foundation
import Municipalities
import OpeningHours

/// The profile form as a person fills it in: every field as typed, so a form with a mistake
/// comes back with everything she wrote, and the mistake marked at its field.
struct ProfileFormValues: Sendable, Hashable {
    struct DayValues: Sendable, Hashable {
        /// "closed", "open", "24h"; for holidays also "same" (as the weekday they fall on).
        var state: String
        var from1 = "", to1 = "", from2 = "", to2 = ""
    }
    struct ChannelValues: Sendable, Hashable {
        var kind = "phone"
        var address = ""
        var label = ""
        var hours = ""
        /// The Swedish reading the text box was filled with; a changed box wins over the days.
        var hoursShown = ""
        /// The hours as stored, kept when the day editor was not changed.
        var hoursOriginal = ""
        var days: [DayValues] = ProfileFormValues.closedWeek
        var notes: Set<String> = []
        var remove = false
        /// The stored number and its printed grouping (catalogue entries), kept while the number is.
        var numberOriginal = ""
        var displayOriginal = ""

        init(kind: String = "phone", address: String = "", label: String = "", hours: String = "", hoursShown: String = "",
             hoursOriginal: String = "", notes: Set<String> = [], remove: Bool = false) {
            self.kind = kind
            self.address = address
            self.label = label
            self.hours = hours
            self.hoursShown = hoursShown
            self.hoursOriginal = hoursOriginal
            self.notes = notes
            self.remove = remove
        }

        /// A stored channel as the form shows it: the number and hours the Swedish way.
        init(record channel: ChannelRecord, swedishHours: (OpeningHours) -> String, swedishNumber: (PhoneNumber) -> String) {
            self.init(kind: channel.kind, address: channel.number ?? channel.url ?? channel.address ?? "",
                      label: channel.label ?? "", notes: Set(channel.notes ?? []))
            numberOriginal = channel.number ?? ""
            displayOriginal = channel.display ?? ""
            if let written = channel.hours {
                hoursOriginal = written
                if let hours = ProfileFormValues.readHours(written) {
                    let reading = swedishHours(hours)
                    self.hours = reading
                    hoursShown = reading
                    days = ProfileFormValues.days(of: WeekSchedule(hours))
                } else {
                    self.hours = written
                    hoursShown = written
                }
            }
            if channel.kind == "phone" || channel.kind == "sms" || channel.kind == "text-telephone",
               let number = channel.number, let read = try? PhoneNumber(written: number) {
                address = channel.display ?? swedishNumber(read)
            }
        }

        /// A channel of a posted form, its fields named `prefix-...`.
        init(form: [String: String], prefix channel: String) {
            func value(_ key: String) -> String { form[key] ?? "" }
            self.init(kind: value("\(channel)-kind"), address: value("\(channel)-address"),
                      label: value("\(channel)-label"), hours: value("\(channel)-hours"),
                      hoursShown: value("\(channel)-hours-shown"),
                      hoursOriginal: value("\(channel)-hours-original"),
                      notes: Set(CallerNote.allCases.map(\.rawValue).filter { form["\(channel)-note-\($0)"] != nil }),
                      remove: form["\(channel)-remove"] != nil)
            numberOriginal = value("\(channel)-number-original")
            displayOriginal = value("\(channel)-display-original")
            days = (0..<ProfileFormValues.dayCount).map { day in
                let key = "\(channel)-d\(day)"
                return DayValues(state: form["\(key)-state"] ?? (day == 7 ? "same" : "closed"), from1: value("\(key)-from1"),
                                 to1: value("\(key)-to1"), from2: value("\(key)-from2"), to2: value("\(key)-to2"))
            }
        }
    }
    struct ContactValues: Sendable, Hashable {
        var id = ""
        var role = "other"
        var name = ""
        var description = ""
        var notes: Set<String> = []
        var channels: [ChannelValues] = []
        var remove = false
    }

    var web = ""
    var supportPage = ""
    var revision = 0
    var contacts: [ContactValues] = []

    static let closedWeek: [DayValues] = (0..<7).map { _ in DayValues(state: "closed") } + [DayValues(state: "same")]
    static let dayCount = 8

    // MARK: From a saved profile

    init(record: MunicipalityProfile.ProfileRecord, revision: Int, swedishHours: (OpeningHours) -> String,
         swedishNumber: (PhoneNumber) -> String) {
        web = record.web
        supportPage = record.supportPage ?? ""
        self.revision = revision
        contacts = record.contacts.map { contact in
            ContactValues(id: contact.id, role: contact.role, name: contact.name, description: contact.description ?? "",
                          notes: Set(contact.notes ?? []), channels: contact.channels.map { channel in
                ChannelValues(record: channel, swedishHours: swedishHours, swedishNumber: swedishNumber)
            })
        }
    }

    static func readHours(_ text: String) -> OpeningHours? {
        if let hours = try? OpeningHours(parsing: text) { return hours }
        return try? OpeningHours(swedish: text)
    }

    static func days(of schedule: WeekSchedule) -> [DayValues] {
        func values(_ day: WeekSchedule.Day?) -> DayValues {
            guard let day else { return DayValues(state: "same") }
            switch day {
            case .closed: return DayValues(state: "closed")
            case .open(let spans) where spans == [.wholeDay]: return DayValues(state: "24h")
            case .open(let spans):
                var result = DayValues(state: "open")
                func end(_ span: TimeSpan) -> Int { span.end > 24 * 60 ? span.end - 24 * 60 : span.end }
                if let first = spans.first {
                    result.from1 = WeekSchedule.clock(first.start).replacingOccurrences(of: ":", with: ".")
                    result.to1 = WeekSchedule.clock(end(first)).replacingOccurrences(of: ":", with: ".")
                }
                if spans.count > 1 {
                    result.from2 = WeekSchedule.clock(spans[1].start).replacingOccurrences(of: ":", with: ".")
                    result.to2 = WeekSchedule.clock(end(spans[1])).replacingOccurrences(of: ":", with: ".")
                }
                return result
            }
        }
        return schedule.weekdays.map(values) + [values(schedule.publicHolidays)]
    }

    // MARK: From a posted form

    init(form: [String: String]) {
        func value(_ key: String) -> String { form[key] ?? "" }
        web = value("web").trimmingCharacters(in: .whitespaces)
        supportPage = value("support-page").trimmingCharacters(in: .whitespaces)
        revision = Int(value("revision")) ?? 0
        var index = 0
        while form["c\(index)-name"] != nil || form["c\(index)-role"] != nil, index < 50 {
            let prefix = "c\(index)"
            var contact = ContactValues(id: value("\(prefix)-id"), role: value("\(prefix)-role"), name: value("\(prefix)-name"),
                                        description: value("\(prefix)-description"),
                                        notes: Set(CallerNote.allCases.map(\.rawValue).filter { form["\(prefix)-note-\($0)"] != nil }),
                                        remove: form["\(prefix)-remove"] != nil)
            var channelIndex = 0
            while form["\(prefix)-k\(channelIndex)-kind"] != nil, channelIndex < 20 {
                let values = ChannelValues(form: form, prefix: "\(prefix)-k\(channelIndex)")
                contact.channels.append(values)
                channelIndex += 1
            }
            contacts.append(contact)
            index += 1
        }
    }

    // MARK: To a profile record

    struct FieldError: Sendable, Hashable {
        var field: String
        var message: String
    }

    /// The record the form describes, or what in the form cannot be read before the profile's
    /// own checks run (a time in the day editor that is not a time).
    func record(base: MunicipalityProfile.ProfileRecord) -> (MunicipalityProfile.ProfileRecord, [FieldError]) {
        var errors: [FieldError] = []
        var record = base
        record.web = web
        record.supportPage = supportPage.isEmpty ? nil : supportPage
        var contacts: [MunicipalityProfile.ProfileRecord.ContactRecord] = []
        var usedIDs = Set(self.contacts.map(\.id).filter { !$0.isEmpty })
        for (index, contact) in self.contacts.enumerated() {
            let isBlank = contact.id.isEmpty && contact.name.trimmingCharacters(in: .whitespaces).isEmpty
                && contact.channels.allSatisfy { $0.address.trimmingCharacters(in: .whitespaces).isEmpty }
            if contact.remove || isBlank { continue }
            var id = contact.id
            if id.isEmpty {
                id = Self.slug(contact.name, taken: usedIDs)
                usedIDs.insert(id)
            }
            var channels: [ChannelRecord] = []
            for (channelIndex, channel) in contact.channels.enumerated() {
                let address = channel.address.trimmingCharacters(in: .whitespaces)
                if channel.remove || address.isEmpty { continue }
                let made = Self.channelRecord(channel, field: "c\(index)-k\(channelIndex)")
                errors += made.errors
                let written = made.record
                channels.append(written)
            }
            contacts.append(.init(id: id, role: contact.role, name: contact.name.trimmingCharacters(in: .whitespaces),
                                  description: contact.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : contact.description,
                                  channels: channels,
                                  notes: contact.notes.isEmpty ? nil : CallerNote.allCases.map(\.rawValue).filter(contact.notes.contains)))
        }
        record.contacts = contacts
        return (record, errors)
    }

    /// One channel of the form as the data files write it; a number is kept the way the files
    /// keep numbers, and what cannot be read is kept as typed, for the data's own checks to
    /// refuse with their reason.
    static func channelRecord(_ channel: ChannelValues, field: String) -> (record: ChannelRecord, errors: [FieldError]) {
        var errors: [FieldError] = []
        let address = channel.address.trimmingCharacters(in: .whitespaces)
        var written = ChannelRecord(kind: channel.kind)
        switch channel.kind {
        case "phone", "sms", "text-telephone":
            let stored = (try? PhoneNumber(written: address))?.stored ?? address
            written.number = stored
            // The catalogue's own grouping of a number stays while the number does.
            if !channel.displayOriginal.isEmpty, stored == channel.numberOriginal { written.display = channel.displayOriginal }
        case "chat", "web": written.url = address
        case "email": written.address = address
        default: written.number = address
        }
        written.label = channel.label.trimmingCharacters(in: .whitespaces).isEmpty ? nil : channel.label
        written.notes = channel.notes.isEmpty ? nil : CallerNote.allCases.map(\.rawValue).filter(channel.notes.contains)
        let typed = channel.hours.trimmingCharacters(in: .whitespacesAndNewlines)
        let original = Self.readHours(channel.hoursOriginal)
        if typed != channel.hoursShown.trimmingCharacters(in: .whitespacesAndNewlines) {
            written.hours = typed.isEmpty ? nil : typed
        } else if channel.hoursOriginal.isEmpty && channel.days == ProfileFormValues.closedWeek {
            written.hours = nil
        } else if let original, channel.days == Self.days(of: WeekSchedule(original)) {
            // Neither the text nor the day editor was touched: the stored hours stay exactly as
            // they are, even what the day editor cannot show (a third span in a day).
            written.hours = channel.hoursOriginal
        } else {
            switch Self.schedule(channel.days, field: field) {
            case .failure(let problems):
                errors += problems
            case .success(let schedule):
                if !channel.hoursOriginal.isEmpty, let original, WeekSchedule(original) == schedule {
                    written.hours = channel.hoursOriginal
                } else {
                    written.hours = schedule.openingHoursText
                }
            }
        }
        return (written, errors)
    }

    enum ScheduleResult { case success(WeekSchedule), failure([FieldError]) }

    /// The day editor's eight rows as a schedule.
    static func schedule(_ days: [DayValues], field: String) -> ScheduleResult {
        var errors: [FieldError] = []
        func day(_ values: DayValues, index: Int) -> WeekSchedule.Day? {
            let key = "\(field)-d\(index)"
            switch values.state {
            case "same": return nil
            case "24h": return .aroundTheClock
            case "open":
                var spans: [TimeSpan] = []
                for (from, to, suffix) in [(values.from1, values.to1, "1"), (values.from2, values.to2, "2")] {
                    if from.trimmingCharacters(in: .whitespaces).isEmpty && to.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                    guard let start = WeekSchedule.minute(typed: from), start < 24 * 60 else {
                        errors.append(FieldError(field: "\(key)-from\(suffix)", message: "'\(from)' is not a time; write e.g. 8, 8.30 or 08:30"))
                        continue
                    }
                    guard var end = WeekSchedule.minute(typed: to) else {
                        errors.append(FieldError(field: "\(key)-to\(suffix)", message: "'\(to)' is not a time; write e.g. 16, 16.30 or 16:30"))
                        continue
                    }
                    if end <= start { end += 24 * 60 }  // past midnight
                    spans.append(TimeSpan(start: start, end: end))
                }
                if spans.isEmpty {
                    errors.append(FieldError(field: "\(key)-from1", message: "open, but no time is given"))
                    return .closed
                }
                return .open(spans)
            default: return .closed
            }
        }
        let weekdays = (0..<7).map { day(days.indices.contains($0) ? days[$0] : DayValues(state: "closed"), index: $0) ?? .closed }
        let holidays = days.count > 7 ? day(days[7], index: 7) : nil
        guard errors.isEmpty else { return .failure(errors) }
        return .success(WeekSchedule(weekdays: weekdays, publicHolidays: holidays))
    }

    /// An id for a new contact, from its name: "kvinnojouren-i-kiruna".
    static func slug(_ name: String, taken: Set<String>) -> String {
        let base = name.lowercased().folding(options: .diacriticInsensitive, locale: Locale(identifier: "sv"))
            .map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
        let stem = base.isEmpty ? "kontakt" : String(base.prefix(40))
        var candidate = stem
        var number = 2
        while taken.contains(candidate) {
            candidate = "\(stem)-\(number)"
            number += 1
        }
        return candidate
    }

    /// The form field a profile check's diagnostic is about: "contacts[1].channels[0].number"
    /// is the address box of the second contact's first channel, "c1-k0-address".
    static func formField(of diagnostic: Diagnostic, contacts: [ContactValues]) -> String {
        guard let field = diagnostic.field else { return "form" }
        var result = ""
        var rest = Substring(field)
        // Indices in the record skip removed and blank contacts and channels; map them back.
        let keptContacts = contacts.indices.filter { index in
            let contact = contacts[index]
            return !contact.remove && !(contact.id.isEmpty && contact.name.trimmingCharacters(in: .whitespaces).isEmpty
                && contact.channels.allSatisfy { $0.address.trimmingCharacters(in: .whitespaces).isEmpty })
        }
        if rest.hasPrefix("contacts["), let close = rest.firstIndex(of: "]"),
           let recordIndex = Int(rest[rest.index(rest.startIndex, offsetBy: 9)..<close]) {
            let formIndex = keptContacts.indices.contains(recordIndex) ? keptContacts[recordIndex] : recordIndex
            result = "c\(formIndex)"
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(".channels["), let channelClose = rest.firstIndex(of: "]"),
               let channelRecordIndex = Int(rest[rest.index(rest.startIndex, offsetBy: 10)..<channelClose]) {
                let channels = contacts.indices.contains(formIndex) ? contacts[formIndex].channels : []
                let kept = channels.indices.filter { !channels[$0].remove && !channels[$0].address.trimmingCharacters(in: .whitespaces).isEmpty }
                let channelIndex = kept.indices.contains(channelRecordIndex) ? kept[channelRecordIndex] : channelRecordIndex
                result += "-k\(channelIndex)"
                rest = rest[rest.index(after: channelClose)...]
                let sub = rest.hasPrefix(".") ? String(rest.dropFirst()) : ""
                switch sub.split(separator: ".").first.map(String.init) ?? "" {
                case "number", "url", "address", "display", "": result += "-address"
                case "hours": result += "-hours"
                case "label": result += "-label"
                case "kind": result += "-kind"
                default: result += "-address"
                }
                return result
            }
            let sub = rest.hasPrefix(".") ? String(rest.dropFirst()) : ""
            switch sub.split(separator: "[").first.map(String.init) ?? "" {
            case "name": return result + "-name"
            case "role": return result + "-role"
            case "description": return result + "-description"
            case "id": return result + "-name"
            default: return result + "-name"
            }
        }
        switch field {
        case "web": return "web"
        case "support-page": return "support-page"
        case "contacts": return "c0-role"
        case "logo": return "logo-file"
        default: return "form"
        }
    }

    /// The profile as field paths and values, for the change log's before and after.
    static func flattened(_ record: MunicipalityProfile.ProfileRecord) -> [String: String] {
        var fields: [String: String] = ["web": record.web, "support-page": record.supportPage ?? ""]
        for contact in record.contacts {
            let prefix = "contacts[\(contact.id)]"
            fields["\(prefix).role"] = contact.role
            fields["\(prefix).name"] = contact.name
            fields["\(prefix).description"] = contact.description ?? ""
            fields["\(prefix).notes"] = (contact.notes ?? []).joined(separator: ", ")
            for (index, channel) in contact.channels.enumerated() {
                let channelPrefix = "\(prefix).channels[\(index)]"
                fields["\(channelPrefix).kind"] = channel.kind
                fields["\(channelPrefix).address"] = channel.number ?? channel.url ?? channel.address ?? ""
                fields["\(channelPrefix).hours"] = channel.hours ?? ""
                fields["\(channelPrefix).label"] = channel.label ?? ""
                fields["\(channelPrefix).notes"] = (channel.notes ?? []).joined(separator: ", ")
            }
        }
        return fields.filter { !$0.value.isEmpty }
    }

    /// Which fields changed between two versions of a profile.
    static func changes(from before: MunicipalityProfile.ProfileRecord, to after: MunicipalityProfile.ProfileRecord)
        -> [(field: String, before: String?, after: String?)] {
        let old = flattened(before)
        let new = flattened(after)
        return Set(old.keys).union(new.keys).sorted().compactMap { key in
            old[key] == new[key] ? nil : (key, old[key], new[key])
        }
    }
}

