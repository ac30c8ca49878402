import Foundation
import Localization
import OpeningHours
import Testing
import Workspace

let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Resources")

/// The formatter with each campaign language's own words, on three entries of the catalogue:
/// TRIS's phone (Mo-Fr 10:00-16:00), Ecpat's chat (Tu-Th 17:00-22:00; Mo,Fr 15:00-17:00) and
/// Kvinnofridslinjen (24/7).
@Suite("Opening hours in the eleven languages")
struct ShippedLanguagesTests {
    static let expected: [String: [String]] = [
        "sv": ["mån–fre 10.00–16.00", "tis–tors 17.00–22.00; mån, fre 15.00–17.00", "dygnet runt"],
        "ar": ["الاثنين–الجمعة: 10:00–16:00", "الثلاثاء–الخميس: 17:00–22:00؛ الاثنين، الجمعة: 15:00–17:00", "على مدار الساعة"],
        "prs": ["دوشنبه–جمعه: 10:00–16:00", "سه‌شنبه–پنجشنبه: 17:00–22:00؛ دوشنبه، جمعه: 15:00–17:00", "شبانه‌روزی"],
        "en": ["Mon–Fri 10:00–16:00", "Tue–Thu 17:00–22:00; Mon, Fri 15:00–17:00", "24 hours a day"],
        "fi": ["ma–pe 10.00–16.00", "ti–to 17.00–22.00; ma, pe 15.00–17.00", "ympäri vuorokauden"],
        "yi": ["מאָנטיק–פֿרײַטיק 10:00–16:00", "דינסטיק–דאָנערשטיק 17:00–22:00; מאָנטיק, פֿרײַטיק 15:00–17:00", "24 שעה אַ טאָג"],
        "fit": ["maanantai–perjantai 10.00–16.00", "tiistai–tuorestai 17.00–22.00; maanantai, perjantai 15.00–17.00", "ympäri vuorokauen"],
        "rom": ["luj–paraštuj 10:00–16:00", "marci–žoja 17:00–22:00; luj, paraštuj 15:00–17:00", "dives aj rjat"],
        "se": ["vuos–bear 10.00–16.00", "maŋ–duor 17.00–22.00; vuos, bear 15.00–17.00", "jándora birra"],
        "so": ["Isniin–Jimco: 10:00–16:00", "Talaado–Khamiis: 17:00–22:00; Isniin, Jimco: 15:00–17:00", "24 saacadood"],
        "ckb": ["دووشەممە–هەینی: 10:00–16:00", "سێشەممە–پێنجشەممە: 17:00–22:00؛ دووشەممە، هەینی: 15:00–17:00", "شەو و ڕۆژ"],
    ]

    @Test(arguments: LanguageSet.campaignTags)
    func formatsThreeEntries(language: String) throws {
        let languages = try Workspace(resources: resources).languages()
        let catalogue = try Workspace(resources: resources).catalogue()
        let formatter = try #require(languages[language]).hoursFormatter
        let tris = try #require(catalogue.helpline(id: "tris")?.channels.first { $0.kind == .phone }?.hours)
        let ecpat = try #require(catalogue.helpline(id: "ecpat")?.channels.first { $0.kind == .chat }?.hours)
        let kvinnofridslinjen = try #require(catalogue.helpline(id: "kvinnofridslinjen")?.channels.first { $0.kind == .phone }?.hours)
        #expect([formatter.format(tris), formatter.format(ecpat), formatter.format(kvinnofridslinjen)] == Self.expected[language])
    }

    /// Finnish writes the hour without a leading zero (8.00), as Kielitoimisto recommends.
    @Test func finnishHoursHaveNoLeadingZero() throws {
        let languages = try Workspace(resources: resources).languages()
        let formatter = try #require(languages["fi"]).hoursFormatter
        #expect(formatter.format(try OpeningHours(parsing: "Mo-Fr 08:00-16:30")) == "ma–pe 8.00–16.30")
    }

    @Test func elevenLanguagesRightToLeftWhereTheyShouldBe() throws {
        let languages = try Workspace(resources: resources).languages()
        #expect(languages.tags == LanguageSet.campaignTags)
        #expect(Set(languages.languages.filter { $0.direction == .rightToLeft }.map(\.tag)) == ["ar", "prs", "ckb", "yi"])
        #expect(languages["rom"]?.variety?.isEmpty == false)
    }
}
