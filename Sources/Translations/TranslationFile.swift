import Diagnostics
import Drawing
import Foundation
import InputRules

/// How far a translation has come; XLIFF 2.0's segment states.
public enum TranslationState: String, Sendable, Hashable, CaseIterable, Codable {
    case initial, translated, reviewed, final

    /// Checked by a qualified person.
    public var isReviewed: Bool { self == .reviewed || self == .final }
}

/// One text of the campaign: a headline, a label, a sentence of the brochure.
public struct TranslationUnit: Sendable, Hashable {
    public var id: String
    /// Swedish, the campaign's source language.
    public var source: String
    /// The translation; `nil` in the Swedish file and in units not yet translated.
    public var target: String?
    public var state: TranslationState
    /// Notes for the translator: context, where it appears, how much room it has.
    public var notes: [String]

    public init(id: String, source: String, target: String?, state: TranslationState, notes: [String]) {
        self.id = id
        self.source = source
        self.target = target
        self.state = state
        self.notes = notes
    }
}

/// A translation file in XLIFF 2.0, the format translators' tools (Poedit, Weblate, memoQ,
/// Trados, Crowdin) open. One file per language; Swedish is the source.
public struct TranslationFile: Sendable, Hashable {
    public static let namespace = "urn:oasis:names:tc:xliff:document:2.0"

    public var sourceLanguage: String
    /// `nil` for the Swedish source file.
    public var targetLanguage: String?
    public var units: [TranslationUnit]

    public init(sourceLanguage: String, targetLanguage: String?, units: [TranslationUnit]) {
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.units = units
    }

    public func unit(_ id: String) -> TranslationUnit? { units.first { $0.id == id } }

    /// The file to send to a translator of `language`: every unit of the Swedish source, with the
    /// language's current translations and states (`tmv translations export`, the web tool's export).
    public static func forTranslator(language: String, source: TranslationFile, current: TranslationFile?) -> TranslationFile {
        let units = source.units.map { unit -> TranslationUnit in
            let existing = current?.unit(unit.id)
            let target = existing?.target
            return TranslationUnit(id: unit.id, source: unit.source, target: target,
                                   state: target == nil ? .initial : (existing?.state ?? .initial), notes: unit.notes)
        }
        return TranslationFile(sourceLanguage: "sv", targetLanguage: language, units: units)
    }

    /// The comment an exported file opens with.
    public static func exportComment(language: String) -> String {
        "Tillsammans mot våld: campaign texts, Swedish to \(language). Translate each <target>; keep {placeholders}, web addresses and numbers."
    }

    /// Reads an XLIFF 2.0 file from disk within the size limit for translation files.
    public static func read(contentsOf url: URL, name: String) throws(ValidationFailed) -> TranslationFile {
        do {
            return try read(data: try BoundedFile.read(url, kind: .translation), name: name)
        } catch let refusal as BoundedFile.Refusal {
            throw ValidationFailed([Diagnostic(file: name, message: refusal.withoutPath)])
        } catch let failure as ValidationFailed {
            throw failure
        } catch {
            throw ValidationFailed([Diagnostic(file: name, message: "the file cannot be read")])
        }
    }

