import Diagnostics
import Foundation
import InputRules
import Yams

/// A YAML file a person wrote, parsed into a node tree that remembers line numbers.
///
/// Everything the project reads from disk (catalogue, languages, municipalities, profiles) goes
/// through here, so every file gets the same checks: it must exist, be UTF-8, parse as YAML,
/// and hold no field the format does not know (a misspelt `hours:` must not be ignored).
public struct YAMLFile {
    /// The path as it is shown in messages.
    public let name: String
    public let root: Node

    /// Reads and parses a file; a missing, unreadable, oversized or malformed file throws its
    /// diagnostics.
    public init(contentsOf url: URL, name: String? = nil, kind: Limits.FileKind) throws(ValidationFailed) {
        let shown = name ?? url.path
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(url, kind: kind)
        } catch {
            throw ValidationFailed([Diagnostic(file: shown, message: error.withoutPath)])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = Self.lineOfFirstInvalidUTF8(bytes)
            throw ValidationFailed([Diagnostic(file: shown, line: line, message: "the file is not UTF-8 text (a byte on this line is not UTF-8)",
                                               hint: "save it as UTF-8")])
        }
        try self.init(text: text, name: shown)
    }

    /// The line of the first byte that is not valid UTF-8, so the message can point at it.
    static func lineOfFirstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var line = 1
        var lineStart = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            if String(validating: bytes[lineStart..<index], as: UTF8.self) == nil { return line }
            line += 1
            lineStart = index + 1
        }
        return line
    }

    public init(text: String, name: String) throws(ValidationFailed) {
        self.name = name
        // Checked on the event stream first: aliases, non-text keys, duplicate keys with their
        // line, nesting. Only a text that passes is built into a node tree.
        let preflight = YAMLPreflight.problems(in: text, file: name)
        if !preflight.isEmpty { throw ValidationFailed(preflight) }
        do {
            guard let node = try Yams.compose(yaml: text, Self.resolver) else {
                throw ValidationFailed([Diagnostic(file: name, message: "the file is empty")])
            }
            self.root = node
        } catch let failure as ValidationFailed {
            throw failure
        } catch let error as YamlError {
            throw ValidationFailed([YAMLFile.diagnostic(for: error, file: name)])
        } catch {
            throw ValidationFailed([Diagnostic(file: name, message: "the file is not valid YAML: \(error)")])
        }
    }

    /// The tags the data formats use: true/false, whole numbers, null. Yams resolves each plain
    /// scalar's tag by trying one regular expression per rule; floats, timestamps, merge keys and
    /// `=` are never used here, and leaving them out more than halves the cost of reading a file.
    static let resolver = Resolver.basic.appending(.bool).appending(.int).appending(.null)

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return Diagnostic(file: file, line: mark.line,
                              message: "the file is not valid YAML: \(problem) (column \(mark.column))",
                              hint: "check indentation and quotes around that line")
        case .duplicatedKeysInMapping(let duplicates, _):
            return Diagnostic(file: file, message: "a field is written twice in one place: \(duplicates.joined(separator: ", "))")
        default:
            return Diagnostic(file: file, message: "the file is not valid YAML: \(error)")
        }
    }
}

/// Decodes one part of a YAML file into a typed record, reporting problems with the entry's name,
/// the field path and the line instead of a Swift error.
public struct RecordDecoder: Sendable {
    public let file: String

    public init(file: String) { self.file = file }

    /// Decodes `node` as `T`, then checks that every field written in the file is one `T` knows.
    /// `fieldPrefix` is how the node is reached from the top of the file, for messages.
    ///
    /// The value is returned even when the file has unknown fields, so that the caller's own
    /// checks still run and one run reports every problem; it is `nil` only when the structure
    /// itself does not fit (a missing field, a list where a value belongs).
    public func decode<T: Codable>(
        _ type: T.Type, from node: Node, entry: String?, fieldPrefix: String? = nil
    ) -> (value: T?, problems: [Diagnostic]) {
        let value: T
        do {
            value = try YAMLDecoder().decode(T.self, from: node)
        } catch let error as DecodingError {
            return (nil, [diagnostic(for: error, root: node, entry: entry, prefix: fieldPrefix)])
        } catch {
            return (nil, [Diagnostic(file: file, entry: entry, field: fieldPrefix, line: node.line, message: "\(error)")])
        }
        return (value, unknownFields(written: node, known: encodedTree(of: value), path: fieldPrefix, entry: entry))
    }

