import Testing
@testable import OpeningHours

@Suite("Parsing opening hours")
struct ParserTests {
    @Test func alwaysOpen() throws {
        let hours = try OpeningHours(parsing: "24/7")
        #expect(hours.isAlwaysOpen)
        #expect(hours.rules == [HoursRule(days: nil, state: .open([.wholeDay]))])
    }

    @Test func dayRangeAndSpan() throws {
        let hours = try OpeningHours(parsing: "Mo-Fr 10:00-16:00")
        #expect(hours.rules.count == 1)
        #expect(hours.rules[0].days?.weekdays == [.monday, .tuesday, .wednesday, .thursday, .friday])
        #expect(hours.rules[0].state == .open([TimeSpan(start: 600, end: 960)]))
    }

    @Test func dayListAndSeveralSpans() throws {
        let hours = try OpeningHours(parsing: "Mo,We,Fr 09:00-12:00,13:00-16:00")
        #expect(hours.rules[0].days?.weekdays == [.monday, .wednesday, .friday])
        #expect(hours.rules[0].state == .open([TimeSpan(start: 540, end: 720), TimeSpan(start: 780, end: 960)]))
    }

    @Test func wrapAroundDayRange() throws {
        let hours = try OpeningHours(parsing: "Su-Th 20:00-22:00")
        #expect(hours.rules[0].days?.weekdays == [.sunday, .monday, .tuesday, .wednesday, .thursday])
    }

    @Test func severalRules() throws {
        let hours = try OpeningHours(parsing: "Tu-Th 17:00-22:00; Mo,Fr 15:00-17:00")
        #expect(hours.rules.count == 2)
        #expect(hours.rules[1].days?.weekdays == [.monday, .friday])
    }

    @Test func pastMidnightBothWays() throws {
        let nextMorning = try OpeningHours(parsing: "Fr,Sa 22:00-02:00")
        let past24 = try OpeningHours(parsing: "Fr,Sa 22:00-26:00")
        #expect(nextMorning.rules[0].state == .open([TimeSpan(start: 1320, end: 1560)]))
        #expect(past24.rules[0].state == nextMorning.rules[0].state)
        let untilMidnight = try OpeningHours(parsing: "Mo 16:30-24:00")
        #expect(untilMidnight.rules[0].state == .open([TimeSpan(start: 990, end: 1440)]))
    }

    @Test func offClosedAndPublicHolidays() throws {
        let hours = try OpeningHours(parsing: "Mo-Fr 09:00-16:00; Sa,Su off; PH closed")
        #expect(hours.rules[1].state == .closed)
        #expect(hours.rules[2].days == DaySelector(weekdays: [], publicHolidays: true))
        #expect(hours.rules[2].state == .closed)
        let withHolidays = try OpeningHours(parsing: "Mo-Fr,PH 10:00-14:00")
        #expect(withHolidays.rules[0].days?.publicHolidays == true)
        #expect(withHolidays.rules[0].days?.weekdays.count == 5)
    }

    @Test func rulesWithoutDaysHoldEveryDay() throws {
        let hours = try OpeningHours(parsing: "08:00-20:00")
        #expect(hours.rules[0].days == nil)
    }

    @Test(arguments: [
        ("", 1, "empty"),
        ("Mo-Fr", 6, "times are missing"),
        ("Mo-Fr 10-16", 7, "HH:MM"),
        ("Mo-Fr 10:00", 12, "'-'"),
        ("Mo-Fr 10:00-16:60", 13, "minutes"),
        ("Mo-Fr 25:00-26:00", 7, "start hour"),
        ("Må-Fr 10:00-16:00", 1, "'Må' is not a day"),
        ("Xy-Fr 10:00-16:00", 1, "'Xy' is not a day"),
        ("Mo-Fr 10:00-16:00;", 19, "missing after ';'"),
        ("Mo-Fr 10:00-16:00 Sa 10:00-12:00", 19, "expected ';'"),
        ("Mo-Fr 10:00-16:00,15:00-17:00", 19, "overlaps"),
        ("Mo,Mo 10:00-16:00", 4, "named twice"),
        ("Mo-Mo 10:00-16:00", 1, "two different days"),
        ("Mo 10:00-10:00", 4, "same time"),
        ("Mo 10:00-16:00 extra", 16, "expected ';'"),
        ("Mo open", 4, "found 'open'"),
    ])
    func malformed(text: String, column: Int, reason: String) {
        #expect {
            _ = try OpeningHours(parsing: text)
        } throws: { error in
            guard let error = error as? HoursSyntaxError else { return false }
            return error.column == column && error.reason.contains(reason)
        }
    }

    @Test func errorMessageNamesTextColumnAndReason() {
        do {
            _ = try OpeningHours(parsing: "Mo-Fr 10:00-16:70")
            Issue.record("should not parse")
        } catch {
            #expect(error.description == "opening hours \"Mo-Fr 10:00-16:70\" do not parse at column 13: minutes must be 00 to 59")
        }
    }
}

/// Review 2026-11-29, D11: 24 hours from noon printed "12.00–12.00".
@Suite("Hours that mean what they say")
struct WholeDayTests {
    @Test func twentyFourHoursNotFromMidnightIsRefused() {
        do {
            _ = try OpeningHours(parsing: "Mo-Su 12:00-36:00")
            Issue.record("accepted")
        } catch {
            #expect(error.reason.contains("00:00-24:00"))
        }
        #expect(throws: HoursSyntaxError.self) { try OpeningHours(parsing: "Mo-Su 12:00-12:30,12:30-37:00") }
    }

    @Test func aWholeDayWrittenFromMidnightIsAccepted() throws {
        _ = try OpeningHours(parsing: "Sa,Su 00:00-24:00")
        _ = try OpeningHours(parsing: "Fr 16:30-08:00")
    }
}
