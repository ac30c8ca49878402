import Foundation
import Diagnostics
import Testing
@testable import DataFiles

struct Contact: Codable {
    var name: String
    var phone: String?
    var tags: [String]?
}

struct Book: Codable {
    var title: String
    var contacts: [Contact]
}

@Suite("Reading YAML files")
struct YAMLFileTests {
    func decode(_ text: String) throws -> (value: Book?, problems: [Diagnostic]) {
        let file = try YAMLFile(text: text, name: "book.yaml")
        return RecordDecoder(file: "book.yaml").decode(Book.self, from: file.root, entry: "book")
    }

    @Test func wellFormedFileDecodes() throws {
        let result = try decode("title: Test\ncontacts:\n  - name: A\n    phone: \"112\"\n")
        #expect(result.problems.isEmpty)
        #expect(result.value?.contacts.first?.phone == "112")
    }

    @Test func unknownNestedFieldIsReportedWithPathAndLineButTheValueStillComes() throws {
        let result = try decode("title: Test\ncontacts:\n  - name: A\n  - name: B\n    fone: \"112\"\n")
        #expect(result.value != nil)
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.field == "contacts[1].fone")
        #expect(result.problems.first?.line == 5)
    }

    @Test func emptyOptionalFieldIsCalledEmpty() throws {
        let result = try decode("title: Test\ncontacts:\n  - name: A\n    phone:\n")
        #expect(result.problems.first?.field == "contacts[0].phone")
        #expect(result.problems.first?.message == "is empty")
    }

    @Test func missingRequiredFieldGivesNoValue() throws {
        let result = try decode("contacts: []\n")
        #expect(result.value == nil)
        #expect(result.problems.first?.field == "title")
        #expect(result.problems.first?.message == "is missing")
    }

    @Test func listWhereTextBelongs() throws {
        let result = try decode("title: [a, b]\ncontacts: []\n")
        #expect(result.value == nil)
        #expect(result.problems.first?.field == "title")
        #expect(result.problems.first?.message.hasPrefix("should be") == true)
    }

    @Test func syntaxErrorNamesTheLine() {
        #expect {
            _ = try YAMLFile(text: "title: Test\ncontacts:\n  - name: [A\n", name: "book.yaml")
        } throws: { error in
            guard let failure = error as? ValidationFailed, let first = failure.diagnostics.first else { return false }
            return first.file == "book.yaml" && first.line != nil && first.message.contains("not valid YAML")
        }
    }

    @Test func emptyFile() {
        #expect(throws: ValidationFailed.self) { _ = try YAMLFile(text: "", name: "empty.yaml") }
    }

    @Test func lineOfAFieldPath() throws {
        let file = try YAMLFile(text: "a:\n  b:\n    - x: 1\n    - x: 2\n      y: 3\n", name: "t.yaml")
        #expect(file.root.line(ofField: "a.b[1].y") == 5)
        #expect(file.root.line(ofField: "a.b[1].nothing") == 4)
    }
}

/// Review 2026-11-29: D2 (alias bomb), D15 (duplicate keys and invalid UTF-8 without a line),
/// D16 (files read whole before any limit).
@Suite("YAML that cannot hang")
struct YAMLHardeningTests {
    @Test func anAliasBombUsedAsAKeyIsRefusedAtOnce() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        lines.append("? *a9\n: x")
        let started = Date()
        do {
            _ = try YAMLFile(text: lines.joined(separator: "\n"), name: "bomb.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.first?.message.contains("anchor") == true)
            #expect(error.diagnostics.first?.line == 1)
        }
        // Not a timing test of speed, a guard against the hang: minutes before, milliseconds now.
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func anAliasAsAValueIsRefusedToo() throws {
        #expect(throws: ValidationFailed.self) { _ = try YAMLFile(text: "a: &x 1\nb: *x\n", name: "x.yaml") }
    }

    @Test func aDuplicateKeyIsReportedWithItsLine() throws {
        do {
            _ = try YAMLFile(text: "catalogue:\n  version: \"1\"\n  version: \"2\"\n", name: "x.yaml")
            Issue.record("accepted")
        } catch {
            let problem = try #require(error.diagnostics.first)
            #expect(problem.line == 3)
            #expect(problem.message == "the field 'version' is written twice here (first on line 2)")
        }
    }

    @Test func invalidUTF8IsReportedWithItsLine() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("utf8-\(UUID().uuidString).yaml")
        try Data([0x61, 0x3A, 0x20, 0x31, 0x0A, 0x62, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try YAMLFile(contentsOf: url, name: "x.yaml", kind: .catalogue)
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.first?.line == 2)
            #expect(error.diagnostics.first?.message.contains("not UTF-8") == true)
        }
    }

    @Test func aFileOverItsLimitIsRefusedBeforeItIsRead() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).yaml")
        try Data(repeating: 0x20, count: 3 * 1024 * 1024).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try YAMLFile(contentsOf: url, name: "helplines.yaml", kind: .catalogue)
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.first?.message == "the file is 3 MB; a helpline catalogue may be at most 2 MB")
        }
    }

    @Test func deepNestingIsRefused() throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(throws: ValidationFailed.self) { _ = try YAMLFile(text: "a: \(deep)\n", name: "x.yaml") }
    }
}
