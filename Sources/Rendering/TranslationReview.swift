import Diagnostics
import Drawing
import Foundation
import Layout
import Municipalities
import Templates
import Translations

/// Measures translations the only honest way: by laying out every document in every size with
/// them, so "too long" means "does not fit its slot", not a character count.
public struct TranslationReview: Sendable {
    public var renderer: DocumentRenderer
    /// Local contacts come from a profile; the sample municipality stands in for all.
    public var profile: MunicipalityProfile
    public var logo: LoadedImage

    public init(renderer: DocumentRenderer, profile: MunicipalityProfile, logo: LoadedImage) {
        self.renderer = renderer
        self.profile = profile
        self.logo = logo
    }

    /// A text that did not fit, with the unit it came from.
    public struct Overflow: Sendable, Hashable {
        public var unit: String?
        public var problem: LayoutProblem
    }

    /// Every layout problem of a language's texts, over all documents and sizes.
    public func overflows(language: String, texts: CampaignTexts) -> [Overflow] {
        var found: [Overflow] = []
        for document in renderer.templates.documents {
            for size in document.sizes {
                let request = RenderRequest(document: document.id, language: language, size: size.rawValue, format: .pdf)
                do {
                    _ = try renderer.layout(request, profile: profile, logo: logo, texts: texts)
                } catch {
                    guard case .layout(let problems) = error else { continue }
                    for problem in problems {
                        let slot = document.pages.flatMap(\.slots).first { $0.id == problem.slot }
                        var withSize = problem
                        withSize.message = "\(size.rawValue): " + problem.message
                        found.append(Overflow(unit: slot?.option("text"), problem: withSize))
                    }
                }
            }
        }
        return found
    }

    public func translationFile(_ language: String) throws(ValidationFailed) -> TranslationFile {
        let name = "Resources/translations/\(language).xlf"
        return try TranslationFile.read(contentsOf: renderer.translationsFolder.appendingPathComponent("\(language).xlf"), name: name)
    }

    /// What `tmv translations status` prints for one language.
    public struct Status: Sendable, Hashable, Encodable {
        public var language: String
        public var units: Int
        public var translated: Int
        public var reviewed: Int
        public var missing: Int
        public var tooLong: [String]
    }

    public func status(language: String, source: TranslationFile) -> Status {
        let sourceIDs = source.units.map(\.id)
        guard let file = try? translationFile(language) else {
            return Status(language: language, units: sourceIDs.count, translated: 0, reviewed: 0, missing: sourceIDs.count, tooLong: [])
        }
        var translated = 0
        var reviewed = 0
        for id in sourceIDs {
            guard let unit = file.unit(id) else { continue }
            let hasText = language == "sv" || !(unit.target ?? "").isEmpty
            if hasText { translated += 1 }
            if hasText && unit.state.isReviewed { reviewed += 1 }
        }
        var tooLong: [String] = []
        if let texts = try? CampaignTexts.load(language: language, folder: renderer.translationsFolder) {
            tooLong = Array(Set(overflows(language: language, texts: texts).filter { $0.problem.message.contains("does not fit") }
                .compactMap(\.unit))).sorted()
        }
        return Status(language: language, units: sourceIDs.count, translated: translated, reviewed: reviewed,
                      missing: sourceIDs.count - translated, tooLong: tooLong)
    }

    /// Every problem of a language: the file against the source, then the layout.
    public func problems(language: String, file: TranslationFile, name: String, source: TranslationFile,
                         rightToLeft: Bool) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if language != "sv" {
            problems += TranslationChecks.problems(in: file, name: name, language: language, rightToLeft: rightToLeft, source: source)
        } else {
            // The Swedish source of a helpline's description must be the catalogue's, or every
            // translation of it describes an older text.
            for helpline in renderer.catalogue.helplines {
                guard let unit = file.unit("helpline.\(helpline.id).description") else { continue }
                let catalogueText = helpline.description.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if unit.source != catalogueText {
                    problems.append(Diagnostic(file: name, entry: unit.id, field: "source",
                                               message: "differs from the description in Resources/catalogue/helplines.yaml",
                                               hint: "copy the catalogue's text here and send the unit to the translators again"))
                }
            }
        }
        var texts: [String: String] = [:]
        for unit in file.units { texts[unit.id] = language == "sv" ? unit.source : unit.target }
        let campaignTexts = CampaignTexts(language: language, texts: texts.compactMapValues { $0 })
        for overflow in overflows(language: language, texts: campaignTexts) {
            let problem = overflow.problem
            // A missing unit is already reported above, once, not once per document and size.
            if language != "sv" && problem.message.contains("is missing in") { continue }
            problems.append(Diagnostic(file: name, entry: overflow.unit ?? problem.slot,
                                       field: "\(problem.document) slot '\(problem.slot)'", message: problem.message, hint: problem.hint))
        }
        return problems
    }
}
