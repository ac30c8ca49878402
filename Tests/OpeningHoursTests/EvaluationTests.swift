import Foundation
import Testing
@testable import OpeningHours

/// An instant given in UTC, so the tests say exactly which moment they mean.
func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    guard let date = formatter.date(from: text) else { preconditionFailure("bad test date \(text)") }
    return date
}

@Suite("Is it open now")
struct EvaluationTests {
    @Test func swedishLocalTimeAppliesDaylightSaving() {
        // Winter: UTC+1.
        #expect(SwedishLocalTime(utc("2026-01-15T09:30:00Z")) == SwedishLocalTime(date: CivilDate(year: 2026, month: 1, day: 15), minuteOfDay: 630))
        // Summer: UTC+2.
        #expect(SwedishLocalTime(utc("2026-07-15T09:30:00Z")) == SwedishLocalTime(date: CivilDate(year: 2026, month: 7, day: 15), minuteOfDay: 690))
    }

    @Test func officeHoursOnWeekdaysAndWeekends() throws {
        let hours = try OpeningHours(parsing: "Mo-Fr 10:00-16:00")
        // Tuesday 2026-11-24, 10:00 Swedish time is 09:00 UTC.
        #expect(hours.isOpen(at: utc("2026-11-24T09:00:00Z")))
        #expect(!hours.isOpen(at: utc("2026-11-24T08:59:00Z")))
        #expect(hours.isOpen(at: utc("2026-11-24T14:59:00Z")))
        #expect(!hours.isOpen(at: utc("2026-11-24T15:00:00Z")))  // 16:00 closes
        // Saturday 2026-11-28 at noon.
        #expect(!hours.isOpen(at: utc("2026-11-28T11:00:00Z")))
    }

    @Test func aroundTheClock() throws {
        let hours = try OpeningHours(parsing: "24/7")
        for instant in ["2026-12-24T23:59:00Z", "2026-03-29T01:30:00Z", "2027-01-01T00:00:00Z"] {
            #expect(hours.isOpen(at: utc(instant)))
        }
    }

    @Test func aroundMidnight() throws {
        // Friday and Saturday nights until 02:00.
        let hours = try OpeningHours(parsing: "Fr,Sa 22:00-02:00")
        // Friday 2026-11-27 23:30 Swedish (22:30 UTC): open.
        #expect(hours.isOpen(at: utc("2026-11-27T22:30:00Z")))
        // Saturday 01:59 Swedish: still Friday's shift.
        #expect(hours.isOpen(at: utc("2026-11-28T00:59:00Z")))
        // Saturday 02:00 Swedish: closed.
        #expect(!hours.isOpen(at: utc("2026-11-28T01:00:00Z")))
        // Sunday 01:00 Swedish: Saturday's shift.
        #expect(hours.isOpen(at: utc("2026-11-29T00:00:00Z")))
        // Monday 01:00 Swedish: Sunday has no shift.
        #expect(!hours.isOpen(at: utc("2026-11-30T00:00:00Z")))
        // Friday 21:59 Swedish: not yet.
        #expect(!hours.isOpen(at: utc("2026-11-27T20:59:00Z")))
    }

    @Test func untilMidnightClosesAtMidnight() throws {
        let hours = try OpeningHours(parsing: "Mo-Su 20:00-24:00")
        #expect(hours.isOpen(at: utc("2026-11-24T22:59:00Z")))  // 23:59
        #expect(!hours.isOpen(at: utc("2026-11-24T23:00:00Z")))  // 00:00 next day
    }

    @Test func daylightSavingStartsInMarch() throws {
        // 2026-03-29: clocks go from 02:00 to 03:00 Swedish time at 01:00 UTC.
        let hours = try OpeningHours(parsing: "Su 03:00-04:00")
        #expect(!hours.isOpen(at: utc("2026-03-29T00:59:00Z")))  // 01:59 CET
        #expect(hours.isOpen(at: utc("2026-03-29T01:00:00Z")))   // 03:00 CEST
        #expect(hours.isOpen(at: utc("2026-03-29T01:59:00Z")))   // 03:59 CEST
        #expect(!hours.isOpen(at: utc("2026-03-29T02:00:00Z")))  // 04:00 CEST
    }

