import Diagnostics
import Foundation
import InputRules

extension TranslationFile {
    /// Writes the file back as XLIFF 2.0, keeping every unit, note and state, so a round trip
    /// through `read` gives the same file.
    public func xliff(comment: String? = nil) -> String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        if let comment { lines.append("<!-- \(comment.replacingOccurrences(of: "--", with: "–")) -->") }
        let target = targetLanguage.map { " trgLang=\"\(Self.escape($0))\"" } ?? ""
        lines.append("<xliff xmlns=\"\(Self.namespace)\" version=\"2.0\" srcLang=\"\(Self.escape(sourceLanguage))\"\(target)>")
        lines.append("  <file id=\"tillsammans-mot-vald\">")
        for unit in units {
            lines.append("    <unit id=\"\(Self.escape(unit.id))\">")
            if !unit.notes.isEmpty {
                let notes = unit.notes.map { "<note category=\"context\">\(Self.escape($0))</note>" }.joined()
                lines.append("      <notes>\(notes)</notes>")
            }
            var segment = "      <segment state=\"\(unit.state.rawValue)\"><source>\(Self.escape(unit.source))</source>"
            if let target = unit.target { segment += "<target>\(Self.escape(target))</target>" }
            segment += "</segment>"
            lines.append(segment)
            lines.append("    </unit>")
        }
        lines.append("  </file>")
        lines.append("</xliff>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String { TextForms.xmlEscaped(text) }
}

/// Checks a language's translation file against the Swedish source, without laying anything out.
public enum TranslationChecks {
    /// `{name}` placeholders in a text, in order.
    public static func placeholders(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found.sorted()
    }

    /// The runs of digits of a text, in any script's digits read as 0-9, sorted.
    static func numbers(in text: String) -> [String] {
        var runs: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue {
                current += String(Int(value))
            } else if !current.isEmpty {
                runs.append(current)
                current = ""
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs.sorted()
    }

    static func isRightToLeft(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF: return true
        default: return false
        }
    }

    /// Every problem of a translation file compared with the source: missing and unknown units,
    /// lost placeholders, text in the wrong direction for the language, a wrong language.
    public static func problems(
        in file: TranslationFile, name: String, language: String, rightToLeft: Bool, source: TranslationFile
    ) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if file.targetLanguage != language {
            problems.append(Diagnostic(file: name, field: "trgLang",
                                       message: "the file is for '\(file.targetLanguage ?? "no language")', not '\(language)'"))
        }
        if file.sourceLanguage != source.sourceLanguage {
            problems.append(Diagnostic(file: name, field: "srcLang", message: "the source language is '\(file.sourceLanguage)', not 'sv'"))
        }
        let known = Set(source.units.map(\.id))
        for unit in file.units where !known.contains(unit.id) {
            problems.append(Diagnostic(file: name, entry: unit.id, message: "is not a unit of the campaign texts",
                                       hint: "was it renamed? export the file again with tmv translations export"))
        }
        for sourceUnit in source.units {
            guard let unit = file.unit(sourceUnit.id), let target = unit.target,
                  !target.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                problems.append(Diagnostic(file: name, entry: sourceUnit.id, message: "has no translation"))
                continue
            }
            if placeholders(in: target) != placeholders(in: sourceUnit.source) {
                problems.append(Diagnostic(file: name, entry: sourceUnit.id, field: "target",
                                           message: "has placeholders \(placeholders(in: target)) but the Swedish has \(placeholders(in: sourceUnit.source))",
                                           hint: "keep every {placeholder} exactly as in the Swedish"))
            }
            // Every number of the Swedish, and no other: 112, 114 14, the ages. A translator types
            // them by hand, and "911" or "11 414" would send a reader to a dead line.
            if numbers(in: target) != numbers(in: sourceUnit.source) {
                problems.append(Diagnostic(file: name, entry: sourceUnit.id, field: "target",
                                           message: "has the numbers \(numbers(in: target)) but the Swedish has \(numbers(in: sourceUnit.source))",
                                           hint: "write every number exactly as the Swedish does, with the digits 0-9"))
            }
            let letters = target.unicodeScalars.filter { $0.properties.isAlphabetic }
            let rtlLetters = letters.filter(isRightToLeft).count
            if rightToLeft && rtlLetters == 0 && letters.count > 3 && target != sourceUnit.source {
                problems.append(Diagnostic(file: name, entry: sourceUnit.id, field: "target",
                                           message: "is written left-to-right, but \(language) is a right-to-left language"))
            } else if !rightToLeft && rtlLetters > 0 {
                problems.append(Diagnostic(file: name, entry: sourceUnit.id, field: "target",
                                           message: "has right-to-left letters, but \(language) is written left-to-right"))
            }
        }
        return problems
    }
}

/// Finds translations much shorter than their Swedish source: the sign of a dropped sentence,
/// which no other check sees (a shortened text still has its placeholders and fits its slot).
public enum OmissionDetector {
    /// Units whose Swedish is shorter than this are headings and labels, where length says little.
    public static let shortestSource = 25
    /// A target is flagged below this share of the language's usual ratio.
    public static let threshold = 0.7

    /// The language's usual ratio of target to source length (in characters), measured as the
    /// median over its own units, so that a script that writes short (Arabic without vowels) is
    /// not flagged for being itself.
    public static func usualRatio(of file: TranslationFile, source: TranslationFile) -> Double? {
        let ratios = pairs(file, source).map { Double($0.target.count) / Double($0.source.count) }.sorted()
        guard !ratios.isEmpty else { return nil }
        let middle = ratios.count / 2
        return ratios.count % 2 == 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2
    }

    public static func warnings(in file: TranslationFile, name: String, language: String, source: TranslationFile) -> [Diagnostic] {
        guard let usual = usualRatio(of: file, source: source) else { return [] }
        var found: [Diagnostic] = []
        for pair in pairs(file, source) {
            let ratio = Double(pair.target.count) / Double(pair.source.count)
            guard ratio < usual * threshold else { continue }
            found.append(Diagnostic(
                .warning, file: name, entry: pair.id, field: "target",
                message: "is \(Int((ratio * 100).rounded())) % as long as the Swedish, where \(language) texts are usually \(Int((usual * 100).rounded())) %: was something left out?",
                hint: "read it against the Swedish sentence by sentence"))
        }
        return found
    }

    static func pairs(_ file: TranslationFile, _ source: TranslationFile) -> [(id: String, source: String, target: String)] {
        source.units.compactMap { sourceUnit in
            guard sourceUnit.source.count >= shortestSource, let target = file.unit(sourceUnit.id)?.target,
                  !target.isEmpty, target != sourceUnit.source else { return nil }
            return (sourceUnit.id, sourceUnit.source, target)
        }
    }
}
