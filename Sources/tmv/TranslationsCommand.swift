import ArgumentParser
import Diagnostics
import Foundation
import Localization
import Rendering
import Translations
import Workspace

struct TranslationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translations",
        abstract: "The campaign texts in the eleven languages (XLIFF 2.0 files for translators' tools).",
        subcommands: [Status.self, Check.self, Export.self, Import.self]
    )

    /// What every translations command loads.
    struct Context {
        var workspace: Workspace
        var review: TranslationReview
        var languages: LanguageSet
        var source: TranslationFile

        init(_ common: CommonOptions) throws {
            workspace = try common.workspace()
            let workspace = self.workspace
            let profile = try loadOrExit { () throws(ValidationFailed) in try workspace.profile(at: workspace.sampleProfile) }
            do {
                let renderer = try DocumentRenderer(workspace: workspace)
                review = TranslationReview(renderer: renderer, profile: profile, logo: try DocumentRenderer.logo(of: profile))
                languages = renderer.languages
            } catch {
                printError("tmv: \(error.description)")
                throw ExitCode.failure
            }
            let review = self.review
            source = try loadOrExit { () throws(ValidationFailed) in try review.translationFile("sv") }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per language: units translated, reviewed and missing, and texts too long for their slot.",
            discussion: "\"Too long\" is measured by laying out every document in every size with the sample municipality.")
        @OptionGroup var common: CommonOptions
        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() throws {
            let context = try Context(common)
            let statuses = context.languages.tags.map { context.review.status(language: $0, source: context.source) }
            if json {
                try printJSON(statuses)
                return
            }
            var table = TextTable(header: ["LANGUAGE", "UNITS", "TRANSLATED", "REVIEWED", "MISSING", "TOO LONG"])
            for status in statuses {
                let name = context.languages[status.language].map { "\(status.language) \($0.swedishName)" } ?? status.language
                table.rows.append([name, "\(status.units)", "\(status.translated)", "\(status.reviewed)", "\(status.missing)",
                                   status.tooLong.isEmpty ? "0" : "\(status.tooLong.count): \(status.tooLong.joined(separator: ", "))"])
            }
            print(table.render())
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fail on a missing unit, a lost placeholder, a wrong direction, or a text that does not fit its slot; warn of a text much shorter than its Swedish.")
        @OptionGroup var common: CommonOptions
        @Argument(help: ArgumentHelp("Languages to check (default: all eleven).", valueName: "tag"))
        var languages: [String] = []

        func run() throws {
            let context = try Context(common)
            var problems: [Diagnostic] = []
            for tag in languages.isEmpty ? context.languages.tags : languages {
                guard let language = context.languages[tag] else {
                    throw ValidationError("'\(tag)' is not a campaign language; use one of: \(context.languages.tags.joined(separator: ", "))")
                }
                let name = "Resources/translations/\(tag).xlf"
                do {
                    let file = try context.review.translationFile(tag)
                    problems += context.review.problems(language: tag, file: file, name: name, source: context.source,
                                                        rightToLeft: language.direction == .rightToLeft)
                    if tag != "sv" {
                        problems += OmissionDetector.warnings(in: file, name: name, language: tag, source: context.source)
                    }
                } catch {
                    problems += error.diagnostics
                }
            }
            if !problems.isEmpty { report(problems) }
            if problems.contains(where: { $0.severity == .error }) { throw ExitCode.failure }
            print("all \(languages.isEmpty ? context.languages.tags.count : languages.count) languages: every unit translated, placeholders kept, directions right, every text fits"
                  + (problems.isEmpty ? "" : "; read the warnings above"))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a language's file to send to a translator: every Swedish unit, with the current translations.")
        @OptionGroup var common: CommonOptions
        @Argument(help: ArgumentHelp("The language.", valueName: "tag"))
        var language: String
        @Option(help: ArgumentHelp("Where to write it (default: standard output).", valueName: "file"))
        var output: String?

        func run() throws {
            let context = try Context(common)
            guard context.languages[language] != nil, language != "sv" else {
                throw ValidationError("'\(language)' is not a language to translate into; use one of: \(context.languages.tags.filter { $0 != "sv" }.joined(separator: ", "))")
            }
            let file = TranslationFile.forTranslator(language: language, source: context.source,
                                                     current: try? context.review.translationFile(language))
            let units = file.units
            let text = file.xliff(comment: TranslationFile.exportComment(language: language))
            if let output {
                do {
                    _ = try AtomicWriter.write([RenderedPage(page: nil, bytes: Array(text.utf8))], to: URL(fileURLWithPath: output))
                } catch {
                    printError("tmv: \(error.description)")
                    throw ExitCode.failure
                }
                print("wrote \(output) (\(units.count) units, \(units.filter { $0.target == nil }.count) to translate)")
            } else {
                print(text, terminator: "")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace one language's texts with a file that came back from a translator, after checking it.",
            discussion: "A file with any problem is refused with every problem listed, and the current file is left untouched.")
        @OptionGroup var common: CommonOptions
        @Argument(help: ArgumentHelp("The XLIFF 2.0 file.", valueName: "file"))
        var file: String

        func run() throws {
            let context = try Context(common)
            let imported = try loadOrExit { () throws(ValidationFailed) in
                try TranslationFile.read(contentsOf: URL(fileURLWithPath: file), name: file)
            }
            guard let tag = imported.targetLanguage, tag != "sv", let language = context.languages[tag] else {
                report([Diagnostic(file: file, field: "trgLang",
                                   message: "'\(imported.targetLanguage ?? "")' is not a campaign language to translate into",
                                   hint: "trgLang must be one of \(context.languages.tags.filter { $0 != "sv" }.joined(separator: ", "))")])
                throw ExitCode.failure
            }
            let problems = context.review.problems(language: tag, file: imported, name: file, source: context.source,
                                                   rightToLeft: language.direction == .rightToLeft)
            if !problems.isEmpty {
                report(problems)
                printError("refused: Resources/translations/\(tag).xlf is unchanged")
                throw ExitCode.failure
            }
            let target = context.workspace.resources.appendingPathComponent("translations/\(tag).xlf")
            do {
                _ = try AtomicWriter.write([RenderedPage(page: nil, bytes: Array(imported.xliff().utf8))], to: target)
            } catch {
                printError("tmv: \(error.description)")
                throw ExitCode.failure
            }
            let reviewed = imported.units.filter(\.state.isReviewed).count
            print("imported \(imported.units.count) units into Resources/translations/\(tag).xlf (\(reviewed) reviewed)")
        }
    }
}
