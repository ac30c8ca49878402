import Foundation

/// Opening hours as a form shows them: what holds on each weekday and on public holidays.
///
/// A communicator edits hours day by day ("closed", "around the clock", one or two spans); the
/// files keep them in the opening_hours syntax. This is the bridge both ways, and it means the
/// same as the rules it came from: a later rule replaces earlier ones on the days it names.
public struct WeekSchedule: Sendable, Hashable {
    public enum Day: Sendable, Hashable {
        case closed
        case open([TimeSpan])

        public static let aroundTheClock = Day.open([.wholeDay])
    }

    /// Monday first, seven entries.
    public var weekdays: [Day]
    /// `nil`: public holidays follow the weekday they fall on.
    public var publicHolidays: Day?

    public init(weekdays: [Day], publicHolidays: Day?) {
        precondition(weekdays.count == 7, "a week has seven days")
        self.weekdays = weekdays
        self.publicHolidays = publicHolidays
    }

    /// What the rules say for each day, in the order the rules are read.
    public init(_ hours: OpeningHours) {
        if hours.isAlwaysOpen {
            self.init(weekdays: Array(repeating: .aroundTheClock, count: 7), publicHolidays: nil)
            return
        }
        var days: [Day] = Array(repeating: .closed, count: 7)
        var holidays: Day?
        for rule in hours.rules {
            let state: Day
            switch rule.state {
            case .closed: state = .closed
            case .open(let spans): state = .open(spans)
            }
            let selector = rule.days ?? .everyDay
            for day in selector.weekdays { days[day.rawValue] = state }
            if selector.publicHolidays { holidays = state }
            // A rule for every day written without days also holds on holidays, unless a later
            // rule says otherwise.
            if rule.days == nil, holidays != nil { holidays = state }
        }
        self.init(weekdays: days, publicHolidays: holidays)
    }

    /// The schedule in the opening_hours syntax the files use, days with the same hours grouped
    /// into ranges ("Mo-Fr 08:00-16:30; Sa,Su off; PH off"); `nil` when closed on every day.
    public var openingHoursText: String? {
        if weekdays.allSatisfy({ $0 == .aroundTheClock }) && (publicHolidays == nil || publicHolidays == .aroundTheClock) {
            return "24/7"
        }
        if weekdays.allSatisfy({ $0 == .closed }) && (publicHolidays == nil || publicHolidays == .closed) { return nil }
        var rules: [String] = []
        var index = 0
        while index < 7 {
            var end = index
            while end + 1 < 7 && weekdays[end + 1] == weekdays[index] { end += 1 }
            let days: String
            if end == index {
                days = Weekday.codes[index]
            } else if end == index + 1 {
                days = Weekday.codes[index] + "," + Weekday.codes[end]
            } else {
                days = Weekday.codes[index] + "-" + Weekday.codes[end]
            }
            rules.append(days + " " + Self.text(weekdays[index]))
            index = end + 1
        }
        if let publicHolidays { rules.append("PH " + Self.text(publicHolidays)) }
        return rules.joined(separator: "; ")
    }

    static func text(_ day: Day) -> String {
        switch day {
        case .closed: return "off"
        case .open(let spans): return spans.map { "\(clock($0.start))-\(clock($0.end > 24 * 60 ? $0.end - 24 * 60 : $0.end))" }.joined(separator: ",")
        }
    }

    /// "08:30", "24:00".
    public static func clock(_ minute: Int) -> String {
        let hour = minute / 60
        let minutes = minute % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    /// Reads a time as people type it in a form: "8", "08", "8.30", "08:30", "0830", "24".
    public static func minute(typed text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 5 else { return nil }
        var hourText = trimmed
        var minuteText = "0"
        if let separator = trimmed.firstIndex(where: { $0 == "." || $0 == ":" }) {
            hourText = String(trimmed[..<separator])
            minuteText = String(trimmed[trimmed.index(after: separator)...])
            guard minuteText.count == 2 else { return nil }
        } else if trimmed.count == 4 {
            hourText = String(trimmed.prefix(2))
            minuteText = String(trimmed.suffix(2))
        }
        guard (1...2).contains(hourText.count), hourText.allSatisfy({ $0.isASCII && $0.isNumber }),
              minuteText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let hour = Int(hourText), let minutes = Int(minuteText), minutes < 60,
              hour < 24 || (hour == 24 && minutes == 0)
        else { return nil }
        return hour * 60 + minutes
    }
}
