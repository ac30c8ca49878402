import DataFiles
import Diagnostics
import Foundation
import Yams

/// The catalogue file as text that people edit one entry at a time: the web tool's drafts
/// change one entry's lines and leave every other line (comments included) as it was, so a
/// published change reads in a diff as exactly what was changed.
public enum CatalogueText {
    public enum EditError: Error, CustomStringConvertible, Equatable {
        case noSuchEntry(String)
        case unreadable(String)

        public var description: String {
            switch self {
            case .noSuchEntry(let id): return "the catalogue has no entry '\(id)'"
            case .unreadable(let reason): return "the catalogue file cannot be read: \(reason)"
            }
        }
    }

    /// Loads and checks a catalogue held as text (the web tool's database), as `Catalogue.load`
    /// checks a file.
    public static func load(_ text: String, name: String = "Resources/catalogue/helplines.yaml",
                            plan: SwedishNumberPlan) throws(ValidationFailed) -> Catalogue {
        try Catalogue.load(try YAMLFile(text: text, name: name), plan: plan)
    }

    /// Every entry as written, in the file's order.
    public static func entries(in text: String) throws(EditError) -> [Catalogue.HelplineRecord] {
        struct File: Decodable { var helplines: [Catalogue.HelplineRecord] }
        do {
            return try YAMLDecoder().decode(File.self, from: text).helplines
        } catch {
            throw .unreadable("\(error)")
        }
    }

    public static func entry(_ id: String, in text: String) throws(EditError) -> Catalogue.HelplineRecord {
        guard let found = try entries(in: text).first(where: { $0.id == id }) else { throw .noSuchEntry(id) }
        return found
    }

