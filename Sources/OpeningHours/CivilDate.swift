/// A date on the calendar, with no time and no time zone: what "Monday 6 June" means in Sweden.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// 1970-01-01 was a Thursday.
    public var weekday: Weekday {
        let index = ((dayNumber % 7) + 7 + 3) % 7
        return Weekday(rawValue: index) ?? .monday
    }

    public var isValid: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        return CivilDate(dayNumber: dayNumber) == self
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Reads `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
        guard isValid else { return nil }
    }
}

/// Sweden's public holidays (allmänna helgdagar) under Lag (1989:253) om allmänna helgdagar.
///
/// The law's list: nyårsdagen, trettondedag jul, långfredagen, påskdagen, annandag påsk,
/// första maj, Kristi himmelsfärdsdag, pingstdagen, nationaldagen, midsommardagen,
/// alla helgons dag, juldagen and annandag jul (Sundays are holidays too, but they are
/// Sundays already). Midsommarafton, julafton and nyårsafton are not public holidays in law,
/// though many services close; a helpline that closes on them says so in its own rules.
public enum SwedishPublicHolidays {
    public struct Holiday: Sendable, Hashable {
        public var date: CivilDate
        public var swedishName: String
    }

    public static func holidays(in year: Int) -> [Holiday] {
        let easter = easterSunday(year)
        let midsummerDay = firstSaturday(from: CivilDate(year: year, month: 6, day: 20))
        let allSaints = firstSaturday(from: CivilDate(year: year, month: 10, day: 31))
        return [
            Holiday(date: CivilDate(year: year, month: 1, day: 1), swedishName: "nyårsdagen"),
            Holiday(date: CivilDate(year: year, month: 1, day: 6), swedishName: "trettondedag jul"),
            Holiday(date: easter.adding(days: -2), swedishName: "långfredagen"),
            Holiday(date: easter, swedishName: "påskdagen"),
            Holiday(date: easter.adding(days: 1), swedishName: "annandag påsk"),
            Holiday(date: CivilDate(year: year, month: 5, day: 1), swedishName: "första maj"),
            Holiday(date: easter.adding(days: 39), swedishName: "Kristi himmelsfärdsdag"),
            Holiday(date: easter.adding(days: 49), swedishName: "pingstdagen"),
            Holiday(date: CivilDate(year: year, month: 6, day: 6), swedishName: "Sveriges nationaldag"),
            Holiday(date: midsummerDay, swedishName: "midsommardagen"),
            Holiday(date: allSaints, swedishName: "alla helgons dag"),
            Holiday(date: CivilDate(year: year, month: 12, day: 25), swedishName: "juldagen"),
            Holiday(date: CivilDate(year: year, month: 12, day: 26), swedishName: "annandag jul"),
        ].sorted { $0.date < $1.date }
    }

    public static func isHoliday(_ date: CivilDate) -> Bool {
        holidays(in: date.year).contains { $0.date == date }
    }

    /// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).
    public static func easterSunday(_ year: Int) -> CivilDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = ((h + l - 7 * m + 114) % 31) + 1
        return CivilDate(year: year, month: month, day: day)
    }

    private static func firstSaturday(from date: CivilDate) -> CivilDate {
        let offset = (Weekday.saturday.rawValue - date.weekday.rawValue + 7) % 7
        return date.adding(days: offset)
    }
}
