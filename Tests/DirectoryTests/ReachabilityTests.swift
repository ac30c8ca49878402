import Foundation
import OpeningHours
import Testing

@testable import Directory

@Suite struct ReachabilityTests {
    func at(_ text: String) throws -> Date { try #require(SwedishLocalTime.instant(parsing: text)) }

    @Test func openUntilClosingTimeOnAWeekday() throws {
        let tris = try OpeningHours(parsing: "Mo-Fr 10:00-16:00")
        // 2026-12-01 is a Tuesday.
        #expect(tris.reachability(at: try at("2026-12-01T11:00")) == .openUntil(SwedishLocalTime(date: CivilDate(year: 2026, month: 12, day: 1), minuteOfDay: 16 * 60)))
        #expect(tris.reachability(at: try at("2026-12-01T16:00")) == .opensAt(SwedishLocalTime(date: CivilDate(year: 2026, month: 12, day: 2), minuteOfDay: 10 * 60)))
    }
}
