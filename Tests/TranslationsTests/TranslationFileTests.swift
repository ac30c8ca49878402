import Diagnostics
import Foundation
import Testing
@testable import Translations

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/translations")

func read(_ name: String) throws -> TranslationFile {
    let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
    return try TranslationFile.read(data: [UInt8](data), name: name)
}

@Suite("XLIFF translation files")
struct TranslationFileTests {
    @Test func readsUnitsStatesAndNotes() throws {
        let file = try read("ar-good.xlf")
        #expect(file.sourceLanguage == "sv")
        #expect(file.targetLanguage == "ar")
        #expect(file.units.map(\.id) == ["label.local-help", "call"])
        #expect(file.units[0].state == .reviewed)
        #expect(file.units[1].state == .translated)
        #expect(file.units[1].source == "Ring {number} & prata")
        #expect(file.units[1].target == "اتصل على {number} وتحدث")
        #expect(file.units[0].notes == ["Heading over the municipality's own numbers."])
    }

    @Test func roundTripKeepsEveryUnitNoteAndState() throws {
        for name in ["ar-good.xlf", "source.xlf", "ar-missing.xlf"] {
            let file = try read(name)
            let again = try TranslationFile.read(data: Array(file.xliff(comment: "round trip").utf8), name: "again.xlf")
            #expect(again == file)
        }
    }

    @Test func sourceHasNoTargets() throws {
        let file = try read("source.xlf")
        #expect(file.targetLanguage == nil)
        #expect(file.units.allSatisfy { $0.target == nil && $0.state == .final })
    }

    @Test func brokenXMLAndInlineMarkupAreRefused() {
        #expect {
            _ = try read("ar-broken.xlf")
        } throws: { error in
            (error as? ValidationFailed)?.diagnostics.first?.message.contains("not well-formed") == true
        }
        #expect {
            _ = try read("ar-markup.xlf")
        } throws: { error in
            (error as? ValidationFailed)?.diagnostics.first?.message.contains("inline markup <b>") == true
        }
    }
}

@Suite("Checking a translation against the source")
struct TranslationCheckTests {
    func problems(_ name: String) throws -> [String] {
        TranslationChecks.problems(in: try read(name), name: name, language: "ar", rightToLeft: true, source: try read("source.xlf"))
            .map { "\($0.entry ?? $0.field ?? ""): \($0.message)" }
    }

    @Test func aGoodFileHasNoProblems() throws {
        #expect(try problems("ar-good.xlf").isEmpty)
    }

    @Test func lostPlaceholder() throws {
        #expect(try problems("ar-lost-placeholder.xlf") == ["call: has placeholders [] but the Swedish has [\"{number}\"]"])
    }

    @Test func wrongDirection() throws {
        #expect(try problems("ar-wrong-direction.xlf") == ["label.local-help: is written left-to-right, but ar is a right-to-left language"])
    }

    @Test func unknownAndMissingUnits() throws {
        #expect(try problems("ar-unknown-unit.xlf") == ["call-me: is not a unit of the campaign texts", "call: has no translation"])
        #expect(try problems("ar-missing.xlf") == ["label.local-help: has no translation"])
    }

    @Test func wrongLanguage() throws {
        #expect(try problems("ar-wrong-language.xlf") == ["trgLang: the file is for 'fi', not 'ar'"])
    }

    @Test func rightToLeftLettersInALeftToRightLanguage() throws {
        let found = TranslationChecks.problems(in: try read("ar-good.xlf"), name: "x", language: "ar", rightToLeft: false, source: try read("source.xlf"))
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.message.contains("written left-to-right") })
    }

    @Test func placeholdersAreFound() {
        #expect(TranslationChecks.placeholders(in: "Ring {number} eller {web}") == ["{number}", "{web}"])
        #expect(TranslationChecks.placeholders(in: "inga") == [])
    }
}

