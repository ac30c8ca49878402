import Foundation
import OpeningHours
import Testing
import Workspace
@testable import Catalogue

fileprivate func day(_ text: String) -> CivilDate {
    guard let date = CivilDate(iso: text) else { preconditionFailure("\(text) is not a date") }
    return date
}

@Suite("Ages such as 6m")
struct AgeLimitTests {
    @Test func countsBackDaysWeeksAndCalendarMonths() throws {
        let examples: [(text: String, today: String, expected: String)] = [
            ("6m", "2026-08-31", "2026-02-28"),
            ("6 months", "2026-08-31", "2026-02-28"),
            ("6 mån", "2026-08-31", "2026-02-28"),
            ("6 Mån.", "2026-08-31", "2026-02-28"),
            ("6 månader", "2026-08-31", "2026-02-28"),
            ("6m", "2026-03-31", "2025-09-30"),
            ("1m", "2026-01-15", "2025-12-15"),
            ("12m", "2026-11-30", "2025-11-30"),
            ("1y", "2028-02-29", "2027-02-28"),
            ("1 år", "2026-11-30", "2025-11-30"),
            (" 2 years ", "2026-11-30", "2024-11-30"),
            ("90d", "2026-11-30", "2026-09-01"),
            ("90 dagar", "2026-11-30", "2026-09-01"),
            ("2w", "2026-11-30", "2026-11-16"),
            ("12 veckor", "2026-11-30", "2026-09-07"),
            ("0d", "2026-11-30", "2026-11-30"),
        ]
        for example in examples {
            #expect(try AgeLimit.date(example.text, before: day(example.today)) == day(example.expected),
                    "\(example.text) before \(example.today)")
        }
    }

    @Test func refusesWhatIsNotAnAge() {
        #expect(throws: AgeLimitError.notAnAge("6x")) { try AgeLimit.date("6x", before: day("2026-11-30")) }
        #expect(AgeLimitError.notAnAge("6x").description
                == "'6x' is not an age: write e.g. 6m (months), 90d (days), 2w (weeks) or 1y (years)")
        #expect(throws: AgeLimitError.notAnAge("6")) { try AgeLimit.date("6", before: day("2026-11-30")) }
        #expect(throws: AgeLimitError.notAnAge("m")) { try AgeLimit.date("m", before: day("2026-11-30")) }
        #expect(throws: AgeLimitError.notAnAge("-6m")) { try AgeLimit.date("-6m", before: day("2026-11-30")) }
        #expect(throws: AgeLimitError.empty) { try AgeLimit.date("  ", before: day("2026-11-30")) }
        #expect(throws: AgeLimitError.tooLarge("9999999d")) { try AgeLimit.date("9999999d", before: day("2026-11-30")) }
    }
}

@Suite("Stale entries of the shipped catalogue")
struct StalenessTests {
    let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Resources")

    func shippedCatalogue() throws -> Catalogue {
        try Workspace(resources: resources).catalogue()
    }

    func isSorted(_ items: [StaleItem]) -> Bool {
        zip(items, items.dropFirst()).allSatisfy { left, right in
            if left.verified != right.verified { return left.verified < right.verified }
            if left.entry != right.entry { return left.entry < right.entry }
            return (left.channel ?? -1) < (right.channel ?? -1)
        }
    }

    @Test func beforeTheCampaignEndedEveryEntryIsStaleButNotTheChecksOf2026() throws {
        let catalogue = try shippedCatalogue()
        let items = catalogue.stale(before: day("2022-01-01"))
        // Entries with a figure from the report; youmo's figures were all checked in 2026.
        let campaign = catalogue.helplines.filter { helpline in
            helpline.source.verified == day("2021-12-15") && helpline.source.figures.contains {
                if case .document = $0.origin { return true } else { return false }
            }
        }
        #expect(catalogue.helpline(id: "youmo") != nil)
        #expect(!items.contains { $0.entry == "youmo" })
        #expect(!campaign.isEmpty)
        let entries = items.filter { $0.channel == nil }
        #expect(Set(entries.map(\.entry)) == Set(campaign.map(\.id)))
        #expect(entries.count == campaign.count)
        #expect(items.allSatisfy { $0.verified == day("2021-12-15") })
        // The police's numbers and hours were checked against SOS Alarm in 2026: not stale, and
        // not among the figures of the entry's line either.
        #expect(!items.contains { $0.entry == "polisen" && $0.channel != nil })
        let police = try #require(entries.first { $0.entry == "polisen" })
        #expect(police.figures == ["channels[2].url", "languages"])
        #expect(police.source == catalogue.helpline(id: "polisen")?.source.document)
        #expect(police.name == "Polisen")
        // A channel that shares the entry's date is in the entry's line.
        let tris = try #require(entries.first { $0.entry == "tris" })
        #expect(tris.figures == catalogue.helpline(id: "tris")?.figureNames)
        #expect(isSorted(items))
    }

