import Foundation

/// Whether a line can be reached at an instant, and when that changes: what a person who
/// scanned a poster needs to know before she calls.
public enum Reachability: Sendable, Hashable {
    /// The data has no hours: never say open, send the reader to the organisation.
    case hoursUnknown
    /// Open, and still open a week from now (around the clock).
    case openThroughTheWeek
    /// Open until this Swedish wall-clock moment (minute 1440 is the day's end, 24.00).
    case openUntil(SwedishLocalTime)
    /// Closed, opening at this Swedish wall-clock moment.
    case opensAt(SwedishLocalTime)
    /// Closed, and not opening within the coming week.
    case closedThroughTheWeek

    public var isOpen: Bool {
        switch self {
        case .openThroughTheWeek, .openUntil: return true
        case .hoursUnknown, .opensAt, .closedThroughTheWeek: return false
        }
    }
}

extension OpeningHours {
    /// How far ahead a change is looked for; beyond it a line is "open" or "closed" for the week.
    static let lookAheadDays = 7

    /// Reachability at an instant, decided in Swedish wall-clock time with public holidays and
    /// spans that pass midnight, exactly as `isOpen(at:)` decides.
    public func reachability(at instant: Date) -> Reachability {
        reachability(at: SwedishLocalTime(instant))
    }

    public func reachability(at local: SwedishLocalTime) -> Reachability {
        // Open intervals in minutes counted from the start of `local.date`, from the day before
        // (a span past midnight) to the end of the look-ahead, merged where they touch.
        var intervals: [(start: Int, end: Int)] = []
        for offset in -1...Self.lookAheadDays + 1 {
            for span in spans(on: local.date.adding(days: offset)) ?? [] where span.end > span.start {
                intervals.append((offset * 1440 + span.start, offset * 1440 + span.end))
            }
        }
        intervals.sort { $0.start < $1.start }
        var merged: [(start: Int, end: Int)] = []
        for interval in intervals {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1].end = max(last.end, interval.end)
            } else {
                merged.append(interval)
            }
        }
        let now = local.minuteOfDay
        let horizon = now + Self.lookAheadDays * 1440
        if let current = merged.first(where: { $0.start <= now && now < $0.end }) {
            return current.end > horizon ? .openThroughTheWeek : .openUntil(Self.moment(local.date, minutes: current.end, isEnd: true))
        }
        if let next = merged.first(where: { $0.start > now && $0.start <= horizon }) {
            return .opensAt(Self.moment(local.date, minutes: next.start, isEnd: false))
        }
        return .closedThroughTheWeek
    }

    /// A minute count from the start of `date` as a wall-clock moment; an end at midnight is
    /// 24.00 of the day before, as a person says "open until 24".
    static func moment(_ date: CivilDate, minutes: Int, isEnd: Bool) -> SwedishLocalTime {
        let day = isEnd ? (minutes - 1).floorDivided(by: 1440) : minutes.floorDivided(by: 1440)
        return SwedishLocalTime(date: date.adding(days: day), minuteOfDay: minutes - day * 1440)
    }
}

extension Int {
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

extension HoursFormatter {
    /// A clock time as the language writes it (22.00, 22:00); minute 1440 is 24.00.
    public func time(_ minuteOfDay: Int) -> String { format(minute: minuteOfDay) }

    /// A weekday's name as the language writes it in hours.
    public func dayName(_ weekday: Weekday) -> String { vocabulary.days[safe: weekday.rawValue] ?? weekday.code }
}

extension OpeningHours {
    /// The spans of a weekday when it is not a public holiday.
    public func ordinarySpans(on weekday: Weekday) -> [TimeSpan] {
        spans(on: weekday, publicHoliday: false) ?? []
    }

    /// The spans of a weekday that is, or is not, a public holiday: those of the last rule that
    /// names it, `nil` when none does.
    public func spans(on weekday: Weekday, publicHoliday: Bool) -> [TimeSpan]? {
        var result: [TimeSpan]?
        for rule in rules where rule.applies(to: weekday, isPublicHoliday: publicHoliday) {
            switch rule.state {
            case .open(let spans): result = spans
            case .closed: result = []
            }
        }
        return result
    }
}
