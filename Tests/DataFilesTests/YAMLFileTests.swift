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
