import Foundation

/// Where "now" comes from, so that nothing depends on the time of day a test runs at.
public protocol Clock: Sendable {
    var now: Date { get }
}

/// The machine's clock.
public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock stopped at one instant, for tests and for `--at`.
public struct FixedClock: Clock {
    public var now: Date
    public init(_ now: Date) { self.now = now }
}

/// A wall-clock moment in Sweden: the calendar date and minutes after midnight.
public struct SwedishLocalTime: Sendable, Hashable {
    public var date: CivilDate
    public var minuteOfDay: Int

    public init(date: CivilDate, minuteOfDay: Int) {
        self.date = date
        self.minuteOfDay = minuteOfDay
    }

    /// The Europe/Stockholm time zone; daylight saving is applied by the time-zone data.
    public static let timeZone: TimeZone = {
        guard let zone = TimeZone(identifier: "Europe/Stockholm") else {
            preconditionFailure("The time-zone database has no Europe/Stockholm; install tzdata.")
        }
        return zone
    }()

    /// The Swedish wall-clock time at an instant.
    public init(_ instant: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SwedishLocalTime.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        self.init(
            date: CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1),
            minuteOfDay: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }
}

extension OpeningHours {
    /// Whether a caller reaches the line at this instant, in Swedish time, with Sweden's public
    /// holidays, and with spans from the evening before that run past midnight.
    public func isOpen(at instant: Date) -> Bool {
        isOpen(at: SwedishLocalTime(instant))
    }

    public func isOpen(at local: SwedishLocalTime) -> Bool {
        let minute = local.minuteOfDay
        if let today = spans(on: local.date) {
            for span in today where span.start <= minute && minute < min(span.end, 24 * 60) {
                return true
            }
        }
        if let yesterday = spans(on: local.date.adding(days: -1)) {
            for span in yesterday where span.passesMidnight && minute < span.end - 24 * 60 {
                return true
            }
        }
        return false
    }

    /// The spans that hold on a date: those of the last rule that names that day (a later rule
    /// replaces earlier ones, as in opening_hours), or `nil` when no rule names it.
    public func spans(on date: CivilDate) -> [TimeSpan]? {
        spans(on: date.weekday, publicHoliday: SwedishPublicHolidays.isHoliday(date))
    }
}

extension SwedishLocalTime {
    /// Reads an instant as the commands take it (`tmv catalogue --at`, `tmv serve --now`): ISO 8601 with an offset (2026-03-29T02:30:00+01:00), or a Swedish wall-clock
    /// time without one (2026-12-24T22:00), or a date alone (midnight).
    public static func instant(parsing text: String) -> Date? {
        let withZone = ISO8601DateFormatter()
        if let date = withZone.date(from: text) { return date }
        let parts = text.split(separator: "T", maxSplits: 1).map(String.init)
        guard let head = parts.first, let day = CivilDate(iso: head) else { return nil }
        var hour = 0
        var minute = 0
        if parts.count == 2 {
            let clock = parts[1].split(separator: ":").map(String.init)
            guard clock.count >= 2, let h = Int(clock[0]), let m = Int(clock[1]), (0...23).contains(h), (0...59).contains(m) else {
                return nil
            }
            hour = h
            minute = m
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SwedishLocalTime.timeZone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
    }
}
