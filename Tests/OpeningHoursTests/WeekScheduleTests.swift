import Testing
@testable import OpeningHours

/// The day-by-day editor's bridge: hours to days and back mean the same thing.
struct WeekScheduleTests {
    @Test(arguments: [
        "Mo-Fr 08:00-16:30; PH off",
        "Mo-Th 16:30-24:00; Fr 16:30-08:00; Sa,Su 00:00-24:00; PH 00:00-24:00",
        "Mo-Fr 09:00-12:00,13:00-16:00",
        "24/7",
        "Mo,We,Fr 10:00-14:00; Su 22:00-02:00",
    ])
    func daysAndBackMeanTheSame(text: String) throws {
        let hours = try OpeningHours(parsing: text)
        let schedule = WeekSchedule(hours)
        let written = try #require(schedule.openingHoursText)
        let again = try OpeningHours(parsing: written)
        #expect(WeekSchedule(again) == schedule, "\(text) became \(written)")
    }

    @Test func daysWithTheSameHoursAreGrouped() {
        let office = WeekSchedule.Day.open([TimeSpan(start: 8 * 60, end: 16 * 60 + 30)])
        let schedule = WeekSchedule(weekdays: [office, office, office, office, office, .closed, .closed], publicHolidays: .closed)
        #expect(schedule.openingHoursText == "Mo-Fr 08:00-16:30; Sa,Su off; PH off")
        let never = WeekSchedule(weekdays: Array(repeating: .closed, count: 7), publicHolidays: nil)
        #expect(never.openingHoursText == nil)
    }

    @Test(arguments: [("8", 480), ("08", 480), ("8.30", 510), ("08:30", 510), ("0830", 510), ("24", 1440)] as [(String, Int)])
    func timesAreReadAsTyped(typed: String, minute: Int) {
        #expect(WeekSchedule.minute(typed: typed) == minute)
    }

    @Test(arguments: ["25", "8.75", "8.3", "abc", "", "24.30"])
    func whatIsNotATimeIsRefused(typed: String) {
        #expect(WeekSchedule.minute(typed: typed) == nil)
    }
}
