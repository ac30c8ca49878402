import Catalogue
import Diagnostics
import Foundation
import OpeningHours

/// The helpline editor's form as a person fills it in: every field as typed, so a refused save
/// comes back with everything she wrote and the mistake marked at its field.
struct HelplineFormValues: Sendable, Hashable {
    struct ElsewhereValues: Sendable, Hashable {
        var figures = ""
        var source = ""
        var checked = ""
    }

    var id = ""
    var organisation = ""
    var name = ""
    var description = ""
    var groups: Set<String> = []
    var audiences: Set<String> = []
    /// The entry's own order of its groups and audiences (the brochure lists an entry under its
    /// groups in this order), kept through the form so that ticking boxes reorders nothing.
    var groupsOrder: [String] = []
    var audiencesOrder: [String] = []
    var ageMin = ""
    var ageMax = ""
    var languages = ""
    var interpreters = false
    var signLanguage = false
    var notes: Set<String> = []
    var channels: [ProfileFormValues.ChannelValues] = []
    var sourceDocument = ""
    var sourceVerified = ""
    var sourceRemarks = ""
    var sourceReport = ""
    var sourceReconstructed = ""
    var elsewhere: [ElsewhereValues] = []
    /// The open draft's revision the page showed (0: none), and the published version.
    var revision = 0
    var base = 0

    typealias FieldError = ProfileFormValues.FieldError

    init(record: Catalogue.HelplineRecord, revision: Int, base: Int, swedishHours: (OpeningHours) -> String,
         swedishNumber: (PhoneNumber) -> String) {
        id = record.id
        organisation = record.organisation
        name = record.name
        description = record.description
        groups = Set(record.groups)
        audiences = Set(record.audiences)
        groupsOrder = record.groups
        audiencesOrder = record.audiences
        ageMin = record.age?.min.map(String.init) ?? ""
        ageMax = record.age?.max.map(String.init) ?? ""
        languages = record.languages.joined(separator: ", ")
        interpreters = record.interpreters ?? false
        signLanguage = record.signLanguage ?? false
        notes = Set(record.notes ?? [])
        channels = record.channels.map { ProfileFormValues.ChannelValues(record: $0, swedishHours: swedishHours, swedishNumber: swedishNumber) }
        sourceDocument = record.source.document
        sourceVerified = record.source.verified
        sourceRemarks = record.source.remarks ?? ""
        sourceReport = (record.source.report ?? []).joined(separator: ", ")
        sourceReconstructed = (record.source.reconstructed ?? []).joined(separator: ", ")
        elsewhere = (record.source.elsewhere ?? []).map {
            ElsewhereValues(figures: $0.figures.joined(separator: ", "), source: $0.source, checked: $0.checked)
        }
        self.revision = revision
        self.base = base
    }

