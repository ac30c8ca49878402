import ArgumentParser
import Diagnostics
import Drawing
import Foundation
import Localization
import Workspace

struct LanguagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "languages",
        abstract: "The campaign's eleven languages: names, direction and fonts.",
        subcommands: [List.self, Check.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the campaign languages.")
        @OptionGroup var common: CommonOptions
        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() throws {
            let workspace = try common.workspace()
            let languages = try loadOrExit { () throws(ValidationFailed) in try workspace.languages() }
            if json {
                try printJSON(languages.languages.map {
                    ["tag": $0.tag, "endonym": $0.endonym, "name_sv": $0.swedishName, "name_en": $0.englishName,
                     "script": $0.script, "direction": $0.direction.rawValue, "fonts": $0.fonts.joined(separator: ", ")]
                })
                return
            }
            var table = TextTable(header: ["TAG", "SWEDISH", "ENGLISH", "SCRIPT", "DIR", "FONTS"])
            table.rows = languages.languages.map {
                [$0.tag, $0.swedishName, $0.englishName, $0.script, $0.direction.rawValue, $0.fonts.joined(separator: ", ")]
            }
            print(table.render())
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that each language's fonts are installed and draw its sample text with no missing glyph.")
        @OptionGroup var common: CommonOptions

        func run() throws {
            let workspace = try common.workspace()
            let languages = try loadOrExit { () throws(ValidationFailed) in try workspace.languages() }
            let problems = FontCheck.problems(languages: languages, file: { "Resources/languages/\($0).yaml" })
            if !problems.isEmpty {
                report(problems)
                throw ExitCode.failure
            }
            for language in languages.languages {
                let coverage = FontProbe.coverage(of: language.sample + language.endonym, families: language.fonts)
                print("\(language.tag): \(coverage.familiesUsed.joined(separator: ", ")) — all characters covered")
            }
        }
    }
}

/// Font checks shared by `languages check` and the tests.
enum FontCheck {
    static func problems(languages: LanguageSet, file: (String) -> String) -> [Diagnostic] {
        let installed = FontProbe.installedFamilies()
        var problems: [Diagnostic] = []
        for language in languages.languages {
            for family in language.fonts where !installed.contains(family) {
                problems.append(Diagnostic(file: file(language.tag), entry: language.tag, field: "fonts",
                                           message: "the font family '\(family)' is not installed",
                                           hint: "install Debian's fonts-noto-core"))
            }
            let coverage = FontProbe.coverage(of: language.sample + language.endonym, families: language.fonts)
            if coverage.unknownGlyphs > 0 {
                problems.append(Diagnostic(file: file(language.tag), entry: language.tag, field: "sample",
                                           message: "\(coverage.unknownGlyphs) characters have no glyph in \(language.fonts.joined(separator: ", "))"))
            }
            let unexpected = coverage.unexpectedFamilies(requested: language.fonts)
            if !unexpected.isEmpty {
                problems.append(Diagnostic(file: file(language.tag), entry: language.tag, field: "fonts",
                                           message: "Pango fell back to \(unexpected.joined(separator: ", ")) for some characters"))
            }
        }
        return problems
    }
}