    /// Reads an XLIFF 2.0 file; every problem is reported with the unit's id and line.
    public static func read(data: [UInt8], name: String) throws(ValidationFailed) -> TranslationFile {
        let document: XMLDocument
        let text = try utf8(data, name: name)
        do {
            document = try XMLDocument(data: text)
        } catch {
            throw ValidationFailed([Diagnostic(file: name, line: error.line, message: "the file is not well-formed XML: \(error.message)")])
        }
        var problems: [Diagnostic] = []
        let root = document.root
        guard root.name == "xliff", root.namespace == namespace, root.attribute("version") == "2.0" else {
            throw ValidationFailed([Diagnostic(file: name, line: root.line, message: "the file is not XLIFF 2.0",
                                               hint: "the root must be <xliff xmlns=\"\(namespace)\" version=\"2.0\">")])
        }
        if document.hasDoctype { problems.append(Diagnostic(file: name, message: "a DOCTYPE is not allowed in a translation file")) }
        let sourceLanguage = root.attribute("srcLang") ?? ""
        let targetLanguage = root.attribute("trgLang")
        var units: [TranslationUnit] = []
        var seen = Set<String>()
        for file in root.children where file.name == "file" {
            for unitElement in file.allElements where unitElement.name == "unit" {
                let id = unitElement.attribute("id") ?? ""
                if id.isEmpty {
                    problems.append(Diagnostic(file: name, line: unitElement.line, message: "a unit has no id"))
                    continue
                }
                if !seen.insert(id).inserted {
                    problems.append(Diagnostic(file: name, entry: id, line: unitElement.line, message: "the unit id is used twice"))
                }
                let segments = unitElement.children.filter { $0.name == "segment" }
                guard segments.count == 1, let segment = segments.first else {
                    problems.append(Diagnostic(file: name, entry: id, line: unitElement.line, message: "a unit must have exactly one <segment>"))
                    continue
                }
                guard let sourceElement = segment.children.first(where: { $0.name == "source" }) else {
                    problems.append(Diagnostic(file: name, entry: id, line: segment.line, message: "the segment has no <source>"))
                    continue
                }
                for element in segment.children where element.name == "source" || element.name == "target" {
                    if let inline = element.children.first {
                        problems.append(Diagnostic(file: name, entry: id, field: element.name, line: inline.line,
                                                   message: "inline markup <\(inline.name)> is not supported; write plain text with {placeholders}"))
                    }
                }
                let targetElement = segment.children.first { $0.name == "target" }
                let stateText = segment.attribute("state") ?? (targetElement == nil ? "initial" : "translated")
                guard let state = TranslationState(rawValue: stateText) else {
                    problems.append(Diagnostic(file: name, entry: id, field: "state", line: segment.line,
                                               message: "'\(stateText)' is not an XLIFF state (initial, translated, reviewed, final)"))
                    continue
                }
                let notes = unitElement.children.filter { $0.name == "notes" }.flatMap(\.children).filter { $0.name == "note" }.map(\.allText)
                // Every text passes the one gate for printable text, source and target alike.
                var texts: [String?] = []
                for (field, text) in [("source", Optional(sourceElement.allText)), ("target", targetElement?.allText)] {
                    guard let text else { texts.append(nil); continue }
                    do {
                        texts.append(try PrintableText.check(text, kind: .paragraph, allowLineBreaks: true))
                    } catch {
                        problems.append(Diagnostic(file: name, entry: id, field: field, line: segment.line,
                                                   message: error.message, hint: error.hint))
                        texts.append(nil)
                    }
                }
                guard let source = texts[0] else { continue }
                units.append(TranslationUnit(id: id, source: source, target: texts[1], state: state, notes: notes))
            }
        }
        if !problems.isEmpty { throw ValidationFailed(problems) }
        return TranslationFile(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, units: units)
    }

    /// XLIFF is UTF-8 here; a file saved as UTF-16 (as some Windows tools do) is read the same
    /// once converted, so a translator's work is not refused over its encoding.
    static func utf8(_ data: [UInt8], name: String) throws(ValidationFailed) -> [UInt8] {
        let bigEndian = data.starts(with: [0xFE, 0xFF])
        guard bigEndian || data.starts(with: [0xFF, 0xFE]) else { return data }
        guard let text = String(data: Data(data.dropFirst(2)), encoding: bigEndian ? .utf16BigEndian : .utf16LittleEndian) else {
            throw ValidationFailed([Diagnostic(file: name, message: "the file says it is UTF-16 but is not valid UTF-16",
                                               hint: "save it as UTF-8")])
        }
        var converted = text
        if let declaration = converted.range(of: #"encoding=["'][Uu][Tt][Ff]-16(LE|BE|le|be)?["']"#, options: .regularExpression) {
            converted.replaceSubrange(declaration, with: "encoding=\"UTF-8\"")
        }
        return Array(converted.utf8)
    }
}

/// The texts of one language, as the documents use them.
public struct CampaignTexts: Sendable, Hashable {
    public var language: String
    public var texts: [String: String]
    /// Units whose translation no qualified translator has checked.
    public var unreviewed: Set<String>

    public init(language: String, texts: [String: String], unreviewed: Set<String> = []) {
        self.language = language
        self.texts = texts
        self.unreviewed = unreviewed
    }

    public subscript(id: String) -> String? { texts[id] }

    /// Reads `Resources/translations/<tag>.xlf`; Swedish uses its sources, other languages
    /// their targets. A language without a file has no texts yet: an error, never Swedish.
    public static func load(language: String, folder: URL, displayPrefix: String = "Resources/translations") throws(ValidationFailed) -> CampaignTexts {
        let name = "\(displayPrefix)/\(language).xlf"
        let data: [UInt8]
        do {
            data = try BoundedFile.read(folder.appendingPathComponent("\(language).xlf"), kind: .translation)
        } catch .missing {
            throw ValidationFailed([Diagnostic(file: name, message: "there are no texts in '\(language)' yet",
                                               hint: "documents in this language can be rendered once its translation file exists")])
        } catch {
            throw ValidationFailed([Diagnostic(file: name, message: error.withoutPath)])
        }
        let file = try TranslationFile.read(data: data, name: name)
        var texts: [String: String] = [:]
        var unreviewed = Set<String>()
        for unit in file.units {
            if language == file.sourceLanguage {
                texts[unit.id] = unit.source
            } else if let target = unit.target, !target.isEmpty {
                texts[unit.id] = target
                if !unit.state.isReviewed { unreviewed.insert(unit.id) }
            }
        }
        return CampaignTexts(language: language, texts: texts, unreviewed: unreviewed)
    }
}