    init(form: [String: String], id: String) {
        // Text boxes send CRLF line ends; the file keeps LF.
        func value(_ key: String) -> String { (form[key] ?? "").replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") }
        self.id = id
        organisation = value("organisation")
        name = value("name")
        description = value("description")
        groups = Set(HelplineGroup.allCases.map(\.rawValue).filter { form["group-\($0)"] != nil })
        audiences = Set(Audience.allCases.map(\.rawValue).filter { form["audience-\($0)"] != nil })
        groupsOrder = Self.list(value("groups-order"))
        audiencesOrder = Self.list(value("audiences-order"))
        ageMin = value("age-min")
        ageMax = value("age-max")
        languages = value("languages")
        interpreters = form["interpreters"] != nil
        signLanguage = form["sign-language"] != nil
        notes = Set(CallerNote.allCases.map(\.rawValue).filter { form["note-\($0)"] != nil })
        var index = 0
        while form["k\(index)-kind"] != nil, index < 20 {
            channels.append(ProfileFormValues.ChannelValues(form: form, prefix: "k\(index)"))
            index += 1
        }
        sourceDocument = value("source-document")
        sourceVerified = value("source-verified")
        sourceRemarks = value("source-remarks")
        sourceReport = value("source-report")
        sourceReconstructed = value("source-reconstructed")
        index = 0
        while form["e\(index)-source"] != nil, index < 20 {
            elsewhere.append(ElsewhereValues(figures: value("e\(index)-figures"), source: value("e\(index)-source"),
                                             checked: value("e\(index)-checked")))
            index += 1
        }
        revision = Int(value("revision")) ?? 0
        base = Int(value("base")) ?? 0
    }

    /// The channels that count: not removed, not left blank.
    var keptChannels: [Int] {
        channels.indices.filter { !channels[$0].remove && !channels[$0].address.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    var keptElsewhere: [Int] {
        elsewhere.indices.filter {
            !(elsewhere[$0].figures + elsewhere[$0].source + elsewhere[$0].checked).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
    }

    /// The chosen values in the entry's own order, new ones after them in the usual order.
    static func ordered(_ chosen: Set<String>, first: [String], then all: [String]) -> [String] {
        var result: [String] = []
        for value in first + all where chosen.contains(value) && !result.contains(value) { result.append(value) }
        return result
    }

    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// "30.11.2026", "30/11/2026", "2026-11-30": a date as people write them, as the file keeps it.
    static func isoDate(_ typed: String) -> String {
        let text = typed.trimmingCharacters(in: .whitespaces)
        if CivilDate(iso: text) != nil { return text }
        let parts = text.split(whereSeparator: { $0 == "." || $0 == "/" || $0 == "-" || $0 == " " }).map(String.init)
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), year > 1900 else { return text }
        let iso = String(format: "%04d-%02d-%02d", year, month, day)
        return CivilDate(iso: iso) != nil ? iso : text
    }

    /// The entry the form describes, or what in the form cannot be read before the catalogue's
    /// own checks run (an age that is not a number, a time in the day editor that is not a time).
    func record() -> (Catalogue.HelplineRecord, [FieldError]) {
        var errors: [FieldError] = []
        func age(_ text: String, field: String) -> Int? {
            let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " år", with: "")
            guard !trimmed.isEmpty else { return nil }
            guard let value = Int(trimmed) else {
                errors.append(FieldError(field: field, message: "'\(text)' is not an age; write a whole number of years, like 18"))
                return nil
            }
            return value
        }
        let low = age(ageMin, field: "age-min")
        let high = age(ageMax, field: "age-max")
        var channels: [ChannelRecord] = []
        for index in keptChannels {
            let made = ProfileFormValues.channelRecord(self.channels[index], field: "k\(index)")
            errors += made.errors
            var written = made.record
            // The catalogue file keeps hours in the opening_hours syntax only; hours typed the
            // Swedish way are written in it (the page then shows back what was understood).
            if let typed = written.hours, (try? OpeningHours(parsing: typed)) == nil, let read = try? OpeningHours(swedish: typed),
               let converted = WeekSchedule(read).openingHoursText {
                written.hours = converted
            }
            channels.append(written)
        }
        let elsewhere = keptElsewhere.map { index in
            Catalogue.ElsewhereRecord(figures: Self.list(self.elsewhere[index].figures), source: self.elsewhere[index].source.trimmingCharacters(in: .whitespacesAndNewlines),
                                      checked: Self.isoDate(self.elsewhere[index].checked))
        }
        let remarks = sourceRemarks.trimmingCharacters(in: .whitespacesAndNewlines)
        let report = Self.list(sourceReport)
        let reconstructed = Self.list(sourceReconstructed)
        let record = Catalogue.HelplineRecord(
            id: id, organisation: organisation.trimmingCharacters(in: .whitespaces), name: name.trimmingCharacters(in: .whitespaces),
            description: description.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "),
            groups: Self.ordered(groups, first: groupsOrder, then: HelplineGroup.allCases.map(\.rawValue)),
            audiences: Self.ordered(audiences, first: audiencesOrder, then: Audience.allCases.map(\.rawValue)),
            age: low == nil && high == nil ? nil : AgeRange(min: low, max: high),
            languages: Self.list(languages.replacingOccurrences(of: " ", with: ",")),
            interpreters: interpreters ? true : nil, signLanguage: signLanguage ? true : nil,
            notes: notes.isEmpty ? nil : CallerNote.allCases.map(\.rawValue).filter(notes.contains),
            channels: channels,
            source: Catalogue.SourceRecord(document: sourceDocument.trimmingCharacters(in: .whitespacesAndNewlines),
                                           verified: Self.isoDate(sourceVerified), remarks: remarks.isEmpty ? nil : remarks,
                                           report: report.isEmpty ? nil : report, reconstructed: reconstructed.isEmpty ? nil : reconstructed,
                                           elsewhere: elsewhere.isEmpty ? nil : elsewhere))
        return (record, errors)
    }

    /// The record with what the form cannot express kept as `base` has it: the order of lists
    /// whose members did not change, and `false` written out where the file wrote it. So saving
    /// an untouched form changes nothing, and a change shows as exactly what was changed.
    static func keepingForm(of base: Catalogue.HelplineRecord?, _ record: Catalogue.HelplineRecord) -> Catalogue.HelplineRecord {
        guard let base else { return record }
        func same(_ new: [String]?, _ old: [String]?) -> [String]? {
            guard let new, let old, Set(new) == Set(old), new.count == old.count else { return new }
            return old
        }
        var kept = record
        kept.groups = same(record.groups, base.groups) ?? record.groups
        kept.audiences = same(record.audiences, base.audiences) ?? record.audiences
        kept.languages = same(record.languages, base.languages) ?? record.languages
        kept.notes = same(record.notes, base.notes)
        if record.interpreters == nil && base.interpreters == false { kept.interpreters = false }
        if record.signLanguage == nil && base.signLanguage == false { kept.signLanguage = false }
        for index in kept.channels.indices where base.channels.indices.contains(index) {
            kept.channels[index].notes = same(kept.channels[index].notes, base.channels[index].notes)
        }
        kept.source.report = same(record.source.report, base.source.report)
        kept.source.reconstructed = same(record.source.reconstructed, base.source.reconstructed)
        return kept
    }

    /// The form field a catalogue check is about: "channels[1].hours" is the hours box of the
    /// second channel kept, "source.elsewhere[0].checked" the date of the first other source.
    func formField(of diagnostic: Diagnostic) -> String {
        guard let field = diagnostic.field else { return "organisation" }
        if diagnostic.message.hasPrefix("has no source") { return "source-report" }
        func index(after prefix: String, in text: String) -> (Int, Substring)? {
            guard text.hasPrefix(prefix), let close = text.firstIndex(of: "]"),
                  let number = Int(text[text.index(text.startIndex, offsetBy: prefix.count)..<close]) else { return nil }
            return (number, text[text.index(after: close)...])
        }
        if let (recordIndex, rest) = index(after: "channels[", in: field) {
            let kept = keptChannels
            let formIndex = kept.indices.contains(recordIndex) ? kept[recordIndex] : recordIndex
            let sub = rest.hasPrefix(".") ? String(rest.dropFirst()) : ""
            switch sub.split(separator: ".").first.map(String.init) ?? "" {
            case "hours": return "k\(formIndex)-hours"
            case "label": return "k\(formIndex)-label"
            case "kind": return "k\(formIndex)-kind"
            default: return "k\(formIndex)-address"
            }
        }
        if let (recordIndex, rest) = index(after: "source.elsewhere[", in: field) {
            let kept = keptElsewhere
            let formIndex = kept.indices.contains(recordIndex) ? kept[recordIndex] : recordIndex
            let sub = rest.hasPrefix(".") ? String(rest.dropFirst()) : ""
            switch sub.split(separator: "[").first.map(String.init) ?? "" {
            case "checked": return "e\(formIndex)-checked"
            case "source": return "e\(formIndex)-source"
            default: return "e\(formIndex)-figures"
            }
        }
        let head = field.split(whereSeparator: { $0 == "[" }).first.map(String.init) ?? field
        switch head {
        case "organisation", "name", "description", "languages", "interpreters", "sign-language": return head
        case "groups": return "group-\(HelplineGroup.allCases[0].rawValue)"
        case "audiences": return "audience-\(Audience.allCases[0].rawValue)"
        case "notes": return "note-\(CallerNote.allCases[0].rawValue)"
        case "age": return "age-min"
        case "channels": return "k0-address"
        case "source.document": return "source-document"
        case "source.verified": return "source-verified"
        case "source.remarks": return "source-remarks"
        case "source.reconstructed": return "source-reconstructed"
        case "source.report", "source", "source.elsewhere": return "source-report"
        default: return "organisation"
        }
    }
}
