import Testing
@testable import OpeningHours

/// Swedish vocabulary written out here, so these tests check the formatter's logic whatever the
/// shipped language files say.
let swedish = HoursVocabulary(
    days: ["mån", "tis", "ons", "tors", "fre", "lör", "sön"], dayRange: "{from}–{to}", dayListSeparator: ", ",
    time: "HH.mm", timeRange: "{from}–{to}", spanSeparator: ", ", dayTime: "{days} {times}", ruleSeparator: "; ",
    everyDay: "alla dagar", aroundTheClock: "dygnet runt", closed: "stängt", publicHolidays: "helgdagar")

@Suite("Writing opening hours")
struct FormatterTests {
    let formatter = HoursFormatter(vocabulary: swedish)

    func format(_ text: String) throws -> String {
        try formatter.format(OpeningHours(parsing: text))
    }

    @Test(arguments: [
        ("24/7", "dygnet runt"),
        ("Mo-Su 00:00-24:00", "dygnet runt"),
        ("Mo-Fr 10:00-16:00", "mån–fre 10.00–16.00"),
        ("Mo-Su 20:00-22:00", "alla dagar 20.00–22.00"),
        ("Su-Th 20:00-22:00", "sön–tors 20.00–22.00"),
        ("Tu-Th 17:00-22:00; Mo,Fr 15:00-17:00", "tis–tors 17.00–22.00; mån, fre 15.00–17.00"),
        ("Mo,Th 15:00-23:00", "mån, tors 15.00–23.00"),
        ("Sa,Su 10:00-14:00", "lör, sön 10.00–14.00"),
        ("Mo-We,Fr 09:00-12:00,13:00-16:00", "mån–ons, fre 09.00–12.00, 13.00–16.00"),
        ("Fr,Sa 22:00-02:00", "fre, lör 22.00–02.00"),
        ("Mo-Fr 09:00-16:00; PH off", "mån–fre 09.00–16.00; helgdagar stängt"),
        ("Mo-Fr,PH 10:00-14:00", "mån–fre, helgdagar 10.00–14.00"),
        ("Sa,Su 00:00-24:00", "lör, sön dygnet runt"),
        ("Fr-Mo 18:00-23:00", "fre–mån 18.00–23.00"),
        ("Th 09:00-12:00", "tors 09.00–12.00"),
    ])
    func swedishAsAPersonWritesIt(source: String, expected: String) throws {
        #expect(try format(source) == expected)
    }

    @Test func hourPatternsWithAndWithoutLeadingZero() throws {
        var english = swedish
        english.time = "H:mm"
        #expect(try HoursFormatter(vocabulary: english).format(OpeningHours(parsing: "Mo 09:05-17:30")) == "mån 9:05–17:30")
    }

    @Test func vocabularyProblemsAreFound() {
        var broken = swedish
        broken.days = ["mån"]
        broken.dayRange = "{from}"
        broken.time = "HH"
        let fields = broken.problems.map(\.field)
        #expect(fields == ["hours.days", "hours.day-range", "hours.time"])
        #expect(swedish.problems.isEmpty)
    }
}
