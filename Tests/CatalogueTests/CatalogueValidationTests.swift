import DataFiles
import Diagnostics
import Testing
@testable import Catalogue

@Suite("Catalogue validation")
struct CatalogueValidationTests {
    @Test func validFixtureLoads() throws {
        #expect(try problems(replacing: "Test fixture", with: "Test fixture").isEmpty)
    }

    @Test func unknownField() throws {
        let found = try problems(replacing: "        hours: \"24/7\"", with: "        hours: \"24/7\"\n        opening: \"24/7\"")
        #expect(found.count == 1)
        #expect(found.first?.entry == "kvinnofridslinjen")
        #expect(found.first?.field == "channels[0].opening")
        #expect(found.first?.message == "is not a field this file format knows")
        #expect(found.first?.line == 20)
        #expect(found.first?.description.hasPrefix("helplines.yaml:20: error: entry 'kvinnofridslinjen', field 'channels[0].opening'") == true)
    }

    @Test func misspeltTopLevelField() throws {
        let found = try problems(replacing: "helplines:\n", with: "helpline:\n")
        #expect(found.map(\.field).contains("helpline"))
        #expect(found.map(\.field).contains("helplines"))
    }

    @Test func invalidPhoneNumber() throws {
        let found = try problems(replacing: "\"+4620505050\"", with: "\"020-50 50 50\"")
        #expect(found.count == 1)
        #expect(found.first?.entry == "kvinnofridslinjen")
        #expect(found.first?.field == "channels[0].number")
        #expect(found.first?.message.contains("'020-50 50 50' is neither an E.164 number") == true)
        #expect(found.first?.hint?.contains("+4620505050") == true)
    }

    @Test func hoursThatDoNotParse() throws {
        let found = try problems(replacing: "Tu-Th 17:00-22:00; Mo,Fr", with: "Tu-Th 17:00-22:00; Mo,Fri")
        #expect(found.count == 1)
        #expect(found.first?.entry == "ecpat")
        #expect(found.first?.field == "channels[0].hours")
        #expect(found.first?.message.contains("column 23: 'Fri' is not a day") == true)
    }

    @Test func unknownLanguageTag() throws {
        let found = try problems(replacing: "languages: [sv, en]", with: "languages: [sv, english]")
        #expect(found.count == 1)
        #expect(found.first?.field == "languages[1]")
        #expect(found.first?.message.contains("not a BCP 47 language tag") == true)
        let unknownCode = try problems(replacing: "languages: [sv, en]", with: "languages: [sv, xx]")
        #expect(unknownCode.first?.message.contains("'xx' is not a language code") == true)
    }

    @Test func duplicateID() throws {
        let found = try problems(replacing: "  - id: ecpat", with: "  - id: kvinnofridslinjen")
        #expect(found.count == 1)
        #expect(found.first?.field == "id")
        #expect(found.first?.message.contains("used twice (first on line 6)") == true)
    }

    @Test func missingField() throws {
        let found = try problems(replacing: "    name: Ecpat Stödlinje\n", with: "")
        #expect(found.count == 1)
        #expect(found.first?.entry == "ecpat")
        #expect(found.first?.field == "name")
        #expect(found.first?.message == "is missing")
    }

    @Test func wrongKindsOfValues() throws {
        let audience = try problems(replacing: "[uses-violence]", with: "[perpetrators]")
        #expect(audience.first?.field == "audiences[0]")
        #expect(audience.first?.hint?.contains("uses-violence") == true)
        let kind = try problems(replacing: "kind: chat", with: "kind: chatt")
        #expect(kind.first?.field == "channels[0].kind")
        let url = try problems(replacing: "https://www.dittecpat.se", with: "http://www.dittecpat.se")
        #expect(url.first?.field == "channels[0].url")
        let display = try problems(replacing: "\"020-555 666\"", with: "\"020-555 667\"")
        #expect(display.first?.field == "channels[0].display")
        let date = try problems(replacing: "version: \"2026-11-24\"", with: "version: \"24/11/2026\"")
        #expect(date.first?.field == "catalogue.version")
        let type = try problems(replacing: "interpreters: true", with: "interpreters: [yes]")
        #expect(type.first?.field == "interpreters")
        #expect(type.first?.message == "should be a single value, not a list or a set of fields")
        let word = try problems(replacing: "interpreters: true", with: "interpreters: often")
        #expect(word.first?.field == "interpreters")
        #expect(word.first?.message.contains("true or false") == true)
    }