    /// The lines of one entry: from its `- id:` line to its last line, without the blank and
    /// comment lines that introduce the next entry.
    static func entryRange(_ id: String, in lines: [Substring]) -> Range<Int>? {
        func isEntryStart(_ line: Substring) -> Bool { line.hasPrefix("  - id:") }
        func entryID(_ line: Substring) -> String {
            var rest = line.dropFirst("  - id:".count)
            if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
            return rest.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        guard let start = lines.firstIndex(where: { isEntryStart($0) && entryID($0) == id }) else { return nil }
        var end = start + 1
        while end < lines.count, !isEntryStart(lines[end]), !lines[end].hasPrefix("  #"),
              lines[end].first == " " || lines[end].isEmpty {
            end += 1
        }
        while end > start + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
        return start..<end
    }

    /// The file with `entry` in place of the entry with its id, or added at the end when the
    /// catalogue has none yet. The `- id:` line keeps its comment.
    public static func replacing(_ entry: Catalogue.HelplineRecord, in original: String) -> String {
        let text = original.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let hand = handWritten(entry)
        var written = (hand ?? fallback(entry)).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let range = entryRange(entry.id, in: lines) else {
            var result = text
            while result.hasSuffix("\n\n") { result.removeLast() }
            if !result.hasSuffix("\n") { result += "\n" }
            return result + "\n" + written.joined(separator: "\n") + "\n"
        }
        // What did not change keeps its lines exactly as they were written (folding, quotes,
        // comments), so that the file's diff is the change and nothing else.
        let oldBlock = lines[range].map(String.init)
        if hand != nil, let previous = try? self.entry(entry.id, in: text) {
            written = keepingLines(old: oldBlock, previous: previous, new: written, entry: entry)
        }
        var result = lines.map(String.init)
        result.replaceSubrange(range, with: written)
        return result.joined(separator: "\n")
    }

    /// Lines grouped by their key at one indentation: `[(key, lines)]`; a list item ("- ") at
    /// that indentation is keyed by its position.
    static func segments(_ lines: [String], indent: Int) -> [(key: String, lines: [String])] {
        var result: [(key: String, lines: [String])] = []
        var items = 0
        let pad = String(repeating: " ", count: indent)
        for line in lines {
            let isKey = line.hasPrefix(pad) && line.count > indent && line[line.index(line.startIndex, offsetBy: indent)] != " "
                && !line.dropFirst(indent).hasPrefix("#")
            if isKey {
                let rest = line.dropFirst(indent)
                if rest.hasPrefix("- ") {
                    result.append(("[\(items)]", [line]))
                    items += 1
                } else {
                    result.append((String(rest.prefix { $0 != ":" }), [line]))
                }
            } else if !result.isEmpty {
                result[result.count - 1].lines.append(line)
            } else {
                result.append(("", [line]))
            }
        }
        return result
    }

    /// The new entry's lines, with every part whose value did not change taken from the old lines.
    static func keepingLines(old: [String], previous: Catalogue.HelplineRecord, new: [String], entry: Catalogue.HelplineRecord) -> [String] {
        let before = fields(previous)
        let after = fields(entry)
        func values(_ prefix: String, _ list: [(String, String)]) -> [String] {
            list.filter { $0.0 == prefix || $0.0.hasPrefix(prefix + ".") || $0.0.hasPrefix(prefix + "[") }.map { "\($0.0)=\($0.1)" }
        }
        func unchanged(_ prefix: String) -> Bool { values(prefix, before) == values(prefix, after) }
        let oldTop = segments(Array(old.dropFirst()), indent: 4)
        let newTop = segments(Array(new.dropFirst()), indent: 4)
        var result = [old.first ?? new.first ?? ""]
        for segment in newTop {
            guard let previousSegment = oldTop.first(where: { $0.key == segment.key }) else {
                result += segment.lines
                continue
            }
            switch segment.key {
            case "channels", "source":
                // One level down: each channel, each part of the source.
                let oldInner = segments(Array(previousSegment.lines.dropFirst()), indent: 6)
                let newInner = segments(Array(segment.lines.dropFirst()), indent: 6)
                result.append(segment.lines[0])
                for (index, inner) in newInner.enumerated() {
                    let path = segment.key == "channels" ? "channels\(inner.key)" : "source.\(inner.key)"
                    if let match = oldInner.first(where: { $0.key == inner.key }), unchanged(path),
                       segment.key == "source" || oldInner.indices.contains(index) {
                        result += match.lines
                    } else if let match = oldInner.first(where: { $0.key == inner.key }) {
                        result += sameLinesKept(inner.lines, from: match.lines)
                    } else {
                        result += inner.lines
                    }
                }
            default:
                let path = segment.key == "sign-language" ? "sign-language" : segment.key
                result += unchanged(path) ? previousSegment.lines : segment.lines
            }
        }
        // Blank lines at the end of the old block belong to what follows it.
        while result.count > 1, result.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { result.removeLast() }
        return result
    }

    /// A changed part's lines, each line that is written exactly as before taking the old line
    /// (and so its comment).
    static func sameLinesKept(_ new: [String], from old: [String]) -> [String] {
        func content(_ line: String) -> String {
            (line.range(of: "  #").map { String(line[..<$0.lowerBound]) } ?? line).trimmingCharacters(in: .whitespaces)
        }
        return new.map { line in old.first { content($0) == content(line) && content($0) == line.trimmingCharacters(in: .whitespaces) } ?? line }
    }

    /// The file with the header's date and published version number set.
    public static func settingHeader(version: String, revision: Int, in text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.firstIndex(of: "catalogue:") else { return text }
        var index = header + 1
        var sawRevision = false
        var versionLine: Int?
        while index < lines.count, lines[index].hasPrefix("  ") || lines[index].isEmpty {
            if lines[index].hasPrefix("  version:") {
                lines[index] = "  version: \"\(version)\""
                versionLine = index
            } else if lines[index].hasPrefix("  revision:") {
                lines[index] = "  revision: \(revision)"
                sawRevision = true
            }
            index += 1
        }
        if !sawRevision, let versionLine { lines.insert("  revision: \(revision)", at: versionLine + 1) }
        return lines.joined(separator: "\n")
    }

    // MARK: Writing one entry as the file writes it

    /// The entry as the catalogue file writes entries (two-space list indent, short lists in
    /// brackets, long texts folded), checked to read back as the same record.
    static func handWritten(_ entry: Catalogue.HelplineRecord) -> String? {
        var out: [String] = []
        let pad = "    "
        out.append("  - id: \(scalar(entry.id))")
        out.append("\(pad)organisation: \(scalar(entry.organisation))")
        out.append("\(pad)name: \(scalar(entry.name))")
        out += text("description", entry.description, indent: pad)
        out.append("\(pad)groups: \(list(entry.groups))")
        out.append("\(pad)audiences: \(list(entry.audiences))")
        if let age = entry.age {
            let parts = [age.min.map { "min: \($0)" }, age.max.map { "max: \($0)" }].compactMap { $0 }
            out.append("\(pad)age: {\(parts.joined(separator: ", "))}")
        }
        out.append("\(pad)languages: \(list(entry.languages))")
        if let interpreters = entry.interpreters { out.append("\(pad)interpreters: \(interpreters)") }
        if let sign = entry.signLanguage { out.append("\(pad)sign-language: \(sign)") }
        if let notes = entry.notes, !notes.isEmpty { out.append("\(pad)notes: \(list(notes))") }
        out.append("\(pad)channels:")
        for channel in entry.channels {
            var fields: [String] = ["kind: \(scalar(channel.kind))"]
            if let number = channel.number { fields.append("number: \(quoted(number))") }
            if let display = channel.display { fields.append("display: \(quoted(display))") }
            if let url = channel.url { fields.append("url: \(scalar(url))") }
            if let address = channel.address { fields.append("address: \(scalar(address))") }
            if let hours = channel.hours { fields.append("hours: \(quoted(hours))") }
            if let label = channel.label { fields.append("label: \(scalar(label))") }
            if let notes = channel.notes, !notes.isEmpty { fields.append("notes: \(list(notes))") }
            for (index, field) in fields.enumerated() { out.append("\(pad)  \(index == 0 ? "- " : "  ")\(field)") }
        }
        let source = entry.source
        out.append("\(pad)source:")
        out += text("document", source.document, indent: pad + "  ", fold: false)
        out.append("\(pad)  verified: \(quoted(source.verified))")
        if let report = source.report, !report.isEmpty { out.append("\(pad)  report: \(list(report))") }
        if let reconstructed = source.reconstructed, !reconstructed.isEmpty {
            out.append("\(pad)  reconstructed: \(list(reconstructed))")
        }
        if let elsewhere = source.elsewhere, !elsewhere.isEmpty {
            out.append("\(pad)  elsewhere:")
            for item in elsewhere {
                out.append("\(pad)    - figures: \(list(item.figures))")
                out += text("source", item.source, indent: pad + "      ")
                out.append("\(pad)      checked: \(quoted(item.checked))")
            }
        }
        if let remarks = source.remarks { out += text("remarks", remarks, indent: pad + "  ") }
        let written = out.joined(separator: "\n")
        // The hand-written form must mean the same as the record; if some text defeats it, YAML's
        // own writer is used for the entry instead (plainer to read, never wrong).
        if (try? entries(in: "helplines:\n" + written)) == [entry] { return written }
        return nil
    }

    public static func yaml(of entry: Catalogue.HelplineRecord) -> String {
        handWritten(entry) ?? fallback(entry)
    }

    /// YAML's own writer; its output too must read back as the entry.
    static func fallback(_ entry: Catalogue.HelplineRecord) -> String {
        let encoded = (try? YAMLEncoder().encode([entry])) ?? ""
        let written = encoded.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
            .joined(separator: "\n").trimmingCharacters(in: .newlines)
        return written
    }

    /// Whether an entry written by `yaml(of:)` reads back as itself (the web tool refuses a save
    /// that would not).
    public static func writesFaithfully(_ entry: Catalogue.HelplineRecord) -> Bool {
        (try? entries(in: "helplines:\n" + yaml(of: entry))) == [entry]
    }

    static func text(_ key: String, _ value: String, indent: String, fold: Bool = true) -> [String] {
        let simple = !value.contains("\n") && !value.contains("  ") && value == value.trimmingCharacters(in: .whitespaces)
        guard fold, simple, indent.count + key.count + value.count > 98 else {
            return ["\(indent)\(key): \(scalar(value))"]
        }
        var lines: [String] = []
        var current = ""
        for word in value.split(separator: " ") {
            if !current.isEmpty && indent.count + 2 + current.count + 1 + word.count > 98 {
                lines.append(current)
                current = String(word)
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return ["\(indent)\(key): >-"] + lines.map { "\(indent)  \($0)" }
    }

    static func list(_ items: [String]) -> String { "[" + items.map(scalar).joined(separator: ", ") + "]" }

    /// Plain when YAML reads it back as the same text, else double-quoted.
    static func scalar(_ value: String) -> String {
        let plainSafe = !value.isEmpty && value.unicodeScalars.allSatisfy { scalar in
            !"#:{}[],&*!|>'\"%@`\\\n\t".unicodeScalars.contains(scalar)
        } && !value.hasPrefix(" ") && !value.hasSuffix(" ") && !value.hasPrefix("-") && !value.hasPrefix("?")
            && !["true", "false", "yes", "no", "null", "on", "off", "~"].contains(value.lowercased())
            && Double(value) == nil && !(value.first?.isNumber ?? false) && !(value.first == "+")
        let urlSafe = value.hasPrefix("http") && !value.contains(" ") && !value.contains("#") && !value.contains(",")
            && !value.contains("[") && !value.contains("]") && !value.contains("{") && !value.contains("}")
        return plainSafe || urlSafe ? value : quoted(value)
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.properties.generalCategory == .control || scalar.value == 0x85 || scalar.value == 0x2028
                || scalar.value == 0x2029:
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension CatalogueText {
    /// An entry from the lines `yaml(of:)` wrote (a draft as stored).
    public static func entry(fromYAML text: String) throws(EditError) -> Catalogue.HelplineRecord {
        guard let entry = try entries(in: "helplines:\n" + text).first else { throw .unreadable("the draft holds no entry") }
        return entry
    }

    /// Which fields differ between two versions of an entry, in the entry's order.
    public static func changes(from before: Catalogue.HelplineRecord?, to after: Catalogue.HelplineRecord)
        -> [(field: String, before: String?, after: String?)] {
        let old = before.map(fields) ?? []
        let new = fields(after)
        let oldValues = Dictionary(old, uniquingKeysWith: { first, _ in first })
        let newValues = Dictionary(new, uniquingKeysWith: { first, _ in first })
        var order = new.map(\.0)
        for (key, _) in old where newValues[key] == nil { order.append(key) }
        return order.compactMap { key in oldValues[key] == newValues[key] ? nil : (key, oldValues[key], newValues[key]) }
    }

    /// The entry as field paths and values, named as the file and the checks name them.
    public static func fields(_ entry: Catalogue.HelplineRecord) -> [(String, String)] {
        var fields: [(String, String?)] = [
            ("organisation", entry.organisation), ("name", entry.name), ("description", entry.description),
            ("groups", entry.groups.joined(separator: ", ")), ("audiences", entry.audiences.joined(separator: ", ")),
            ("age", entry.age.map { age in [age.min.map { "min \($0)" }, age.max.map { "max \($0)" }].compactMap { $0 }.joined(separator: ", ") }),
            ("languages", entry.languages.joined(separator: ", ")),
            ("interpreters", entry.interpreters.map { $0 ? "yes" : "no" }), ("sign-language", entry.signLanguage.map { $0 ? "yes" : "no" }),
            ("notes", entry.notes?.joined(separator: ", ")),
        ]
        for (index, channel) in entry.channels.enumerated() {
            let prefix = "channels[\(index)]"
            fields += [("\(prefix).kind", channel.kind), ("\(prefix).number", channel.number), ("\(prefix).display", channel.display),
                       ("\(prefix).url", channel.url), ("\(prefix).address", channel.address), ("\(prefix).hours", channel.hours),
                       ("\(prefix).label", channel.label), ("\(prefix).notes", channel.notes?.joined(separator: ", "))]
        }
        let source = entry.source
        fields += [("source.document", source.document), ("source.verified", source.verified), ("source.remarks", source.remarks),
                   ("source.report", source.report?.joined(separator: ", ")),
                   ("source.reconstructed", source.reconstructed?.joined(separator: ", "))]
        for (index, item) in (source.elsewhere ?? []).enumerated() {
            fields += [("source.elsewhere[\(index)].figures", item.figures.joined(separator: ", ")),
                       ("source.elsewhere[\(index)].source", item.source), ("source.elsewhere[\(index)].checked", item.checked)]
        }
        return fields.compactMap { key, value in
            guard let value, !value.isEmpty else { return nil }
            return (key, value)
        }
    }
}
