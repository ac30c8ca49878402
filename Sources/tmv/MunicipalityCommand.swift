import ArgumentParser
import Catalogue
import Diagnostics
import Foundation
import Municipalities
import Packs
import Rendering
import Workspace

struct MunicipalityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "municipality",
        abstract: "Sweden's 290 municipalities and their profiles (logo, local contacts).",
        subcommands: [List.self, Validate.self, Show.self, SampleProfiles.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List municipalities with their codes and counties.")

        @OptionGroup var common: CommonOptions
        @Option(help: ArgumentHelp("Only this county: its code (01), or its name (Stockholms län, Stockholm).", valueName: "county"))
        var county: String?
        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() throws {
            let workspace = try common.workspace()
            let register = try loadOrExit { () throws(ValidationFailed) in try workspace.register() }
            var municipalities = register.municipalities
            if let county {
                guard let match = register.county(matching: county) else {
                    throw ValidationError("no county matches '\(county)'; counties: \(register.counties.map { "\($0.code) \($0.name)" }.joined(separator: ", "))")
                }
                municipalities = municipalities.filter { $0.county.code == match.code }
            }
            if json {
                try printJSON(municipalities.map {
                    ["code": $0.code, "name": $0.name, "county_code": $0.county.code, "county": $0.county.name]
                })
                return
            }
            var table = TextTable(header: ["CODE", "MUNICIPALITY", "COUNTY"])
            table.rows = municipalities.map { [$0.code, $0.name, $0.county.name] }
            print(table.render())
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a municipality profile; list every problem with file, entry and field.",
            discussion: "Exits 0 when the profile can be used (warnings are printed), 1 when it has errors. Writes nothing.")

        @OptionGroup var common: CommonOptions
        @Argument(help: ArgumentHelp("The profile file, e.g. Resources/profiles/exempelkommun/profile.yaml.", valueName: "profile"))
        var profile: String

        func run() throws {
            let workspace = try common.workspace()
            let loaded = try loadOrExit { () throws(ValidationFailed) in
                try workspace.profile(at: URL(fileURLWithPath: profile), name: profile)
            }
            report(loaded.warnings)
            // What render would refuse, found now: the logo read and screened by the same code,
            // every document laid out in every language and size.
            let problems = try loadRenderer(workspace).problems(of: loaded)
            if !problems.isEmpty {
                for problem in problems { printError("\(profile): error: \(problem)") }
                printError("\(problems.count) error\(problems.count == 1 ? "" : "s")")
                throw ExitCode.failure
            }
            let where_ = loaded.county.map { ", \($0.name)" } ?? (loaded.fictional ? ", fictional" : "")
            print("\(profile): valid, \(loaded.name) (\(loaded.code)\(where_)) with \(loaded.contacts.count) local contacts")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a municipality profile's local contacts as a poster prints them.")

        @OptionGroup var common: CommonOptions
        @Argument(help: ArgumentHelp("The profile file.", valueName: "profile"))
        var profile: String
        @Option(help: ArgumentHelp("The language to write opening hours in.", valueName: "tag"))
        var language = "sv"

        func run() throws {
            let workspace = try common.workspace()
            let loaded = try loadOrExit { () throws(ValidationFailed) in
                try workspace.profile(at: URL(fileURLWithPath: profile), name: profile)
            }
            let languages = try loadOrExit { () throws(ValidationFailed) in try workspace.languages() }
            guard let chosen = languages[language] else {
                throw ValidationError("'\(language)' is not a campaign language; use one of: \(languages.tags.joined(separator: ", "))")
            }
            let plan = try loadOrExit { () throws(ValidationFailed) in try workspace.numberPlan() }
            let formatter = chosen.hoursFormatter
            var lines = ["\(loaded.name) (\(loaded.code))\(loaded.fictional ? " — fictional sample" : "")",
                         "Logo: \(loaded.logo.lastPathComponent)   Web: \(loaded.web.absoluteString)", "", "HJÄLP LOKALT"]
            for contact in loaded.contacts {
                lines.append("  \(contact.name)")
                for channel in contact.channels {
                    var text: String
                    switch channel.address {
                    case .number(let number): text = plan.format(number)
                    case .url(let url): text = url.absoluteString
                    case .email(let address): text = address
                    }
                    if let hours = channel.hours { text += "  \(formatter.format(hours))" }
                    lines.append("    \(channel.kind.rawValue): \(text)")
                }
            }
            print(lines.joined(separator: "\n"))
        }
    }
}

extension MunicipalityCommand {
    struct SampleProfiles: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample-profiles",
            abstract: "Write fictional profiles (codes 9001...) with numbers reserved for fiction, for load tests.")

        @OptionGroup var common: CommonOptions
        @Option(help: "How many.")
        var count = 290
        @Option(help: ArgumentHelp("The folder to write them into.", valueName: "folder"))
        var output: String

        func run() throws {
            let workspace = try common.workspace()
            let logo = workspace.sampleProfile.deletingLastPathComponent().appendingPathComponent("logo.svg")
            do {
                let files = try Packs.SampleProfiles.write(count: count, into: URL(fileURLWithPath: output), logo: logo)
                print("wrote \(files.count) fictional profiles under \(output)")
            } catch {
                printError("tmv: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
