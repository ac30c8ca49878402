import Catalogue
import Foundation
import Localization
import OpeningHours
import Testing
import Workspace

/// 18 May to 1 June 2025: a Sunday (for spans from the evening before), a week without holidays,
/// and a week whose Thursday is a public holiday (Kristi himmelsfärdsdag, 29 May).
private let referenceDates: [CivilDate] = (0..<15).map { CivilDate(year: 2025, month: 5, day: 18).adding(days: $0) }

/// The spans that hold on each reference date (`nil`, no rule names the day, is closed too).
private func schedule(_ hours: OpeningHours) -> [[TimeSpan]] {
    referenceDates.map { hours.spans(on: $0) ?? [] }
}

/// The first quarter-hour of the week with the holiday (Monday 26 May to Sunday 1 June) at which
/// the two disagree on whether the line is open, or `nil`.
private func firstDifference(_ a: OpeningHours, _ b: OpeningHours) -> SwedishLocalTime? {
    for date in referenceDates.suffix(7) {
        for quarter in 0..<96 {
            let moment = SwedishLocalTime(date: date, minuteOfDay: quarter * 15)
            if a.isOpen(at: moment) != b.isOpen(at: moment) { return moment }
        }
    }
    return nil
}

/// SplitMix64: a small generator whose sequence depends only on its seed.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Writes random opening hours in the opening_hours syntax the catalogue uses: day sets as single
/// days, lists and ranges (also over the weekend, also all seven), with or without PH; one to
/// three spans, on quarter hours or odd minutes, ending at 24:00 or past midnight (written
/// 22:00-02:00 or 22:00-26:00); whole days; off/closed; 24/7; rules without days; up to four rules.
private struct HoursGenerator {
    var random: SeededGenerator

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func text() -> String {
        if chance(4) { return "24/7" }
        let count = Int.random(in: 1...4, using: &random)
        return (0..<count).map { _ in rule() }.joined(separator: "; ")
    }

    mutating func rule() -> String {
        if chance(5) { return "24/7" }
        let days = chance(8) ? nil : self.days()
        let times: String
        if chance(12) {
            times = chance(50) ? "off" : "closed"
        } else if chance(8) {
            times = "00:00-24:00"
        } else {
            times = spans()
        }
        return [days, times].compactMap { $0 }.joined(separator: " ")
    }

    mutating func days() -> String {
        let holidays = chance(25)
        if holidays && chance(30) { return "PH" }
        var set = Set<Weekday>()
        if chance(10) {
            set = Set(Weekday.allCases)
        } else {
            while set.isEmpty {
                for day in Weekday.allCases where chance(45) { set.insert(day) }
            }
        }
        var items = write(set)
        if holidays { items.insert("PH", at: Int.random(in: 0...items.count, using: &random)) }
        return items.joined(separator: ",")
    }

    /// The set as items: each run of consecutive days as a range or day by day.
    mutating func write(_ set: Set<Weekday>) -> [String] {
        if set.count == 7 {
            let first = Weekday.allCases.randomElement(using: &random) ?? .monday
            let last = Weekday(rawValue: (first.rawValue + 6) % 7) ?? .sunday
            return chance(80) ? ["\(first.code)-\(last.code)"] : Weekday.allCases.map(\.code)
        }
        var items: [String] = []
        for start in Weekday.allCases where set.contains(start) {
            let previous = Weekday(rawValue: (start.rawValue + 6) % 7) ?? .sunday
            guard !set.contains(previous) else { continue }
            var run: [Weekday] = []
            var day = start
            while set.contains(day) {
                run.append(day)
                day = Weekday(rawValue: (day.rawValue + 1) % 7) ?? .monday
            }
            if run.count >= 2 && chance(70), let first = run.first, let last = run.last {
                items.append("\(first.code)-\(last.code)")
            } else {
                items += run.map(\.code)
            }
        }
        return items.shuffled(using: &random)
    }

    mutating func minute() -> Int {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return Int.random(in: 0..<24 * 60, using: &random)      // any minute
        case 1, 2: return Int.random(in: 0..<48, using: &random) * 30   // half hours
        default: return Int.random(in: 0..<24, using: &random) * 60     // whole hours
        }
    }

    mutating func spans() -> String {
        let count = Int.random(in: 1...3, using: &random)
        var bounds = Set<Int>()
        while bounds.count < 2 * count {
            bounds.insert(chance(5) ? 24 * 60 : minute())
        }
        let sorted = bounds.sorted()
        var spans: [(Int, Int)] = stride(from: 0, to: sorted.count, by: 2).map { (sorted[$0], sorted[$0 + 1]) }
        // The last span may run past midnight, to an end before its start; it overlaps nothing.
        if chance(30), let last = spans.last, last.1 < 24 * 60 {
            let end = Int.random(in: 0..<24 * 60, using: &random)
            if end != last.0 { spans[spans.count - 1] = (last.0, end < last.0 ? end + 24 * 60 : end) }
        }
        return spans.shuffled(using: &random).map { start, end in
            var written = end
            if end > 24 * 60 && chance(50) { written -= 24 * 60 }          // 22:00-02:00, else 22:00-26:00
            if end == 24 * 60 && start > 0 && chance(20) { written = 0 }   // 23:00-00:00
            return "\(time(start))-\(time(written))"
        }.joined(separator: ",")
    }

    func time(_ minute: Int) -> String {
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(pad(minute / 60)):\(pad(minute % 60))"
    }
}

