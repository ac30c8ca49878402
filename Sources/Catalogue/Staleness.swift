import Foundation
import OpeningHours

/// An entry, or one channel of it, whose figures were last checked before some date: what a
/// person should check again before the next print run.
public struct StaleItem: Sendable, Hashable, Encodable {
    /// The helpline's id.
    public var entry: String
    /// The helpline's name.
    public var name: String
    /// `nil` for the entry as a whole, else the index of the channel in the entry.
    public var channel: Int?
    /// The figures this date covers, named as in the catalogue file (`channels[0].number`, ...),
    /// in the entry's order.
    public var figures: [String]
    /// When these figures were last checked.
    public var verified: CivilDate
    /// What they were checked against: the entry's document, or the source under `elsewhere`.
    public var source: String

    public init(entry: String, name: String, channel: Int?, figures: [String], verified: CivilDate, source: String) {
        self.entry = entry
        self.name = name
        self.channel = channel
        self.figures = figures
        self.verified = verified
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case entry, name, channel, figures, verified, source
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entry, forKey: .entry)
        try container.encode(name, forKey: .name)
        if let channel {
            try container.encode(channel, forKey: .channel)
        } else {
            try container.encodeNil(forKey: .channel)
        }
        try container.encode(figures, forKey: .figures)
        try container.encode(verified.description, forKey: .verified)
        try container.encode(source, forKey: .source)
    }
}

extension Catalogue {
    /// Every entry whose `source.verified` is before `limit`, and every channel whose own figures
    /// were last checked before it, oldest first (then by entry id, the entry before its
    /// channels, channels in order).
    ///
    /// A channel's date is the oldest `checked` date of its figures when every one of them comes
    /// from `source.elsewhere`; otherwise it is the entry's `verified` date. A channel that shares
    /// the entry's date is not listed on its own: its figures are in the entry's item. Figures
    /// outside the channels (languages, notes, ...) are in the entry's item when they come from
    /// the document or were checked on the entry's date.
    public func stale(before limit: CivilDate) -> [StaleItem] {
        var items: [StaleItem] = []
        for helpline in helplines {
            let provenance = helpline.source
            let entryDate = provenance.verified
            // Each channel's date and source, and the date each figure counts under.
            var channelDates: [(date: CivilDate, source: String, figures: [String])] = []
            var dateOfFigure: [String: CivilDate] = [:]
            for index in helpline.channels.indices {
                let prefix = "channels[\(index)]."
                let figures = provenance.figures.filter { $0.figure.hasPrefix(prefix) }
                var oldest: (date: CivilDate, source: String)?
                var allElsewhere = !figures.isEmpty
                for figure in figures {
                    switch figure.origin {
                    case .document:
                        allElsewhere = false
                    case .elsewhere(let source, let checked):
                        if let current = oldest, current.date <= checked { continue }
                        oldest = (date: checked, source: source)
                    }
                }
                let dated: (date: CivilDate, source: String)
                if allElsewhere, let oldest {
                    dated = oldest
                } else {
                    dated = (date: entryDate, source: provenance.document)
                }
                channelDates.append((date: dated.date, source: dated.source, figures: figures.map(\.figure)))
                for figure in figures { dateOfFigure[figure.figure] = dated.date }
            }
            for figure in provenance.figures where dateOfFigure[figure.figure] == nil {
                switch figure.origin {
                case .document: dateOfFigure[figure.figure] = entryDate
                case .elsewhere(_, let checked): dateOfFigure[figure.figure] = checked
                }
            }
            let covered = provenance.figures.filter { dateOfFigure[$0.figure] == entryDate }
            // An entry whose every figure was checked since (against other sources) is not stale,
            // however old the date its document describes.
            if entryDate < limit, !covered.isEmpty {
                // The document, unless every figure the date covers was checked against one
                // other source (an entry marked verified against the organisation's site).
                var source = provenance.document
                var elsewhereSources: Set<String> = []
                var fromDocument = false
                for figure in covered {
                    switch figure.origin {
                    case .document: fromDocument = true
                    case .elsewhere(let other, _): elsewhereSources.insert(other)
                    }
                }
                if !fromDocument, elsewhereSources.count == 1, let only = elsewhereSources.first { source = only }
                items.append(StaleItem(entry: helpline.id, name: helpline.name, channel: nil,
                                       figures: covered.map(\.figure), verified: entryDate, source: source))
            }
            for (index, channel) in channelDates.enumerated() where channel.date < limit && channel.date != entryDate {
                items.append(StaleItem(entry: helpline.id, name: helpline.name, channel: index,
                                       figures: channel.figures, verified: channel.date, source: channel.source))
            }
        }
        return items.sorted { left, right in
            if left.verified != right.verified { return left.verified < right.verified }
            if left.entry != right.entry { return left.entry < right.entry }
            switch (left.channel, right.channel) {
            case (nil, nil): return false
            case (nil, _?): return true
            case (_?, nil): return false
            case (let a?, let b?): return a < b
            }
        }
    }
}

