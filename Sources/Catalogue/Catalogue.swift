import DataFiles
import Diagnostics
import Foundation
import InputRules
import Localization
import OpeningHours
import Yams

/// The national helpline catalogue that agency staff keep current; every document is rendered
/// from it.
public struct Catalogue: Sendable {
    /// The date of the catalogue's last change, as written in its file.
    public var version: String
    /// The web tool's published version number (1, 2, ...): written there on every publish,
    /// absent in a file nobody published through it.
    public var revision: Int?
    public var source: String
    public var helplines: [Helpline]

    public init(version: String, revision: Int? = nil, source: String, helplines: [Helpline]) {
        self.version = version
        self.revision = revision
        self.source = source
        self.helplines = helplines
    }

    public func helpline(id: String) -> Helpline? { helplines.first { $0.id == id } }

    struct HeaderRecord: Codable {
        var version: String
        var revision: Int?
        var source: String
    }

    /// One entry as the file writes it: what the helpline editor, a draft and the JSON API hold.
    public struct HelplineRecord: Codable, Sendable, Hashable {
        public var id: String
        public var organisation: String
        public var name: String
        public var description: String
        public var groups: [String]
        public var audiences: [String]
        public var age: AgeRange?
        public var languages: [String]
        public var interpreters: Bool?
        public var signLanguage: Bool?
        public var notes: [String]?
        public var channels: [ChannelRecord]
        public var source: SourceRecord

        public init(id: String, organisation: String, name: String, description: String, groups: [String], audiences: [String],
                    age: AgeRange? = nil, languages: [String], interpreters: Bool? = nil, signLanguage: Bool? = nil,
                    notes: [String]? = nil, channels: [ChannelRecord], source: SourceRecord) {
            self.id = id
            self.organisation = organisation
            self.name = name
            self.description = description
            self.groups = groups
            self.audiences = audiences
            self.age = age
            self.languages = languages
            self.interpreters = interpreters
            self.signLanguage = signLanguage
            self.notes = notes
            self.channels = channels
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case id, organisation, name, description, groups, audiences, age, languages, interpreters
            case signLanguage = "sign-language"
            case notes, channels, source
        }
    }

    /// Where an entry's figures come from, as the file writes it.
    public struct SourceRecord: Codable, Sendable, Hashable {
        public var document: String
        public var verified: String
        public var remarks: String?
        /// The figures `document` gives.
        public var report: [String]?
        /// Figures of the document completed from damaged text.
        public var reconstructed: [String]?
        /// Figures from other sources, each with its source and the date it was checked.
        public var elsewhere: [ElsewhereRecord]?

        public init(document: String, verified: String, remarks: String? = nil, report: [String]? = nil,
                    reconstructed: [String]? = nil, elsewhere: [ElsewhereRecord]? = nil) {
            self.document = document
            self.verified = verified
            self.remarks = remarks
            self.report = report
            self.reconstructed = reconstructed
            self.elsewhere = elsewhere
        }
    }

    public typealias ElsewhereRecord = FigureSourcesRecord.Elsewhere

    /// Loads and checks a catalogue file. Every problem in the file is collected; if there is
    /// any, nothing is returned and all of them are thrown together.
    public static func load(from url: URL, name: String? = nil, plan: SwedishNumberPlan) throws(ValidationFailed) -> Catalogue {
        let shown = name ?? url.path
        let file = try YAMLFile(contentsOf: url, name: shown, kind: .catalogue)
        return try load(file, plan: plan)
    }

    public static func load(_ file: YAMLFile, plan: SwedishNumberPlan) throws(ValidationFailed) -> Catalogue {
        let shown = file.name
        var problems: [Diagnostic] = []
        let decoder = RecordDecoder(file: shown)
        guard case .mapping(let top) = file.root else {
            throw ValidationFailed([Diagnostic(file: shown, line: file.root.line,
                                               message: "the file must have the fields 'catalogue' and 'helplines'")])
        }
        for (key, node) in top where !["catalogue", "helplines"].contains(key.string ?? "") {
            problems.append(Diagnostic(file: shown, field: key.string, line: node.line ?? key.line,
                                       message: "is not a field this file format knows",
                                       hint: "the top level has only 'catalogue' and 'helplines'"))
        }
        var header = HeaderRecord(version: "", revision: nil, source: "")
        if let node = file.root["catalogue"] {
            let decoded = decoder.decode(HeaderRecord.self, from: node, entry: nil, fieldPrefix: "catalogue")
            problems += decoded.problems
            if let record = decoded.value {
                header = record
                if CivilDate(iso: record.version) == nil {
                    problems.append(Diagnostic(file: shown, field: "catalogue.version", line: node.line,
                                               message: "'\(record.version)' is not a date written YYYY-MM-DD"))
                }
            }
        } else {
            problems.append(Diagnostic(file: shown, field: "catalogue", message: "is missing"))
        }
        var helplines: [Helpline] = []
        var seen: [String: Int] = [:]
        if case .sequence(let entries)? = file.root["helplines"] {
            for (index, node) in entries.enumerated() {
                let entryName = node["id"]?.string ?? "helplines[\(index)]"
                let decoded = decoder.decode(HelplineRecord.self, from: node, entry: entryName)
                problems += decoded.problems
                if let record = decoded.value {
                    if let firstLine = seen[record.id] {
                        problems.append(Diagnostic(file: shown, entry: record.id, field: "id", line: node.line,
                                                   message: "the id is used twice (first on line \(firstLine))",
                                                   hint: "every helpline needs its own id"))
                    } else {
                        seen[record.id] = node.line ?? 0
                    }
                    var found: [Diagnostic] = []
                    if let helpline = check(record, file: shown, plan: plan, problems: &found) {
                        helplines.append(helpline)
                    }
                    problems += found.map { diagnostic in
                        var located = diagnostic
                        located.line = located.line ?? node.line(ofField: diagnostic.field)
                        return located
                    }
                }
            }
            if entries.count == 0 {
                problems.append(Diagnostic(file: shown, field: "helplines", message: "the list is empty"))
            }
        } else {
            problems.append(Diagnostic(file: shown, field: "helplines", message: "is missing or is not a list"))
        }
        if !problems.isEmpty { throw ValidationFailed(problems) }
        return Catalogue(version: header.version, revision: header.revision, source: header.source, helplines: helplines)
    }

