@testable import Catalogue
import Foundation
import Localization
import OpeningHours
import Testing
import Translations
import Workspace

@testable import Directory

/// The shipped catalogue, languages and texts, read once for these tests.
enum Shipped {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Resources")

    static func directory() throws -> Directory {
        let workspace = Workspace(resources: resources)
        let languages = try workspace.languages()
        var texts: [String: CampaignTexts] = [:]
        for tag in languages.tags {
            texts[tag] = try CampaignTexts.load(language: tag, folder: resources.appendingPathComponent("translations"))
        }
        let profile = try workspace.profile(at: workspace.sampleProfile)
        return Directory(catalogue: try workspace.catalogue(), languages: languages, texts: texts, plan: try workspace.numberPlan(),
                         profiles: [profile.code: profile])
    }
}

@Suite struct ReachabilityTests {
    func at(_ text: String) throws -> Date { try #require(SwedishLocalTime.instant(parsing: text)) }
    func local(_ date: String, _ hour: Int, _ minute: Int = 0) throws -> SwedishLocalTime {
        SwedishLocalTime(date: try #require(CivilDate(iso: date)), minuteOfDay: hour * 60 + minute)
    }

    @Test func aWeekdayLineSaysWhenItClosesAndWhenItOpensAgain() throws {
        let tris = try OpeningHours(parsing: "Mo-Fr 10:00-16:00")
        // 2026-12-01 is a Tuesday.
        #expect(tris.reachability(at: try at("2026-12-01T11:00")) == .openUntil(try local("2026-12-01", 16)))
        #expect(tris.reachability(at: try at("2026-12-01T16:00")) == .opensAt(try local("2026-12-02", 10)))
        // Sunday night: next Monday morning.
        #expect(tris.reachability(at: try at("2026-11-29T23:30")) == .opensAt(try local("2026-11-30", 10)))
    }

    @Test func aroundTheClockAndNoHoursAreSaidAsSuch() throws {
        #expect(try OpeningHours(parsing: "24/7").reachability(at: try at("2026-12-24T22:00")) == .openThroughTheWeek)
        #expect(try OpeningHours(parsing: "Mo-Fr 10:00-16:00; Sa,Su off; PH off").reachability(at: try at("2026-12-24T22:00"))
            == .opensAt(try local("2026-12-28", 10)))
        #expect(ContactChannel(kind: .chat, address: .url(try #require(URL(string: "https://example.se"))), hours: nil, label: nil, notes: [])
            .reachability(at: try at("2026-12-24T22:00")) == .hoursUnknown)
    }

    @Test func aSpanPastMidnightAndAHolidayRuleAreFollowed() throws {
        // The sample municipality's socialjour: closes at midnight Mon–Thu, Friday night into Saturday morning.
        let jour = try OpeningHours(parsing: "Mo-Th 16:30-24:00; Fr 16:30-08:00; Sa,Su 00:00-24:00; PH 00:00-24:00")
        // Christmas Eve 2026 is a Thursday; juldagen (Friday) and annandag jul are public holidays,
        // so it stays open from Thursday 16.30 until Sunday 24.00.
        #expect(jour.reachability(at: try at("2026-12-24T22:30")) == .openUntil(try local("2026-12-27", 24)))
        // An ordinary Friday night runs past midnight until 08.00 on Saturday, which is open all day.
        #expect(jour.reachability(at: try at("2026-12-04T23:00")) == .openUntil(try local("2026-12-06", 24)))
        // Tuesday 10.00: opens at 16.30.
        #expect(jour.reachability(at: try at("2026-12-01T10:00")) == .opensAt(try local("2026-12-01", 16, 30)))
    }

    @Test func theNightsTheClocksChangeAreDecidedInWallClockTime() throws {
        let evening = try OpeningHours(parsing: "Mo-Su 20:00-22:00")
        let night = try OpeningHours(parsing: "Mo-Su 01:00-03:00")
        // 2027-03-28: 02:00 CET becomes 03:00 CEST. 01:30 CET is inside 01:00–03:00; 03:30 CEST is after it.
        #expect(night.reachability(at: try at("2027-03-28T01:30:00+01:00")) == .openUntil(try local("2027-03-28", 3)))
        #expect(night.reachability(at: try at("2027-03-28T03:30:00+02:00")) == .opensAt(try local("2027-03-29", 1)))
        // 2026-10-25: 03:00 CEST becomes 02:00 CET, so 02:30 comes twice; both are inside 01:00–03:00.
        #expect(night.reachability(at: try at("2026-10-25T02:30:00+02:00")) == .openUntil(try local("2026-10-25", 3)))
        #expect(night.reachability(at: try at("2026-10-25T02:30:00+01:00")) == .openUntil(try local("2026-10-25", 3)))
        #expect(evening.reachability(at: try at("2027-03-28T21:00:00+02:00")) == .openUntil(try local("2027-03-28", 22)))
    }