/// Why a written age ("6m", "90 dagar") was refused.
public enum AgeLimitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing was written.
    case empty
    /// The text is not a number followed by days, weeks, months or years.
    case notAnAge(String)
    /// The number is too large to count back from today.
    case tooLarge(String)

    static let examples = "write e.g. 6m (months), 90d (days), 2w (weeks) or 1y (years)"

    public var description: String {
        switch self {
        case .empty: return "an age is needed: \(Self.examples)"
        case .notAnAge(let text): return "'\(text)' is not an age: \(Self.examples)"
        case .tooLarge(let text): return "'\(text)' is too long ago: \(Self.examples)"
        }
    }
}

/// An age such as "6m" or "90 dagar", and the date that far back: how `tmv catalogue stale
/// --older-than` reads what a person types.
public enum AgeLimit {
    public enum Unit: Sendable, Hashable {
        case days, weeks, months, years
    }

    /// The units as people write them, in English and Swedish, in lower case; the Swedish ones
    /// also without their ring (typed on a keyboard that has no å: "man", "ar").
    static let units: [String: Unit] = {
        var table: [String: Unit] = [:]
        for word in ["d", "day", "days", "dag", "dagar", "dygn"] { table[word] = .days }
        for word in ["w", "wk", "wks", "week", "weeks", "v", "vecka", "veckor"] { table[word] = .weeks }
        for word in ["m", "mo", "mos", "mon", "month", "months", "mån", "månad", "månader", "man", "manad", "manader", "mnd"] {
            table[word] = .months
        }
        for word in ["y", "yr", "yrs", "year", "years", "år", "ar"] { table[word] = .years }
        return table
    }()

    /// The amount and unit of a written age: "6m", "6 months", "6 mån", "12 veckor", "1 år".
    public static func parse(_ text: String) throws(AgeLimitError) -> (amount: Int, unit: Unit) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        var rest = Substring(trimmed)
        // "6 mån." is how an abbreviation is often written.
        while rest.hasSuffix(".") { rest = rest.dropLast() }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { throw .notAnAge(trimmed) }
        // Five digits are 270 years of days; more is a typing mistake.
        guard digits.count <= 5, let amount = Int(digits) else { throw .tooLarge(trimmed) }
        // String comparison is by canonical equivalence: "mån" typed decomposed matches too.
        let word = rest.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = units[word] else { throw .notAnAge(trimmed) }
        return (amount, unit)
    }

    /// The date `text` before `today`. Months and years are calendar months, clamped to the
    /// month's last day: 6m before 2026-08-31 is 2026-02-28.
    public static func date(_ text: String, before today: CivilDate) throws(AgeLimitError) -> CivilDate {
        let (amount, unit) = try parse(text)
        switch unit {
        case .days: return today.adding(days: -amount)
        case .weeks: return today.adding(days: -7 * amount)
        case .months: return monthsBefore(today, amount)
        case .years: return monthsBefore(today, 12 * amount)
        }
    }

    static func monthsBefore(_ date: CivilDate, _ months: Int) -> CivilDate {
        let count = date.year * 12 + (date.month - 1) - months
        let year = count >= 0 ? count / 12 : (count - 11) / 12
        let month = count - year * 12 + 1
        let first = CivilDate(year: year, month: month, day: 1)
        let next = month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1)
        let length = next.dayNumber - first.dayNumber
        return CivilDate(year: year, month: month, day: min(date.day, length))
    }
}

extension Catalogue.HelplineRecord {
    /// The entry's figures as `Catalogue.load` names them (`channels[0].number`,
    /// `channels[1].hours`, `languages`, ...), from the record as written.
    var writtenFigureNames: [String] {
        Helpline.figureNames(
            channels: channels.map { written in
                let address = written.number != nil ? "number" : written.address != nil ? "address" : "url"
                return (address, written.hours != nil, !(written.notes ?? []).isEmpty)
            },
            languages: !languages.isEmpty, notes: !(notes ?? []).isEmpty,
            interpreters: interpreters ?? false, signLanguage: signLanguage ?? false, age: age != nil)
    }

    /// The record after a person checked every figure of the entry against `source` on `date`:
    /// verified on that date, every figure from that source (none from the document any more),
    /// and the remarks saying so.
    public func markedVerified(on date: CivilDate, against source: String) -> Catalogue.HelplineRecord {
        var record = self
        let checked = date.description
        record.source.verified = checked
        record.source.report = nil
        record.source.reconstructed = nil
        record.source.elsewhere = [Catalogue.ElsewhereRecord(figures: writtenFigureNames, source: source, checked: checked)]
        let sentence = "Every figure checked against \(source) on \(checked)."
        if let remarks = record.source.remarks?.trimmingCharacters(in: .whitespacesAndNewlines), !remarks.isEmpty {
            record.source.remarks = remarks + " " + sentence
        } else {
            record.source.remarks = sentence
        }
        return record
    }
}