    @Test func fictionalNumberInTheCatalogue() throws {
        let found = try problems(replacing: "\"+4620505050\"", with: "\"+46313900650\"")
        #expect(found.first?.message.contains("reserved for films and books") == true)
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        var text = try fixtureText("catalogue/valid.yaml")
        text = text.replacingOccurrences(of: "\"+4620505050\"", with: "\"12\"")
        text = text.replacingOccurrences(of: "Tu-Th 17:00-22:00", with: "Tu-Th 17:00")
        text = text.replacingOccurrences(of: "[uses-violence]", with: "[nobody]")
        #expect(throws: ValidationFailed.self) {
            _ = try Catalogue.load(try YAMLFile(text: text, name: "x.yaml"), plan: plan)
        }
        do {
            _ = try Catalogue.load(try YAMLFile(text: text, name: "x.yaml"), plan: plan)
        } catch let failure as ValidationFailed {
            #expect(Set(failure.diagnostics.compactMap(\.entry)) == ["kvinnofridslinjen", "ecpat", "valj-att-sluta"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func brokenYAMLNamesTheLine() throws {
        let found = try problems(replacing: "    groups: [national]\n    audiences: [uses", with: "    groups: [national]\n   audiences: [uses")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("not valid YAML") == true)
        #expect(found.first?.line != nil)
    }

    // Per-figure provenance: a figure no source vouches for never reaches a poster.

    @Test func aFigureWithoutSourceIsRefused() throws {
        // Välj att sluta's number, with its channel taken out of the figures the report gives.
        let text = try fixtureText("catalogue/valid.yaml")
        let lastReport = try #require(text.range(of: "report: [channels, languages]", options: .backwards))
        var changed = text
        changed.replaceSubrange(lastReport, with: "report: [languages]")
        let diagnostics = catalogueProblems(changed)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.entry == "valj-att-sluta")
        #expect(diagnostics.first?.field == "channels[0].number")
        #expect(diagnostics.first?.message == "has no source")
        #expect(diagnostics.first?.hint?.contains("source.elsewhere") == true)
    }

    @Test func aFigureFromElsewhereNeedsItsSourceAndDate() throws {
        let text = try fixtureText("catalogue/valid.yaml")
        let lastReport = try #require(text.range(of: "report: [channels, languages]", options: .backwards))
        var dated = text
        dated.replaceSubrange(lastReport, with: "report: [languages]\n      elsewhere:\n        - figures: [\"channels[0]\"]\n          source: Länsstyrelsen\n          checked: \"2026-11-30\"")
        #expect(catalogueProblems(dated).isEmpty)

        var undated = text
        undated.replaceSubrange(lastReport, with: "report: [languages]\n      elsewhere:\n        - figures: [\"channels[0]\"]\n          source: Länsstyrelsen\n          checked: \"last year\"")
        let problems = catalogueProblems(undated)
        #expect(problems.map(\.field).contains("source.elsewhere[0].checked"))
        #expect(problems.map(\.field).contains("channels[0].number"))
    }

    @Test func aFigureNamedTwiceOrNotThereIsRefused() throws {
        let twice = catalogueProblems(try fixtureText("catalogue/valid.yaml").replacingOccurrences(
            of: "report: [channels, languages, age]", with: "report: [channels, languages, age, \"channels[0].url\"]"))
        #expect(twice.contains { $0.entry == "ecpat" && $0.message.contains("second source") })
        let missing = catalogueProblems(try fixtureText("catalogue/valid.yaml").replacingOccurrences(
            of: "report: [channels, languages, age]", with: "report: [channels, languages, age, \"channels[5]\"]"))
        #expect(missing.contains { $0.entry == "ecpat" && $0.field == "source.report[3]" && $0.message.contains("does not have") })
    }

    @Test func reconstructedFiguresAreMarked() throws {
        let text = try fixtureText("catalogue/valid.yaml").replacingOccurrences(
            of: "report: [channels, languages, interpreters, sign-language, notes]",
            with: "report: [channels, languages, interpreters, sign-language, notes]\n      reconstructed: [\"channels[0].number\"]")
        let catalogue = try Catalogue.load(try YAMLFile(text: text, name: "x.yaml"), plan: plan)
        let helpline = try #require(catalogue.helpline(id: "kvinnofridslinjen"))
        #expect(helpline.source.origin(of: "channels[0].number") == .document(reconstructed: true))
        #expect(helpline.source.origin(of: "channels[0].hours") == .document(reconstructed: false))
        #expect(helpline.figureNames.allSatisfy { helpline.source.origin(of: $0) != nil })
    }

    @Test func anEntryInSeveralGroups() throws {
        let text = try fixtureText("catalogue/valid.yaml").replacingOccurrences(of: "groups: [sexual-abuse]", with: "groups: [sexual-abuse, disabilities]")
        let catalogue = try Catalogue.load(try YAMLFile(text: text, name: "x.yaml"), plan: plan)
        #expect(catalogue.helpline(id: "ecpat")?.groups == [.sexualAbuse, .disabilities])
        let twice = catalogueProblems(text.replacingOccurrences(of: "groups: [sexual-abuse, disabilities]", with: "groups: [sexual-abuse, sexual-abuse]"))
        #expect(twice.contains { $0.field == "groups" && $0.message == "a group is listed twice" })
    }

    func catalogueProblems(_ text: String) -> [Diagnostic] {
        do {
            _ = try Catalogue.load(try YAMLFile(text: text, name: "helplines.yaml"), plan: plan)
            return []
        } catch {
            return error.diagnostics
        }
    }
}

