import DataFiles
import Diagnostics
import Foundation
import InputRules
import OpeningHours

/// Which way a language's text runs; ar, prs, ckb and yi are right-to-left.
public enum TextDirection: String, Sendable, Hashable, Codable {
    case leftToRight = "ltr"
    case rightToLeft = "rtl"
}

/// One of the campaign's eleven languages, as its file under Resources/languages/ describes it.
public struct CampaignLanguage: Sendable, Hashable {
    /// BCP 47 tag: sv, ar, prs, en, fi, yi, fit, rom, se, so, ckb.
    public var tag: String
    public var endonym: String
    public var swedishName: String
    public var englishName: String
    /// ISO 15924 script code (Latn, Arab, Hebr).
    public var script: String
    public var direction: TextDirection
    /// Font families in fallback order; the first covers the script.
    public var fonts: [String]
    /// A sentence using the language's own letters, to check font coverage.
    public var sample: String
    public var hours: HoursVocabulary
    /// For Romani: the variety the texts are written in.
    public var variety: String?

    public var hoursFormatter: HoursFormatter { HoursFormatter(vocabulary: hours) }
}

/// The file format of one language (see docs/data-formats.md).
struct LanguageRecord: Codable {
    var tag: String
    var endonym: String
    var nameSv: String
    var nameEn: String
    var script: String
    var direction: String
    var fonts: [String]
    var sample: String
    var variety: String?
    var hours: HoursVocabulary

    enum CodingKeys: String, CodingKey {
        case tag, endonym, script, direction, fonts, sample, variety, hours
        case nameSv = "name-sv"
        case nameEn = "name-en"
    }
}

/// The campaign's languages, loaded and checked together.
public struct LanguageSet: Sendable {
    /// The eleven languages the campaign material exists in, in the campaign's order.
    public static let campaignTags = ["sv", "ar", "prs", "en", "fi", "yi", "fit", "rom", "se", "so", "ckb"]

    public private(set) var languages: [CampaignLanguage]

    public init(languages: [CampaignLanguage]) { self.languages = languages }

    public subscript(tag: String) -> CampaignLanguage? { languages.first { $0.tag == tag } }

    public var tags: [String] { languages.map(\.tag) }

    /// Reads `<tag>.yaml` for every campaign language from a folder; every problem in every
    /// file is reported together.
    /// `only`: the languages one command needs (a single render reads one language, not eleven).
    public static func load(from folder: URL, displayPrefix: String = "Resources/languages", only: Set<String>? = nil) throws(ValidationFailed) -> LanguageSet {
        var problems: [Diagnostic] = []
        var loaded: [CampaignLanguage] = []
        for tag in campaignTags where only?.contains(tag) ?? true {
            let url = folder.appendingPathComponent("\(tag).yaml")
            let shown = "\(displayPrefix)/\(tag).yaml"
            do {
                let file = try YAMLFile(contentsOf: url, name: shown, kind: .language)
                let decoded = RecordDecoder(file: shown).decode(LanguageRecord.self, from: file.root, entry: tag)
                problems += decoded.problems
                if let record = decoded.value {
                    let (language, found) = check(record, expectedTag: tag, file: shown)
                    problems += found
                    if let language { loaded.append(language) }
                }
            } catch {
                problems += error.diagnostics
            }
        }
        if problems.contains(where: { $0.severity == .error }) { throw ValidationFailed(problems) }
        return LanguageSet(languages: loaded)
    }

    static func check(_ record: LanguageRecord, expectedTag: String, file: String) -> (CampaignLanguage?, [Diagnostic]) {
        var problems: [Diagnostic] = []
        func problem(_ field: String, _ message: String, hint: String? = nil) {
            problems.append(Diagnostic(file: file, entry: expectedTag, field: field, message: message, hint: hint))
        }
        if record.tag != expectedTag {
            problem("tag", "is '\(record.tag)' but the file is named \(expectedTag).yaml", hint: "the tag and the file name must agree")
        }
        guard let direction = TextDirection(rawValue: record.direction) else {
            problem("direction", "must be ltr or rtl, not '\(record.direction)'")
            return (nil, problems)
        }
        let rtl: Set<String> = ["ar", "prs", "ckb", "yi"]
        if rtl.contains(expectedTag) != (direction == .rightToLeft) {
            problem("direction", "\(expectedTag) is written \(rtl.contains(expectedTag) ? "right-to-left (rtl)" : "left-to-right (ltr)")")
        }
        if !["Latn", "Arab", "Hebr"].contains(record.script) {
            problem("script", "'\(record.script)' is not a script the campaign uses (Latn, Arab, Hebr)")
        }
        if record.fonts.isEmpty { problem("fonts", "needs at least one font family") }
        for field in [("endonym", record.endonym), ("name-sv", record.nameSv), ("name-en", record.nameEn), ("sample", record.sample)]
        where field.1.trimmingCharacters(in: .whitespaces).isEmpty {
            problem(field.0, "is empty")
        }
        for found in record.hours.problems { problem(found.field, found.message) }
        // The hours words and the names are printed too: the same gate as every other text.
        let hours = record.hours
        var printed: [(String, String)] = [("endonym", record.endonym), ("name-sv", record.nameSv), ("name-en", record.nameEn),
                                           ("sample", record.sample), ("hours.day-range", hours.dayRange),
                                           ("hours.day-list-separator", hours.dayListSeparator), ("hours.time-range", hours.timeRange),
                                           ("hours.span-separator", hours.spanSeparator), ("hours.day-time", hours.dayTime),
                                           ("hours.rule-separator", hours.ruleSeparator), ("hours.every-day", hours.everyDay),
                                           ("hours.around-the-clock", hours.aroundTheClock), ("hours.closed", hours.closed),
                                           ("hours.public-holidays", hours.publicHolidays)]
        printed += hours.days.enumerated().map { ("hours.days[\($0.offset)]", $0.element) }
        for (field, text) in printed {
            do {
                _ = try PrintableText.check(text, kind: .paragraph)
            } catch {
                problem(field, error.message, hint: error.hint)
            }
        }
        if expectedTag == "rom", (record.variety ?? "").isEmpty {
            problem("variety", "Romani must say which variety its texts are written in")
        }
        let language = CampaignLanguage(
            tag: record.tag, endonym: record.endonym, swedishName: record.nameSv, englishName: record.nameEn,
            script: record.script, direction: direction, fonts: record.fonts, sample: record.sample,
            hours: record.hours, variety: record.variety)
        return (problems.isEmpty ? language : nil, problems)
    }
}
