import Diagnostics
import Foundation
import OpeningHours

/// Where one figure of an entry comes from. A reviewer checks a figure against the source named
/// here, so a figure from anywhere but the entry's own document must say where and when.
public enum FigureOrigin: Sendable, Hashable {
    /// Printed in the entry's document (the agency's report). `reconstructed` when the document's
    /// text is damaged there and the figure was completed by reading (the remarks say how).
    case document(reconstructed: Bool)
    /// From another source, checked on a date.
    case elsewhere(source: String, checked: CivilDate)

    /// How `tmv catalogue show` and the web pages say it.
    public func describe(document: String) -> String {
        switch self {
        case .document(let reconstructed):
            return reconstructed ? "reconstructed from damaged text in \(document) (see remarks)" : "from \(document)"
        case .elsewhere(let source, let checked):
            return "from \(source), checked \(checked)"
        }
    }
}

/// Where an entry's figures come from and when someone last checked them.
public struct Provenance: Sendable, Hashable {
    public var document: String
    /// The date the document's figures describe (for the report: the 2021 campaign).
    public var verified: CivilDate
    public var remarks: String?
    /// Every figure of the entry (`channels[0].number`, `channels[1].hours`, `languages`, ...)
    /// and where it comes from, in the entry's order; `Catalogue.load` refuses an entry with a
    /// figure missing here. A list, not a dictionary, so that an entry always describes (and
    /// hashes, for incremental packs) the same way.
    public var figures: [FigureSource]

    public init(document: String, verified: CivilDate, remarks: String? = nil, figures: [FigureSource] = []) {
        self.document = document
        self.verified = verified
        self.remarks = remarks
        self.figures = figures
    }

    public func origin(of figure: String) -> FigureOrigin? { figures.first { $0.figure == figure }?.origin }
}

/// One figure of an entry and where it comes from.
public struct FigureSource: Sendable, Hashable {
    public var figure: String
    public var origin: FigureOrigin
}

extension Helpline {
    /// The figures a reader acts on, named as in the catalogue file: what must have a source.
    public var figureNames: [String] {
        Self.figureNames(channels: channels.map { channel in
                             let field: String
                             switch channel.address {
                             case .number: field = "number"
                             case .url: field = "url"
                             case .email: field = "address"
                             }
                             return (field, channel.hours != nil, !channel.notes.isEmpty)
                         },
                         languages: !languages.isEmpty, notes: !notes.isEmpty, interpreters: interpreters,
                         signLanguage: signLanguage, age: age != nil)
    }

    /// `channels` gives each channel's address field (number, url or address) as written.
    static func figureNames(channels: [(address: String, hours: Bool, notes: Bool)], languages: Bool, notes: Bool,
                            interpreters: Bool, signLanguage: Bool, age: Bool) -> [String] {
        var names: [String] = []
        for (index, channel) in channels.enumerated() {
            names.append("channels[\(index)].\(channel.address)")
            if channel.hours { names.append("channels[\(index)].hours") }
            if channel.notes { names.append("channels[\(index)].notes") }
        }
        if languages { names.append("languages") }
        if notes { names.append("notes") }
        if interpreters { names.append("interpreters") }
        if signLanguage { names.append("sign-language") }
        if age { names.append("age") }
        return names
    }
}

/// The figure list of an entry's `source` as written: which figures the document gives, which come
/// from elsewhere. `channels[1]` stands for every figure of that channel, `channels` for all
/// channels.
public struct FigureSourcesRecord: Codable, Hashable, Sendable {
    public struct Elsewhere: Codable, Hashable, Sendable {
        public var figures: [String]
        public var source: String
        public var checked: String

        public init(figures: [String], source: String, checked: String) {
            self.figures = figures
            self.source = source
            self.checked = checked
        }
    }
}

enum FigureSources {
    /// Expands the written references over the entry's actual figures and reports every figure
    /// with no source, twice a source, or a reference to a figure the entry does not have.
    static func resolve(figures: [String], fromDocument: [String], reconstructed: [String],
                        elsewhere: [FigureSourcesRecord.Elsewhere],
                        problem: (String, String, String?) -> Void) -> [FigureSource] {
        func expand(_ reference: String, field: String) -> [String] {
            let trimmed = reference.trimmingCharacters(in: .whitespaces)
            let matched = figures.filter { $0 == trimmed || $0.hasPrefix(trimmed + ".") || $0.hasPrefix(trimmed + "[") }
            if matched.isEmpty {
                problem(field, "names '\(trimmed)', which this entry does not have",
                        "name figures as in the entry, e.g. channels[0].number, channels[1].hours, languages, notes")
            }
            return matched
        }
        var origins: [String: FigureOrigin] = [:]
        var firstField: [String: String] = [:]
        func assign(_ figure: String, _ origin: FigureOrigin, field: String) {
            if let earlier = firstField[figure] {
                problem(field, "gives '\(figure)' a second source (it is already under \(earlier))", "each figure has one source")
                return
            }
            firstField[figure] = field
            origins[figure] = origin
        }
        for (index, reference) in fromDocument.enumerated() {
            for figure in expand(reference, field: "source.report[\(index)]") {
                assign(figure, .document(reconstructed: false), field: "source.report")
            }
        }
        for (index, entry) in elsewhere.enumerated() {
            let field = "source.elsewhere[\(index)]"
            guard let checked = CivilDate(iso: entry.checked) else {
                problem("\(field).checked", "'\(entry.checked)' is not a date written YYYY-MM-DD", nil)
                continue
            }
            if entry.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problem("\(field).source", "is empty: say where the figures come from", nil)
                continue
            }
            if entry.figures.isEmpty { problem("\(field).figures", "names no figure", nil) }
            for (position, reference) in entry.figures.enumerated() {
                for figure in expand(reference, field: "\(field).figures[\(position)]") {
                    assign(figure, .elsewhere(source: entry.source, checked: checked), field: field)
                }
            }
        }
        for (index, reference) in reconstructed.enumerated() {
            for figure in expand(reference, field: "source.reconstructed[\(index)]") {
                if case .document? = origins[figure] {
                    origins[figure] = .document(reconstructed: true)
                } else {
                    problem("source.reconstructed[\(index)]", "'\(figure)' is reconstructed from the document, so it must also be under source.report", nil)
                }
            }
        }
        for figure in figures where origins[figure] == nil {
            problem(figure, "has no source",
                    "list it under source.report if the document gives it, or under source.elsewhere with its source and the date it was checked")
        }
        return figures.compactMap { figure in origins[figure].map { FigureSource(figure: figure, origin: $0) } }
    }
}
