import Foundation
import OpeningHours
import Testing

@testable import Directory

@Suite struct ExportTests {
    let stamp = Date(timeIntervalSince1970: 1_796_000_000)

    @Test func aCalendarRepeatsTheWeekAndLeavesOutTheHolidaysAClosedLineHasOff() throws {
        let hours = try OpeningHours(parsing: "Mo-Fr 08:00-16:30; PH off")
        let feed = ICalendar.feed(hours: hours, name: "Socialtjänsten: phone", uid: "0000-social-1", years: 2026...2027, stamp: stamp)
        #expect(feed.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(feed.hasSuffix("END:VCALENDAR\r\n"))
        #expect(feed.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm"))
        #expect(feed.contains("DTSTART;TZID=Europe/Stockholm:20260101T080000"))
        #expect(feed.contains("DTEND;TZID=Europe/Stockholm:20260101T163000"))
        #expect(feed.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20271231T225959Z"))
        // Long lines are folded (CRLF and a space); unfolded, EXDATE lists the holidays.
        let unfolded = feed.replacingOccurrences(of: "\r\n ", with: "")
        let exceptions = try #require(unfolded.split(separator: "\r\n").first { $0.hasPrefix("EXDATE") })
        // Juldagen 2026 is a Friday: no office hours; annandag jul is a Saturday, so not listed.
        #expect(exceptions.contains("20261225T080000"))
        #expect(!exceptions.contains("20261226T"))
        // Nyårsdagen 2026 (Thursday) and långfredagen 2027 (26 March).
        #expect(exceptions.contains("20260101T080000") && exceptions.contains("20270326T080000"))
        for line in feed.split(separator: "\r\n", omittingEmptySubsequences: false) {
            #expect(line.utf8.count <= 75)
        }
    }

    @Test func aHolidaysOwnHoursAreEventsOfTheirOwn() throws {
        let hours = try OpeningHours(parsing: "Mo-Fr 10:00-16:00; PH 12:00-14:00")
        let feed = ICalendar.feed(hours: hours, name: "Line", uid: "line-1", years: 2026...2026, stamp: stamp)
        #expect(feed.contains("DTSTART;TZID=Europe/Stockholm:20261225T120000"))
        #expect(feed.contains("DTEND;TZID=Europe/Stockholm:20261225T140000"))
        // Midsommardagen (a Saturday) is not an ordinary weekday of the line, but it gets the holiday hours too.
        #expect(feed.contains("DTSTART;TZID=Europe/Stockholm:20260620T120000"))
    }

    @Test func theHSDSExportHasStableIDsAndEveryChannelsHours() throws {
        let directory = try Shipped.directory()
        let first = directory.hsds(includeFictional: true)
        let second = directory.hsds(includeFictional: true)
        #expect(first.services.map(\.id) == second.services.map(\.id))
        #expect(Set(first.services.map(\.id)).count == first.services.count)
        let uuid = try Regex("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        #expect(first.services.allSatisfy { $0.id.wholeMatch(of: uuid) != nil })
        let tris = try #require(first.services.first { $0.name == "TRIS-jouren" })
        #expect(tris.xTmvChannels.map(\.openingHours) == ["Mo-Fr 10:00-16:00", "Mo,Th 15:00-23:00"])
        let chatSchedule = try #require(tris.serviceAtLocations.last?.schedules.first)
        #expect(chatSchedule.byday == "MO,TH" && chatSchedule.opensAt == "15:00" && chatSchedule.closesAt == "23:00")
        // The sample municipality's contacts are services of their own organisation.
        #expect(first.organizations.contains { $0.name == "Exempelkommun" && ($0.services?.count ?? 0) >= 3 })
        // A span past midnight becomes two HSDS schedules, one each side of midnight.
        let jour = try #require(first.services.first { $0.name == "Socialjouren" })
        let schedules = jour.serviceAtLocations.flatMap(\.schedules)
        #expect(schedules.contains { $0.byday.contains("FR") && $0.opensAt == "16:30" && $0.closesAt == "23:59" })
        #expect(jour.xTmvChannels.first?.publicHolidays == "00:00-24:00")
        // Friday night into an open Saturday is one Saturday span, not two overlapping ones.
        #expect(schedules.filter { $0.byday.contains("SA") }.map { "\($0.opensAt)-\($0.closesAt)" } == ["00:00-23:59"])
        // What others import leaves the fictional sample out.
        #expect(!directory.hsds().organizations.contains { $0.name == "Exempelkommun" })
    }
}