    /// Ids are lower-case a-z, digits and inner hyphens: safe in file names and URLs.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
            && !id.hasPrefix("-") && !id.hasSuffix("-")
    }

    static func check(_ record: HelplineRecord, file: String, plan: SwedishNumberPlan, problems: inout [Diagnostic]) -> Helpline? {
        let before = problems.count
        let entry = record.id
        func problem(_ field: String, _ message: String, hint: String? = nil) {
            problems.append(Diagnostic(file: file, entry: entry, field: field, message: message, hint: hint))
        }
        if !isValidID(record.id) {
            problem("id", "'\(record.id)' may only hold lower-case letters a-z, digits and '-'")
        }
        for (field, text) in [("organisation", record.organisation), ("name", record.name), ("description", record.description)]
        where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problem(field, "is empty")
        }
        let organisation = printable(record.organisation, kind: .name, file: file, entry: entry, field: "organisation", problems: &problems)
        let name = printable(record.name, kind: .name, file: file, entry: entry, field: "name", problems: &problems)
        let description = printable(record.description, kind: .paragraph, file: file, entry: entry, field: "description", problems: &problems)
        var groups: [HelplineGroup] = []
        for (index, text) in record.groups.enumerated() {
            if let group = HelplineGroup(rawValue: text) { groups.append(group) } else {
                problem("groups[\(index)]", "'\(text)' is not a group",
                        hint: "use one of: \(HelplineGroup.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if record.groups.isEmpty { problem("groups", "needs at least one group") }
        if Set(record.groups).count != record.groups.count { problem("groups", "a group is listed twice") }
        var audiences: [Audience] = []
        for (index, text) in record.audiences.enumerated() {
            if let audience = Audience(rawValue: text) { audiences.append(audience) } else {
                problem("audiences[\(index)]", "'\(text)' is not an audience",
                        hint: "use one of: \(Audience.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if record.audiences.isEmpty { problem("audiences", "needs at least one audience") }
        if let age = record.age {
            if age.min == nil && age.max == nil { problem("age", "needs min, max or both") }
            if let low = age.min, let high = age.max, low > high { problem("age", "min (\(low)) is above max (\(high))") }
            for bound in [age.min, age.max].compactMap({ $0 }) where !(0...120).contains(bound) {
                problem("age", "\(bound) is not an age")
            }
        }
        if record.languages.isEmpty { problem("languages", "needs at least one language") }
        for (index, tag) in record.languages.enumerated() {
            if let reason = LanguageTag.problem(with: tag) {
                problem("languages[\(index)]", reason, hint: "use BCP 47 tags such as sv, ar, prs, ckb")
            }
        }
        if Set(record.languages).count != record.languages.count { problem("languages", "a language is listed twice") }
        let checker = ChannelChecker(file: file, entry: entry, plan: plan)
        let notes = checker.notes(record.notes, field: "notes", problems: &problems)
        var channels: [Channel] = []
        for (index, written) in record.channels.enumerated() {
            if let channel = checker.channel(written, field: "channels[\(index)]", problems: &problems) {
                channels.append(channel)
            }
        }
        if record.channels.isEmpty { problem("channels", "needs at least one way to reach the service") }
        let verified = CivilDate(iso: record.source.verified)
        if verified == nil { problem("source.verified", "'\(record.source.verified)' is not a date written YYYY-MM-DD") }
        if record.source.document.trimmingCharacters(in: .whitespaces).isEmpty { problem("source.document", "is empty") }
        let figureNames = Helpline.figureNames(
            channels: record.channels.map { written in
                let address = written.number != nil ? "number" : written.address != nil ? "address" : "url"
                return (address, written.hours != nil, !(written.notes ?? []).isEmpty)
            },
            languages: !record.languages.isEmpty, notes: !(record.notes ?? []).isEmpty,
            interpreters: record.interpreters ?? false, signLanguage: record.signLanguage ?? false, age: record.age != nil)
        let figures = FigureSources.resolve(
            figures: figureNames, fromDocument: record.source.report ?? [], reconstructed: record.source.reconstructed ?? [],
            elsewhere: record.source.elsewhere ?? []) { field, message, hint in
            problem(field, message, hint: hint)
        }
        guard problems.count == before, let verified else { return nil }
        return Helpline(
            id: record.id, organisation: organisation, name: name, description: description,
            groups: groups, audiences: audiences, age: record.age, languages: record.languages,
            interpreters: record.interpreters ?? false, signLanguage: record.signLanguage ?? false,
            notes: notes, channels: channels,
            source: Provenance(document: record.source.document, verified: verified, remarks: record.source.remarks,
                               figures: figures))
    }
}
