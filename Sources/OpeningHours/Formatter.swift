import Foundation

/// The words and patterns one language uses to write opening hours.
///
/// Data, not code: each campaign language's file under Resources/languages/ carries one,
/// so a translator changes "dygnet runt" without touching Swift.
public struct HoursVocabulary: Sendable, Hashable, Codable {
    /// Short day names, Monday first (seven of them).
    public var days: [String]
    /// `{from}` and `{to}` are day names: "{from}–{to}".
    public var dayRange: String
    public var dayListSeparator: String
    /// `HH` two-digit hour, `H` hour without leading zero, `mm` minutes: "HH.mm".
    public var time: String
    /// `{from}` and `{to}` are times: "{from}–{to}".
    public var timeRange: String
    public var spanSeparator: String
    /// `{days}` and `{times}`: "{days} {times}".
    public var dayTime: String
    public var ruleSeparator: String
    public var everyDay: String
    public var aroundTheClock: String
    public var closed: String
    public var publicHolidays: String

    public init(
        days: [String], dayRange: String, dayListSeparator: String, time: String, timeRange: String,
        spanSeparator: String, dayTime: String, ruleSeparator: String, everyDay: String,
        aroundTheClock: String, closed: String, publicHolidays: String
    ) {
        self.days = days
        self.dayRange = dayRange
        self.dayListSeparator = dayListSeparator
        self.time = time
        self.timeRange = timeRange
        self.spanSeparator = spanSeparator
        self.dayTime = dayTime
        self.ruleSeparator = ruleSeparator
        self.everyDay = everyDay
        self.aroundTheClock = aroundTheClock
        self.closed = closed
        self.publicHolidays = publicHolidays
    }

    enum CodingKeys: String, CodingKey {
        case days
        case dayRange = "day-range"
        case dayListSeparator = "day-list-separator"
        case time
        case timeRange = "time-range"
        case spanSeparator = "span-separator"
        case dayTime = "day-time"
        case ruleSeparator = "rule-separator"
        case everyDay = "every-day"
        case aroundTheClock = "around-the-clock"
        case closed
        case publicHolidays = "public-holidays"
    }

    /// Problems that would make the formatter write nonsense, as plain sentences.
    public var problems: [(field: String, message: String)] {
        var found: [(String, String)] = []
        if days.count != 7 { found.append(("hours.days", "must list exactly seven day names, Monday first; found \(days.count)")) }
        for (index, day) in days.enumerated() where day.trimmingCharacters(in: .whitespaces).isEmpty {
            found.append(("hours.days[\(index)]", "a day name is empty"))
        }
        let placeholders: [(String, String, [String])] = [
            ("hours.day-range", dayRange, ["{from}", "{to}"]),
            ("hours.time-range", timeRange, ["{from}", "{to}"]),
            ("hours.day-time", dayTime, ["{days}", "{times}"]),
        ]
        for (field, pattern, names) in placeholders {
            for name in names where !pattern.contains(name) {
                found.append((field, "must contain \(name)"))
            }
        }
        if !(time.contains("H") && time.contains("mm")) {
            found.append(("hours.time", "must contain H or HH for the hour and mm for minutes, like HH.mm"))
        }
        for (field, word) in [("hours.every-day", everyDay), ("hours.around-the-clock", aroundTheClock),
                              ("hours.closed", closed), ("hours.public-holidays", publicHolidays)]
        where word.trimmingCharacters(in: .whitespaces).isEmpty {
            found.append((field, "is empty"))
        }
        return found
    }
}

/// Writes opening hours as a person would in a given language: "mån–fre 10.00–16.00",
/// "dygnet runt", "sön–tors 20.00–22.00".
public struct HoursFormatter: Sendable {
    public var vocabulary: HoursVocabulary

    public init(vocabulary: HoursVocabulary) {
        self.vocabulary = vocabulary
    }

    public func format(_ hours: OpeningHours) -> String {
        if hours.isAlwaysOpen { return vocabulary.aroundTheClock }
        return hours.rules.map(format(rule:)).joined(separator: vocabulary.ruleSeparator)
    }

    func format(rule: HoursRule) -> String {
        if rule.days == nil || rule.days == .everyDay, case .open(let spans) = rule.state, spans == [.wholeDay] {
            return vocabulary.aroundTheClock
        }
        let times: String
        switch rule.state {
        case .closed:
            times = vocabulary.closed
        case .open(let spans):
            if spans == [.wholeDay] {
                times = vocabulary.aroundTheClock
            } else {
                times = spans.map(format(span:)).joined(separator: vocabulary.spanSeparator)
            }
        }
        let days = format(days: rule.days ?? .everyDay)
        return vocabulary.dayTime
            .replacingOccurrences(of: "{days}", with: days)
            .replacingOccurrences(of: "{times}", with: times)
    }

    /// Day names compressed into ranges the way a person writes them: three or more days in a
    /// row become a range (`mån–fre`, and across the week's end `sön–tors`), others a list.
    public func format(days selector: DaySelector) -> String {
        var parts: [String] = []
        let set = selector.weekdays
        if set.count == 7 {
            parts.append(vocabulary.everyDay)
        } else if !set.isEmpty {
            for run in Self.runs(of: set) {
                let names = run.map { vocabulary.days[safe: $0.rawValue] ?? $0.code }
                if names.count >= 3, let first = names.first, let last = names.last {
                    parts.append(vocabulary.dayRange
                        .replacingOccurrences(of: "{from}", with: first)
                        .replacingOccurrences(of: "{to}", with: last))
                } else {
                    parts.append(contentsOf: names)
                }
            }
        }
        if selector.publicHolidays { parts.append(vocabulary.publicHolidays) }
        return parts.joined(separator: vocabulary.dayListSeparator)
    }

    /// Consecutive days, wrapping from Sunday to Monday, ordered by where each run starts.
    static func runs(of set: Set<Weekday>) -> [[Weekday]] {
        var runs: [[Weekday]] = []
        for day in Weekday.allCases where set.contains(day) {
            let previous = Weekday(rawValue: (day.rawValue + 6) % 7) ?? .sunday
            guard !set.contains(previous) else { continue }
            var run: [Weekday] = []
            var current = day
            while set.contains(current), run.count < 7 {
                run.append(current)
                current = Weekday(rawValue: (current.rawValue + 1) % 7) ?? .monday
            }
            runs.append(run)
        }
        return runs
    }

    func format(span: TimeSpan) -> String {
        let end = span.end > 24 * 60 ? span.end - 24 * 60 : span.end
        return vocabulary.timeRange
            .replacingOccurrences(of: "{from}", with: format(minute: span.start))
            .replacingOccurrences(of: "{to}", with: format(minute: end))
    }

    func format(minute: Int) -> String {
        let hour = minute / 60
        let minutes = minute % 60
        let paddedMinutes = minutes < 10 ? "0\(minutes)" : "\(minutes)"
        let paddedHour = hour < 10 ? "0\(hour)" : "\(hour)"
        var out = ""
        var rest = Substring(vocabulary.time)
        while !rest.isEmpty {
            if rest.hasPrefix("HH") {
                out += paddedHour
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix("H") {
                out += "\(hour)"
                rest = rest.dropFirst(1)
            } else if rest.hasPrefix("mm") {
                out += paddedMinutes
                rest = rest.dropFirst(2)
            } else {
                out.append(rest.removeFirst())
            }
        }
        return out
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
