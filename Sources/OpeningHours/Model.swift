/// A day of the week, Monday first, as OpenStreetMap's opening_hours writes them.
public enum Weekday: Int, CaseIterable, Sendable, Hashable, Comparable, Codable {
    case monday = 0, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The two-letter code used in opening_hours (`Mo`, `Tu`, ...).
    public var code: String { Weekday.codes[rawValue] }

    static let codes = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]

    public init?(code: String) {
        guard let index = Weekday.codes.firstIndex(of: code) else { return nil }
        self.init(rawValue: index)
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A span of opening time within one day, in minutes after midnight. `end` may pass 24:00
/// (up to 48:00) for a line that stays open past midnight, such as `22:00-02:00`.
public struct TimeSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public static let wholeDay = TimeSpan(start: 0, end: 24 * 60)
    public var passesMidnight: Bool { end > 24 * 60 }
}

/// Which days a rule is about. An empty set of weekdays with `publicHolidays` false means
/// "every day" (a rule written without a day selector).
public struct DaySelector: Sendable, Hashable {
    public var weekdays: Set<Weekday>
    public var publicHolidays: Bool

    public init(weekdays: Set<Weekday>, publicHolidays: Bool = false) {
        self.weekdays = weekdays
        self.publicHolidays = publicHolidays
    }

    public static let everyDay = DaySelector(weekdays: Set(Weekday.allCases))
}

/// One rule of an opening-hours expression: on these days, open during these spans or closed.
public struct HoursRule: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case open([TimeSpan])
        case closed
    }

    /// `nil` when the rule names no days (it then holds for every day).
    public var days: DaySelector?
    public var state: State

    public init(days: DaySelector?, state: State) {
        self.days = days
        self.state = state
    }

    func applies(to weekday: Weekday, isPublicHoliday: Bool) -> Bool {
        guard let days else { return true }
        if days.publicHolidays && isPublicHoliday { return true }
        return days.weekdays.contains(weekday)
    }
}

/// A parsed opening-hours expression, e.g. `Mo-Fr 10:00-16:00; PH off`.
///
/// Kept together with the text it was parsed from, which is what the catalogue stores and what
/// a reviewer reads in a diff.
public struct OpeningHours: Sendable, Hashable, CustomStringConvertible {
    public var rules: [HoursRule]
    public var source: String
    /// Written as `24/7`.
    public var isAlwaysOpen: Bool

    public init(rules: [HoursRule], source: String, isAlwaysOpen: Bool = false) {
        self.rules = rules
        self.source = source
        self.isAlwaysOpen = isAlwaysOpen
    }

    /// Parses the opening_hours subset the catalogue uses; throws `HoursSyntaxError` with the
    /// column and the reason when the text does not parse.
    public init(parsing text: String) throws(HoursSyntaxError) {
        var parser = HoursParser(text)
        self = try parser.parse()
    }

    public var description: String { source }
}