/// Review 2026-11-29: D6 (direction characters in names), D12 (a NUL cuts a name).
@Suite("Catalogue texts through the printable-text gate")
struct CatalogueGateTests {
    @Test func aNameWithARightToLeftOverrideIsRefusedWithItsCodePoint() throws {
        let found = try problems(replacing: "    name: Kvinnofridslinjen\n", with: "    name: \"Kvinno\\u202Efridslinjen\"\n")
        #expect(found.count == 1)
        #expect(found.first?.entry == "kvinnofridslinjen")
        #expect(found.first?.field == "name")
        #expect(found.first?.message.contains("U+202E") == true)
    }

    @Test func aNulInANameIsRefused() throws {
        let found = try problems(replacing: "    name: Kvinnofridslinjen\n", with: "    name: \"Kvinno\\0fridslinjen\"\n")
        #expect(found.first?.message.contains("U+0000") == true)
    }

    @Test func anIsolateInAChannelLabelOrAddressIsRefused() throws {
        let found = try problems(replacing: "        address: stod@example.se", with: "        address: \"stod\\u2066@example.se\"")
        #expect(found.contains { $0.field == "channels[1].address" && $0.message.contains("U+2066") })
    }

    @Test func aDescriptionOverItsLimitIsRefused() throws {
        let long = String(repeating: "Stöd. ", count: 400)
        let found = try problems(replacing: "    description: Stöd för barn och unga.", with: "    description: \(long)")
        #expect(found.contains { $0.field == "description" && $0.message.contains("the limit for a paragraph is 2000") })
    }
}

/// Review of the change (2026-11-30): a web address's host is printed decoded, so escapes in it
/// would carry what the text gate refuses.
@Suite("Web addresses printed as written")
struct PlainHostTests {
    @Test func aPercentEncodedHostIsRefused() throws {
        let found = try problems(replacing: "        url: https://kvinnofridslinjen.se", with: "        url: https://kvinnofridslinjen%E2%80%AE.se")
        #expect(found.contains { $0.field == "channels[1].url" && $0.message.contains("plain host name") })
    }

    @Test func anOrdinaryAddressWithAnEscapedPathIsAccepted() {
        #expect(httpsAddress("https://www.bris.se/for-barn-och-unga/just-nu?a=%C3%A5") != nil)
        #expect(httpsAddress("https://www.bris.se") != nil)
        #expect(httpsAddress("http://www.bris.se") == nil)
        #expect(httpsAddress("https://bris") == nil)
        #expect(httpsAddress("https://brïs.se") == nil)
    }
}
