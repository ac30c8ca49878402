import Foundation
import Testing
@testable import InputRules

/// The one gate for printable text (review 2026-11-29, D1, D6, D12).
@Suite("Printable text")
struct PrintableTextTests {
    @Test(arguments: [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x061C] as [UInt32])
    func everyDirectionCharacterIsRefusedByItsCodePoint(_ value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        let text = "Ring \(Character(scalar))020-50 50 50"
        do {
            _ = try PrintableText.check(text, kind: .name)
            Issue.record("U+\(String(value, radix: 16)) was accepted")
        } catch {
            let hex = String(value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            #expect(error.message.contains(code), "\(error.message)")
            #expect(error.message.contains("character 6"))
        }
    }

    @Test func aNulOrOtherControlCharacterIsRefused() {
        #expect(throws: PrintableText.Refusal.self) { try PrintableText.check("Social\u{0}jouren", kind: .name) }
        #expect(throws: PrintableText.Refusal.self) { try PrintableText.check("Social\u{7}jouren", kind: .name) }
        #expect(throws: PrintableText.Refusal.self) { try PrintableText.check("a\nb", kind: .name) }
        #expect((try? PrintableText.check("a\nb", kind: .paragraph, allowLineBreaks: true)) == "a\nb")
    }

    @Test func formatCharactersExceptTheZeroWidthNonJoinerAreRefused() throws {
        // Dari "می‌کنم" needs U+200C between its first two letters.
        #expect(try PrintableText.check("می\u{200C}کنم", kind: .paragraph) == "می\u{200C}کنم")
        for value: UInt32 in [0x200B, 0x200D, 0xFEFF, 0x00AD, 0x2060] {
            let scalar = try #require(Unicode.Scalar(value))
            #expect(throws: PrintableText.Refusal.self) { try PrintableText.check("a\(Character(scalar))b", kind: .name) }
        }
    }

    @Test func lineAndParagraphSeparatorsAreRefused() {
        // U+2029 starts a new bidirectional paragraph: the text after it takes its own direction.
        #expect(throws: PrintableText.Refusal.self) { try PrintableText.check("a\u{2029}b", kind: .paragraph, allowLineBreaks: true) }
        #expect(throws: PrintableText.Refusal.self) { try PrintableText.check("a\u{2028}b", kind: .name) }
    }

    @Test func textIsComposed() throws {
        // "å" written as a + combining ring becomes the one character fonts and comparisons expect.
        let decomposed = "Va\u{030A}ld"
        let checked = try PrintableText.check(decomposed, kind: .name)
        #expect(checked == "Våld")
        #expect(checked.unicodeScalars.count == 4)
    }

    @Test func theLengthLimitIsInTheMessage() {
        do {
            _ = try PrintableText.check(String(repeating: "a", count: 201), kind: .name)
            Issue.record("accepted")
        } catch {
            #expect(error.message == "is 201 characters long; the limit for a name is 200")
        }
    }

    @Test func ordinaryTextInEveryScriptPasses() throws {
        for text in ["Kvinnofridslinjen 020-50 50 50", "هل يؤذيك شخص قريب منك؟", "דער רוף קאָסט נישט קיין געלט.",
                     "Veahkki gávdno!", "خەتەنەکردنی کچان", "Apua saapi!", "ažutoro"] {
            #expect(try PrintableText.check(text, kind: .paragraph) == text.precomposedStringWithCanonicalMapping)
        }
    }
}

@Suite("Bounded files")
struct BoundedFileTests {
    func temporary(_ bytes: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bounded-\(UUID().uuidString).yaml")
        try Data(repeating: 0x61, count: bytes).write(to: url)
        return url
    }

    @Test func aFileOverItsKindsLimitIsRefusedWithTheLimit() throws {
        let url = try temporary(Limits.FileKind.profile.maximumBytes + 1)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try BoundedFile.read(url, kind: .profile)
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("a municipality profile may be at most 256 KB"))
        }
        #expect(try BoundedFile.read(url, kind: .catalogue).count == Limits.FileKind.profile.maximumBytes + 1)
    }

    @Test func aFolderOrAMissingFileIsNamedAsSuch() {
        #expect(throws: BoundedFile.Refusal.notAFile(path: "/tmp")) { try BoundedFile.read(URL(fileURLWithPath: "/tmp"), kind: .profile) }
        #expect(throws: BoundedFile.Refusal.missing(path: "/nonexistent/x.yaml")) {
            try BoundedFile.read(URL(fileURLWithPath: "/nonexistent/x.yaml"), kind: .profile)
        }
    }
}