@Suite("Swedish opening hours read back")
struct HoursRoundTripTests {
    static let swedishFormatter: HoursFormatter? = try? Workspace(resources: resources).languages()["sv"]?.hoursFormatter

    /// Whatever hours the formatter writes with the shipped Swedish words read back as the same
    /// hours: the same spans on each day of two weeks, the second with a public holiday on a
    /// Thursday; written the same way a second time; and, for every fourth value, open at the same
    /// quarter hours of the holiday week (that sweep is what takes the time). 4 × 250 values.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func whateverTheFormatterWritesReadsBack(seed: UInt64) throws {
        let formatter = try #require(Self.swedishFormatter)
        var generator = HoursGenerator(random: SeededGenerator(seed: seed))
        var failures = 0
        for index in 0..<250 {
            let text = generator.text()
            let hours = try OpeningHours(parsing: text)
            let written = formatter.format(hours)
            let back: OpeningHours
            do {
                back = try OpeningHours(swedish: written)
            } catch {
                Issue.record("\(text) is written \"\(written)\", which does not read back: \(error)")
                failures += 1
                if failures >= 5 { return } else { continue }
            }
            var problems: [String] = []
            if schedule(back) != schedule(hours) { problems.append("other spans") }
            if index % 4 == 0, let moment = firstDifference(hours, back) {
                problems.append("open \(hours.isOpen(at: moment)) vs \(back.isOpen(at: moment)) on \(moment.date) at minute \(moment.minuteOfDay)")
            }
            if formatter.format(back) != written { problems.append("written again as \"\(formatter.format(back))\"") }
            if !problems.isEmpty {
                Issue.record("\(text) is written \"\(written)\", which reads back differently: \(problems.joined(separator: "; "))")
                failures += 1
                if failures >= 5 { return }
            }
        }
    }

    /// The generator covers what it claims to cover (a check on the test itself).
    @Test func generatorCoversTheCases() throws {
        let formatter = try #require(Self.swedishFormatter)
        var generator = HoursGenerator(random: SeededGenerator(seed: 1))
        let written = (0..<400).compactMap { _ in try? formatter.format(OpeningHours(parsing: generator.text())) }
        #expect(written.count == 400)
        for fragment in ["dygnet runt", "helgdagar", "stängt", "alla dagar", "; ", "–", "24.00"] {
            #expect(written.contains { $0.contains(fragment) }, "nothing written with \(fragment)")
        }
        #expect(written.contains { $0.contains("sön–") || $0.contains("lör–") }, "no range over the weekend")
        #expect(written.contains { $0.contains(/\d, \d/) }, "no rule with several spans")
    }

    /// Every opening time in the shipped catalogue and sample municipality reads back from Swedish.
    @Test func shippedHoursReadBack() throws {
        let formatter = try #require(Self.swedishFormatter)
        let catalogue = try Workspace(resources: resources).catalogue()
        var all = catalogue.helplines.flatMap { $0.channels.compactMap(\.hours) }
        for text in ["Mo-Fr 08:00-16:30; PH off", "Mo-Th 16:30-24:00; Fr 16:30-08:00; Sa,Su 00:00-24:00; PH 00:00-24:00",
                     "Mo-Fr 09:00-12:00,13:00-16:00"] {
            all.append(try OpeningHours(parsing: text))
        }
        #expect(all.count > 10)
        for hours in all {
            let back = try OpeningHours(swedish: formatter.format(hours))
            #expect(schedule(back) == schedule(hours), "\(hours.source)")
        }
    }

    // MARK: What people type

    @Test(arguments: [
        ("mån-fre 8-16", "Mo-Fr 08:00-16:00"),
        ("måndag–fredag 08.00–16.30", "Mo-Fr 08:00-16:30"),
        ("vardagar 9–17", "Mo-Fr 09:00-17:00"),
        ("dygnet runt", "24/7"),
        ("helgdagar stängt", "PH off"),
        ("lör, sön 10–14", "Sa,Su 10:00-14:00"),
        ("Mån–Fre kl. 9–12 och 13–16", "Mo-Fr 09:00-12:00,13:00-16:00"),
        ("mån–fre 9–12, 13–16", "Mo-Fr 09:00-12:00,13:00-16:00"),
        ("mån–fre 8–16, lör 10–14", "Mo-Fr 08:00-16:00; Sa 10:00-14:00"),
        ("mån–fre 8–16 och lör 10–14", "Mo-Fr 08:00-16:00; Sa 10:00-14:00"),
        ("mån–fre 8–16 lör 10–14", "Mo-Fr 08:00-16:00; Sa 10:00-14:00"),
        ("mån–fre 8–16\nlör–sön stängt", "Mo-Fr 08:00-16:00; Sa,Su off"),
        ("mån-fre: 08:00-16:00. helgdagar stängt.", "Mo-Fr 08:00-16:00; PH off"),
        ("fre, lör 22–02", "Fr,Sa 22:00-02:00"),
        ("fredag till måndag 18–23", "Fr-Mo 18:00-23:00"),
        ("sön–tors 20.00–22.00", "Su-Th 20:00-22:00"),
        ("alla dagar 20–22", "Mo-Su 20:00-22:00"),
        ("dagligen 8–20", "Mo-Su 08:00-20:00"),
        ("varje dag kl 10 till 18", "Mo-Su 10:00-18:00"),
        ("röda dagar stängt", "PH off"),
        ("mån, ons och fre 0830–1200", "Mo,We,Fr 08:30-12:00"),
        ("mån.–fre. 9–15", "Mo-Fr 09:00-15:00"),
        ("må–fr 8–16", "Mo-Fr 08:00-16:00"),
        ("MÅN–FRE 8–16", "Mo-Fr 08:00-16:00"),
        ("lördagar 10–14", "Sa 10:00-14:00"),
        ("mån–fre, helgdagar 10–14", "Mo-Fr,PH 10:00-14:00"),
        ("lör, sön dygnet runt", "Sa,Su 00:00-24:00"),
        ("öppet dygnet runt", "24/7"),
        ("8–16", "08:00-16:00"),
        ("mån–tors 16.30–24; fre 16.30–08; lör, sön dygnet runt; helgdagar dygnet runt",
         "Mo-Th 16:30-24:00; Fr 16:30-08:00; Sa,Su 00:00-24:00; PH 00:00-24:00"),
        ("tis–tors 17.00–22.00; mån, fre 15.00–17.00", "Tu-Th 17:00-22:00; Mo,Fr 15:00-17:00"),
        ("vardagar 9–17; helgdagar stängt", "Mo-Fr 09:00-17:00; PH off"),
        ("  mån–fre  8 – 16 ", "Mo-Fr 08:00-16:00"),
    ])
    func typedForms(typed: String, openingHours: String) throws {
        let read = try OpeningHours(swedish: typed)
        let expected = try OpeningHours(parsing: openingHours)
        #expect(schedule(read) == schedule(expected))
        #expect(firstDifference(read, expected) == nil)
        #expect(read.source == typed)
    }

    @Test func aroundTheClockAloneIsAlwaysOpen() throws {
        #expect(try OpeningHours(swedish: "dygnet runt").isAlwaysOpen)
        #expect(try OpeningHours(swedish: "24/7").isAlwaysOpen)
        #expect(try !OpeningHours(swedish: "dygnet runt; helgdagar stängt").isAlwaysOpen)
        #expect(try !OpeningHours(swedish: "lör, sön dygnet runt").isAlwaysOpen)
    }

    @Test(arguments: [
        ("", 1, "empty"),
        ("   ", 4, "empty"),
        ("mån–fre", 8, "times are missing"),
        ("mån–fre 8", 10, "'–'"),
        ("mån–fre 8–16.70", 11, "minutes must be 00 to 59"),
        ("mån–fre 8.3–16", 11, "two digits"),
        ("mån–fre 25–26", 9, "start hour"),
        ("mån–fre 8–25", 11, "end hour"),
        ("mån–fre 8–24.30", 11, "end hour"),
        ("mån–fre 123–16", 9, "'123' is not a time"),
        ("helger stängt", 1, "the weekend or public holidays"),
        ("mon–fri 8–16", 1, "'mon' is not a day"),
        ("mån–fredagsmys 8–16", 5, "expected a day after '–'"),
        ("mån, mån 8–9", 6, "mån is named twice"),
        ("vardagar, fre 8–9", 11, "fre is named twice"),
        ("mån–mån 8–9", 1, "two different days"),
        ("mån 10–10", 5, "same time"),
        ("mån 8–12, 11–14", 11, "overlaps"),
        ("mån–fre 8–16 (lunch)", 14, "'(' has no place"),
        ("mån 8–16 extra", 10, "found 'extra'"),
        ("mån öppet", 10, "expected a time"),
        ("mån–fre 8–16, stängt", 15, "expected a time or the next days"),
        ("mån–fre ٨–١٦", 9, "digits 0–9"),
    ])
    func typedMistakes(text: String, column: Int, reason: String) {
        #expect {
            _ = try OpeningHours(swedish: text)
        } throws: { error in
            guard let error = error as? HoursSyntaxError else { return false }
            return error.column == column && error.reason.contains(reason) && error.text == text
        }
    }

    @Test func errorMessageNamesTextColumnAndReason() {
        do {
            _ = try OpeningHours(swedish: "mån–fre 8–25")
            Issue.record("should not parse")
        } catch {
            #expect(error.description == "opening hours \"mån–fre 8–25\" do not parse at column 11: an end hour must be 0 to 24; a span past midnight ends the next morning, like 22–02")
        }
    }
}