/// Review 2026-11-29: D1 (direction characters in a translation), D14 (UTF-16 files).
@Suite("Translation texts through the printable-text gate")
struct TranslationGateTests {
    func xliff(_ target: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="sv" trgLang="en">
          <file id="f"><unit id="channel.phone"><segment state="translated"><source>Telefon</source><target>\(target)</target></segment></unit></file>
        </xliff>
        """
    }

    @Test func aDirectionCharacterInATargetIsRefusedWithItsUnitAndCodePoint() throws {
        do {
            _ = try TranslationFile.read(data: Array(xliff("Phone\u{202E}").utf8), name: "en.xlf")
            Issue.record("accepted")
        } catch {
            let problem = try #require(error.diagnostics.first)
            #expect(problem.entry == "channel.phone")
            #expect(problem.field == "target")
            #expect(problem.message.contains("U+202E"))
        }
    }

    @Test func aFileSavedAsUTF16IsRead() throws {
        let text = xliff("Phone").replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        var bytes: [UInt8] = [0xFF, 0xFE]
        bytes += Array(text.data(using: .utf16LittleEndian) ?? Data())
        let file = try TranslationFile.read(data: bytes, name: "en.xlf")
        #expect(file.unit("channel.phone")?.target == "Phone")
    }

    @Test func aTargetIsStoredComposed() throws {
        let file = try TranslationFile.read(data: Array(xliff("Va\u{030A}ld").utf8), name: "en.xlf")
        #expect(file.unit("channel.phone")?.target == "Våld")
    }
}

/// A translator types 112 by hand: a changed or added number is an error.
@Suite("Numbers in translations")
struct TranslationNumberTests {
    func file(_ language: String?, source: String, target: String?) throws -> TranslationFile {
        let trg = language.map { " trgLang=\"\($0)\"" } ?? ""
        let targetElement = target.map { "<target>\($0)</target>" } ?? ""
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="sv"\(trg)>
              <file id="f"><unit id="emergency.call-112"><segment state="translated"><source>\(source)</source>\(targetElement)</segment></unit></file>
            </xliff>
            """
        return try TranslationFile.read(data: Array(text.utf8), name: "x.xlf")
    }

    @Test func aChangedNumberIsAnError() throws {
        let source = try file(nil, source: "Är någon i fara just nu? Ring 112.", target: nil)
        let wrong = try file("en", source: "Är någon i fara just nu? Ring 112.", target: "Is someone in danger right now? Call 911.")
        let problems = TranslationChecks.problems(in: wrong, name: "en.xlf", language: "en", rightToLeft: false, source: source)
        #expect(problems.contains { $0.entry == "emergency.call-112" && $0.message.contains("[\"911\"]") })
        let right = try file("en", source: "Är någon i fara just nu? Ring 112.", target: "Is someone in danger right now? Call 112.")
        #expect(TranslationChecks.problems(in: right, name: "en.xlf", language: "en", rightToLeft: false, source: source).isEmpty)
    }

    @Test func arabicIndicDigitsReadAsTheirValue() {
        #expect(TranslationChecks.numbers(in: "اتصل بالرقم ١١٢") == ["112"])
        #expect(TranslationChecks.numbers(in: "Ring 114 14 eller 112") == ["112", "114", "14"])
    }
}

@Suite("The omission warning")
struct OmissionDetectorTests {
    func pair(_ units: [(String, String, String)]) throws -> (source: TranslationFile, target: TranslationFile) {
        func xliff(_ language: String?, withTargets: Bool) -> String {
            let trg = language.map { " trgLang=\"\($0)\"" } ?? ""
            let body = units.map { id, source, target in
                "<unit id=\"\(id)\"><segment state=\"translated\"><source>\(source)</source>\(withTargets ? "<target>\(target)</target>" : "")</segment></unit>"
            }.joined()
            return "<?xml version=\"1.0\"?><xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"sv\"\(trg)><file id=\"f\">\(body)</file></xliff>"
        }
        return (try TranslationFile.read(data: Array(xliff(nil, withTargets: false).utf8), name: "sv.xlf"),
                try TranslationFile.read(data: Array(xliff("en", withTargets: true).utf8), name: "en.xlf"))
    }

    @Test func aTargetThatDroppedTwoOfThreeSentencesIsFlagged() throws {
        let (source, target) = try pair([
            ("a", "Du kan ringa eller chatta med oss.", "You can call or chat with us."),
            ("b", "Det kostar ingenting att ringa hit.", "It costs nothing to call here."),
            ("c", "Stöd för dig som utsätts. Du kan vara anonym. De som svarar har tystnadsplikt.", "Support for you."),
            ("d", "Samtalet syns inte på telefonräkningen.", "The call is not shown on the phone bill."),
        ])
        let warnings = OmissionDetector.warnings(in: target, name: "en.xlf", language: "en", source: source)
        #expect(warnings.map(\.entry) == ["c"])
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.message.contains("as long as the Swedish") == true)
    }
}