    @Test func aDayAfterTheChecksOf2026ThePoliceChannelsAreStaleToo() throws {
        let catalogue = try shippedCatalogue()
        let items = catalogue.stale(before: day("2026-12-01"))
        let police = items.filter { $0.entry == "polisen" && $0.channel != nil }
        #expect(police.map(\.channel) == [0, 1])
        #expect(police.allSatisfy { $0.verified == day("2026-11-30") && $0.source.contains("SOS Alarm") })
        #expect(police.first?.figures == ["channels[0].number", "channels[0].hours"])
        #expect(items.contains { $0.entry == "polisen" && $0.channel == nil })
        #expect(isSorted(items))
        #expect(items.first?.verified == day("2021-12-15"))
        #expect(items.last?.verified == day("2026-11-30"))
        // Nothing was checked before the campaign's last day.
        #expect(catalogue.stale(before: day("2021-12-15")).isEmpty)
    }

    @Test func itemsEncodeTheirDateAsWritten() throws {
        let item = StaleItem(entry: "tris", name: "TRIS-jouren", channel: nil, figures: ["languages"],
                             verified: day("2021-12-15"), source: "the report")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(item), as: UTF8.self)
        #expect(json == #"{"channel":null,"entry":"tris","figures":["languages"],"name":"TRIS-jouren","source":"the report","verified":"2021-12-15"}"#)
    }

    @Test func anEntryMarkedVerifiedLoadsWithEveryFigureFromItsSource() throws {
        let workspace = Workspace(resources: resources)
        let numberPlan = try workspace.numberPlan()
        let text = try String(contentsOf: workspace.catalogueFile, encoding: .utf8)
        let record = try CatalogueText.entry("tris", in: text)
        let source = "TRIS, https://www.tris.se/jourverksamhet, and a call to the line"
        let checked = day("2026-12-01")
        let marked = record.markedVerified(on: checked, against: source)
        #expect(marked.source.verified == "2026-12-01")
        #expect(marked.source.report == nil && marked.source.reconstructed == nil)
        #expect(marked.source.elsewhere?.count == 1)
        #expect(marked.source.remarks?.hasPrefix(record.source.remarks ?? "-") == true)
        #expect(marked.source.remarks?.hasSuffix("Every figure checked against \(source) on 2026-12-01.") == true)
        #expect(marked.channels == record.channels && marked.source.document == record.source.document)

        let changed = CatalogueText.replacing(marked, in: text)
        #expect(try CatalogueText.entry("tris", in: changed) == marked)
        let catalogue = try CatalogueText.load(changed, plan: numberPlan)
        let tris = try #require(catalogue.helpline(id: "tris"))
        #expect(tris.source.verified == checked)
        #expect(tris.source.figures.map(\.figure) == tris.figureNames)
        #expect(!tris.source.figures.isEmpty)
        #expect(tris.source.figures.allSatisfy { $0.origin == .elsewhere(source: source, checked: checked) })
        // Every other entry is as it was.
        let before = try CatalogueText.load(text, plan: numberPlan)
        #expect(catalogue.helplines.filter { $0.id != "tris" } == before.helplines.filter { $0.id != "tris" })

        // Checked on 2026-12-01: stale from the day after, as one line naming its source.
        #expect(!catalogue.stale(before: checked).contains { $0.entry == "tris" })
        let stale = catalogue.stale(before: checked.adding(days: 1)).filter { $0.entry == "tris" }
        #expect(stale.count == 1)
        #expect(stale.first?.channel == nil)
        #expect(stale.first?.source == source)
        #expect(stale.first?.figures == tris.figureNames)
    }
}