    private func encodedTree<T: Encodable>(of value: T) -> Any? {
        guard let data = try? JSONEncoder().encode(value) else { return nil }
        return try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    private func unknownFields(written: Node, known: Any?, path: String?, entry: String?) -> [Diagnostic] {
        var found: [Diagnostic] = []
        switch written {
        case .mapping(let mapping):
            let knownMap = known as? [String: Any] ?? [:]
            for (keyNode, valueNode) in mapping {
                let key = keyNode.string ?? "\(keyNode)"
                let fieldPath = path.map { "\($0).\(key)" } ?? key
                if let knownValue = knownMap[key] {
                    found += unknownFields(written: valueNode, known: knownValue, path: fieldPath, entry: entry)
                } else if valueNode.isNull {
                    found.append(Diagnostic(file: file, entry: entry, field: fieldPath, line: keyNode.line,
                                            message: "is empty", hint: "give it a value or remove the line"))
                } else {
                    found.append(Diagnostic(file: file, entry: entry, field: fieldPath, line: keyNode.line,
                                            message: "is not a field this file format knows",
                                            hint: "check the spelling against docs/data-formats.md"))
                }
            }
        case .sequence(let sequence):
            let knownList = known as? [Any] ?? []
            for (index, element) in sequence.enumerated() where index < knownList.count {
                found += unknownFields(written: element, known: knownList[index],
                                       path: "\(path ?? "")[\(index)]", entry: entry)
            }
        default:
            break
        }
        return found
    }

    private func diagnostic(for error: DecodingError, root: Node, entry: String?, prefix: String?) -> Diagnostic {
        func path(_ keys: [any CodingKey]) -> String {
            var text = prefix ?? ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text
        }
        func line(_ keys: [any CodingKey]) -> Int? {
            var node: Node? = root
            var last = root.line
            for key in keys {
                if let index = key.intValue, case .sequence(let seq)? = node, index < seq.count {
                    node = seq[index]
                } else {
                    node = node?[key.stringValue]
                }
                if let here = node?.line { last = here }
            }
            return last
        }
        switch error {
        case .keyNotFound(let key, let context):
            let keys = context.codingPath + [key]
            return Diagnostic(file: file, entry: entry, field: path(keys), line: line(context.codingPath),
                              message: "is missing", hint: "every entry needs this field")
        case .typeMismatch(let type, let context):
            return Diagnostic(file: file, entry: entry, field: path(context.codingPath), line: line(context.codingPath),
                              message: "should be \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            return Diagnostic(file: file, entry: entry, field: path(context.codingPath), line: line(context.codingPath),
                              message: "is empty; it should be \(Self.describe(type))")
        case .dataCorrupted(let context):
            return Diagnostic(file: file, entry: entry, field: path(context.codingPath), line: line(context.codingPath),
                              message: context.debugDescription)
        @unknown default:
            return Diagnostic(file: file, entry: entry, field: prefix, line: root.line, message: "\(error)")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        switch name {
        case "String": return "text"
        case "Int": return "a whole number"
        case "Bool": return "true or false"
        case "Double": return "a number"
        case "Scalar": return "a single value, not a list or a set of fields"
        case "Sequence": return "a list"
        case "Mapping": return "a set of fields"
        default:
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a set of fields" }
            return "a set of fields"
        }
    }
}

extension Node {
    /// The 1-based line the node starts on.
    public var line: Int? { mark?.line }

    /// The line of a field path like `channels[1].hours` below this node, or of the nearest
    /// part of it that exists.
    public func line(ofField field: String?) -> Int? {
        guard let field else { return line }
        var node: Node? = self
        var best = line
        for part in field.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
                if let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) { indices.insert(index, at: 0) }
                name = name[..<open]
            }
            if !name.isEmpty { node = node?[String(name)] }
            for index in indices {
                if case .sequence(let seq)? = node, index < seq.count { node = seq[index] } else { node = nil }
            }
            if let here = node?.line { best = here }
        }
        return best
    }

    var isNull: Bool {
        if case .scalar(let scalar) = self { return scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" }
        return false
    }
}