    @Test func daylightSavingEndsInOctober() throws {
        // 2026-10-25: clocks go from 03:00 back to 02:00 Swedish time at 01:00 UTC.
        let hours = try OpeningHours(parsing: "Su 08:00-09:00")
        #expect(hours.isOpen(at: utc("2026-10-25T07:30:00Z")))   // 08:30 CET
        #expect(!hours.isOpen(at: utc("2026-10-25T06:30:00Z")))  // 07:30 CET
        // The Saturday before, 08:30 CEST is 06:30 UTC.
        let saturday = try OpeningHours(parsing: "Sa 08:00-09:00")
        #expect(saturday.isOpen(at: utc("2026-10-24T06:30:00Z")))
        #expect(!saturday.isOpen(at: utc("2026-10-24T07:30:00Z")))
    }

    @Test func publicHolidayClosesAWeekdayLine() throws {
        let hours = try OpeningHours(parsing: "Mo-Fr 09:00-16:00; PH off")
        // Friday 2026-12-25 (juldagen), 10:00 Swedish.
        #expect(!hours.isOpen(at: utc("2026-12-25T09:00:00Z")))
        // Wednesday 2026-12-23, an ordinary weekday.
        #expect(hours.isOpen(at: utc("2026-12-23T09:00:00Z")))
        // Långfredagen 2026-04-03, 10:00 CEST.
        #expect(!hours.isOpen(at: utc("2026-04-03T08:00:00Z")))
        // Without the PH rule the same Friday is open.
        let noHolidayRule = try OpeningHours(parsing: "Mo-Fr 09:00-16:00")
        #expect(noHolidayRule.isOpen(at: utc("2026-12-25T09:00:00Z")))
    }

    @Test func publicHolidayOpensALine() throws {
        let hours = try OpeningHours(parsing: "Mo-Fr 16:00-22:00; Sa,Su,PH 10:00-22:00")
        // Nationaldagen, Saturday 2026-06-06 is a Saturday anyway; use Kristi himmelsfärdsdag,
        // Thursday 2026-05-14, 11:00 CEST.
        #expect(hours.isOpen(at: utc("2026-05-14T09:00:00Z")))
        // An ordinary Thursday 11:00 CEST is closed.
        #expect(!hours.isOpen(at: utc("2026-05-21T09:00:00Z")))
    }

    @Test func laterRuleReplacesEarlierOnItsDays() throws {
        let hours = try OpeningHours(parsing: "Mo-Fr 09:00-17:00; We 13:00-17:00")
        // Wednesday 2026-11-25 10:00 CET: the second rule replaces the first.
        #expect(!hours.isOpen(at: utc("2026-11-25T09:00:00Z")))
        #expect(hours.isOpen(at: utc("2026-11-25T12:30:00Z")))
        #expect(hours.isOpen(at: utc("2026-11-24T09:00:00Z")))  // Tuesday
    }
}

@Suite("Swedish public holidays")
struct HolidayTests {
    @Test func easterDates() {
        #expect(SwedishPublicHolidays.easterSunday(2024) == CivilDate(year: 2024, month: 3, day: 31))
        #expect(SwedishPublicHolidays.easterSunday(2025) == CivilDate(year: 2025, month: 4, day: 20))
        #expect(SwedishPublicHolidays.easterSunday(2026) == CivilDate(year: 2026, month: 4, day: 5))
        #expect(SwedishPublicHolidays.easterSunday(2027) == CivilDate(year: 2027, month: 3, day: 28))
    }

    @Test func holidaysOf2026() {
        let days = SwedishPublicHolidays.holidays(in: 2026).map(\.date.description)
        #expect(days == [
            "2026-01-01", "2026-01-06", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01",
            "2026-05-14", "2026-05-24", "2026-06-06", "2026-06-20", "2026-10-31", "2026-12-25", "2026-12-26",
        ])
    }

    @Test func midsummerAndAllSaintsMoveWithTheWeek() {
        let names = Dictionary(uniqueKeysWithValues: SwedishPublicHolidays.holidays(in: 2027).map { ($0.swedishName, $0.date) })
        #expect(names["midsommardagen"] == CivilDate(year: 2027, month: 6, day: 26))
        #expect(names["alla helgons dag"] == CivilDate(year: 2027, month: 11, day: 6))
    }

    @Test func civilDateArithmetic() {
        #expect(CivilDate(year: 2026, month: 11, day: 24).weekday == .tuesday)
        #expect(CivilDate(year: 2024, month: 3, day: 1).adding(days: -1) == CivilDate(year: 2024, month: 2, day: 29))
        #expect(CivilDate(iso: "2026-02-30") == nil)
        #expect(CivilDate(iso: "2026-1-5") == nil)
        #expect(CivilDate(iso: "2026-12-31")?.adding(days: 1) == CivilDate(year: 2027, month: 1, day: 1))
    }
}
