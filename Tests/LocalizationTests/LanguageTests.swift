import Foundation
import Diagnostics
import OpeningHours
import Testing
@testable import Localization

@Suite("Language tags")
struct LanguageTagTests {
    @Test(arguments: ["sv", "ar", "prs", "ckb", "fit", "rom", "se", "zh-Hant", "swl", "sgn-SE"])
    func wellFormedKnownTags(tag: String) {
        #expect(LanguageTag.problem(with: tag) == nil)
    }

    @Test(arguments: [
        ("english", "not a BCP 47 language tag"),
        ("SV", "not a BCP 47 language tag"),
        ("xx", "'xx' is not a language code the project knows"),
        ("sv-", "not a well-formed BCP 47 tag"),
        ("", "is empty"),
    ])
    func badTags(tag: String, reason: String) {
        #expect(LanguageTag.problem(with: tag)?.contains(reason) == true)
    }
}

@Suite("Language files")
struct LanguageFileTests {
    static let vocabulary = HoursVocabulary(
        days: ["ma", "ti", "ke", "to", "pe", "la", "su"], dayRange: "{from}–{to}", dayListSeparator: ", ", time: "HH.mm",
        timeRange: "{from}–{to}", spanSeparator: ", ", dayTime: "{days} {times}", ruleSeparator: "; ", everyDay: "joka päivä",
        aroundTheClock: "ympäri vuorokauden", closed: "suljettu", publicHolidays: "pyhäpäivät")

    func record(tag: String = "fi", direction: String = "ltr", script: String = "Latn", variety: String? = nil) -> LanguageRecord {
        LanguageRecord(tag: tag, endonym: "suomi", nameSv: "finska", nameEn: "Finnish", script: script, direction: direction,
                       fonts: ["Noto Sans"], sample: "Väkivalta ei ole koskaan hyväksyttävää.", variety: variety,
                       hours: Self.vocabulary)
    }

    @Test func aGoodFileGivesALanguage() {
        let (language, problems) = LanguageSet.check(record(), expectedTag: "fi", file: "fi.yaml")
        #expect(problems.isEmpty)
        #expect(language?.direction == .leftToRight)
        #expect(language?.hoursFormatter.format(days: .everyDay) == "joka päivä")
    }

    /// The hours words are printed on every document: a direction character in one would turn
    /// every opening time of the language around.
    @Test func anHoursWordWithADirectionCharacterIsRefused() {
        var written = record()
        written.hours.aroundTheClock = "ympäri\u{202E} vuorokauden"
        written.hours.days[0] = "ma\u{200F}"
        let (language, problems) = LanguageSet.check(written, expectedTag: "fi", file: "fi.yaml")
        #expect(language == nil)
        #expect(problems.map(\.field) == ["hours.around-the-clock", "hours.days[0]"])
        #expect(problems.first?.message.contains("U+202E") == true)
    }

    @Test func tagMustMatchTheFileName() {
        let (language, problems) = LanguageSet.check(record(tag: "se"), expectedTag: "fi", file: "fi.yaml")
        #expect(language == nil)
        #expect(problems.map(\.field) == ["tag"])
    }

    @Test func rightToLeftLanguagesMustSaySo() {
        let (_, arabic) = LanguageSet.check(record(tag: "ar", script: "Arab"), expectedTag: "ar", file: "ar.yaml")
        #expect(arabic.map(\.message) == ["ar is written right-to-left (rtl)"])
        let (_, finnish) = LanguageSet.check(record(direction: "rtl"), expectedTag: "fi", file: "fi.yaml")
        #expect(finnish.map(\.message) == ["fi is written left-to-right (ltr)"])
        let (_, sideways) = LanguageSet.check(record(direction: "down"), expectedTag: "fi", file: "fi.yaml")
        #expect(sideways.first?.message == "must be ltr or rtl, not 'down'")
    }

    @Test func romaniNamesItsVariety() {
        let (_, without) = LanguageSet.check(record(tag: "rom"), expectedTag: "rom", file: "rom.yaml")
        #expect(without.map(\.field) == ["variety"])
        let (language, with) = LanguageSet.check(record(tag: "rom", variety: "Kalderash"), expectedTag: "rom", file: "rom.yaml")
        #expect(with.isEmpty)
        #expect(language?.variety == "Kalderash")
    }

    @Test func aMissingFolderNamesEveryMissingFile() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("no-languages-\(UUID())")
        #expect {
            _ = try LanguageSet.load(from: folder)
        } throws: { error in
            let messages = (error as? ValidationFailed)?.diagnostics ?? []
            return messages.count == 11 && messages.allSatisfy { $0.message == "the file does not exist" }
        }
    }
}