    /// Every channel of the shipped catalogue and the sample municipality, every quarter of an
    /// hour through two weeks with Christmas and New Year: the reachability agrees with
    /// `isOpen(at:)`, and the moment it names is where `isOpen` really changes.
    @Test func reachabilityAgreesWithTheHoursForEveryChannel() throws {
        let directory = try Shipped.directory()
        var channels = directory.catalogue.helplines.flatMap(\.channels)
        channels += directory.profiles.values.flatMap { $0.contacts.flatMap(\.channels) }
        let hours = channels.compactMap(\.hours)
        #expect(hours.count >= 15)
        let start = try #require(CivilDate(iso: "2026-12-21"))
        for hours in hours {
            for step in 0..<(14 * 96) {
                let now = SwedishLocalTime(date: start.adding(days: step / 96), minuteOfDay: (step % 96) * 15)
                let reachability = hours.reachability(at: now)
                #expect(reachability.isOpen == hours.isOpen(at: now), "\(hours.source) at \(now)")
                switch reachability {
                case .openUntil(let end):
                    let last = end.minuteOfDay == 0 ? end : SwedishLocalTime(date: end.date, minuteOfDay: end.minuteOfDay - 1)
                    let closing = end.minuteOfDay == 1440 ? SwedishLocalTime(date: end.date.adding(days: 1), minuteOfDay: 0) : end
                    #expect(hours.isOpen(at: last) && !hours.isOpen(at: closing), "\(hours.source) at \(now): closes \(end)")
                case .opensAt(let opening):
                    let before = opening.minuteOfDay == 0 ? SwedishLocalTime(date: opening.date.adding(days: -1), minuteOfDay: 1439)
                        : SwedishLocalTime(date: opening.date, minuteOfDay: opening.minuteOfDay - 1)
                    #expect(!hours.isOpen(at: before) && hours.isOpen(at: opening), "\(hours.source) at \(now): opens \(opening)")
                default: break
                }
            }
        }
    }

    @Test func thePhrasesAreSaidInThePageLanguage() throws {
        let directory = try Shipped.directory()
        let now = try local("2026-11-29", 23, 30)  // a Sunday night
        let sv = try #require(directory.phrase(for: "sv"))
        #expect(sv.say(.opensAt(try local("2026-11-30", 10)), now: now) == "Stängt, öppnar i morgon 10.00")
        #expect(sv.say(.opensAt(try local("2026-12-01", 10)), now: now) == "Stängt, öppnar tis 10.00")
        #expect(sv.say(.openUntil(try local("2026-11-30", 2)), now: now) == "Öppet nu, till 02.00")
        #expect(sv.say(.hoursUnknown, now: now) == "Öppettiderna finns inte här. Se organisationens webbplats.")
        // A week ahead the weekday alone would be wrong (this Thursday has passed): the date follows it.
        #expect(sv.say(.opensAt(try local("2026-12-10", 9)), now: try local("2026-12-03", 13)) == "Stängt, öppnar tors 2026-12-10 09.00")
        // Closing more than twelve hours ahead names the day.
        #expect(sv.say(.openUntil(try local("2026-12-01", 8)), now: try local("2026-11-30", 16, 30)) == "Öppet nu, till i morgon 08.00")
        let en = try #require(directory.phrase(for: "en"))
        #expect(en.say(.openUntil(try local("2026-11-29", 24)), now: now) == "Open now, until 24:00")
        for tag in directory.languages.tags {
            let phrase = try #require(directory.phrase(for: tag))
            let said = phrase.say(.opensAt(try local("2026-12-01", 10)), now: now)
            #expect(!said.contains("{") && !said.contains("web."), "\(tag): \(said)")
            #expect(said.contains(phrase.language.hoursFormatter.dayName(.tuesday)), "\(tag): \(said)")
        }
    }
}
