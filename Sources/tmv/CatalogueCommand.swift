import ArgumentParser
import Catalogue
import Diagnostics
import Foundation
import Localization
import OpeningHours
import Workspace

struct CatalogueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "Check and read the national helpline catalogue.",
        subcommands: [Validate.self, List.self, Show.self, Stale.self]
    )

    /// `--at` as the commands take it: a Swedish wall-clock time or date, or ISO 8601 with an offset.
    static func instant(_ text: String?, noun: String = "time", example: String) throws -> Date? {
        try text.map { text in
            guard let date = SwedishLocalTime.instant(parsing: text) else {
                throw ValidationError("'\(text)' is not a \(noun); write it like \(example)")
            }
            return date
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a catalogue file; list every problem with file, entry and field.",
            discussion: "Exits 0 when the catalogue is valid, 1 when it has problems. Writes nothing.")

        @OptionGroup var common: CommonOptions
        @Argument(help: ArgumentHelp("The catalogue file (default: the shipped Resources/catalogue/helplines.yaml).",
                                     valueName: "path"))
        var path: String?

        func run() throws {
            let workspace = try common.workspace()
            let catalogue = try loadOrExit {
                () throws(ValidationFailed) in
                try workspace.catalogue(at: path.map { URL(fileURLWithPath: $0) }, name: path)
            }
            let channels = catalogue.helplines.reduce(0) { $0 + $1.channels.count }
            print("\(path ?? "Resources/catalogue/helplines.yaml"): valid, \(catalogue.helplines.count) helplines with \(channels) channels (version \(catalogue.version))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the helplines with their numbers and opening hours, and whether each is open.")

        @OptionGroup var common: CommonOptions
        @Option(help: ArgumentHelp("The language to write opening hours in (one of the campaign's eleven).", valueName: "tag"))
        var language = "sv"
        @Option(help: ArgumentHelp("The moment for the OPEN column, e.g. 2026-12-24T22:00 (Swedish time) or with an offset (default: now).",
                                   valueName: "time"))
        var at: String?
        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() throws {
            let instant = try CatalogueCommand.instant(at, example: "2026-12-24T22:00 or 2026-12-24T22:00:00+01:00")
            let workspace = try common.workspace(at: instant)
            let (catalogue, vocabulary, plan) = try loadView(workspace: workspace, language: language)
            let now = workspace.clock.now
            let views = catalogue.helplines.map { HelplineView($0, formatter: vocabulary, plan: plan, at: now) }
            if json {
                try printJSON(views)
                return
            }
            var table = TextTable(header: ["ID", "NAME", "CONTACT", "HOURS", "OPEN"])
            for view in views {
                for (index, channel) in view.channels.enumerated() {
                    table.rows.append([
                        index == 0 ? view.id : "", index == 0 ? view.name : "",
                        "\(channel.kind) \(channel.contact)", channel.hours ?? "-",
                        channel.open.map { $0 ? "open" : "closed" } ?? "-",
                    ])
                }
            }
            print(table.render())
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one helpline in full.")

        @OptionGroup var common: CommonOptions
        @Argument(help: "The helpline's id, as `tmv catalogue list` shows it.")
        var id: String
        @Option(help: ArgumentHelp("The language to write opening hours in.", valueName: "tag"))
        var language = "sv"
        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            let workspace = try common.workspace()
            let (catalogue, vocabulary, plan) = try loadView(workspace: workspace, language: language)
            guard let helpline = catalogue.helpline(id: id) else {
                let close = catalogue.helplines.map(\.id).filter { $0.hasPrefix(String(id.prefix(3))) }
                throw ValidationError("no helpline has the id '\(id)'" + (close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"))
            }
            let view = HelplineView(helpline, formatter: vocabulary, plan: plan, at: workspace.clock.now)
            if json {
                try printJSON(view)
                return
            }
            var lines = ["\(helpline.name) — \(helpline.organisation)", "", helpline.description, ""]
            for channel in view.channels {
                var line = "  \(channel.kind): \(channel.contact)"
                if let hours = channel.hours { line += " — \(hours)" }
                if !channel.notes.isEmpty { line += " (\(channel.notes.joined(separator: ", ")))" }
                lines.append(line)
            }
            lines.append("")
            lines.append("Audiences:  \(view.audiences.joined(separator: ", "))")
            if let age = view.ages { lines.append("Ages:       \(age)") }
            lines.append("Languages:  \(view.languages.joined(separator: ", "))"
                         + (helpline.interpreters ? " (interpreters on request)" : "")
                         + (helpline.signLanguage ? " (sign language)" : ""))
            if !view.notes.isEmpty { lines.append("Notes:      \(view.notes.joined(separator: ", "))") }
            lines.append("Source:     \(helpline.source.document), figures of \(helpline.source.verified)")
            lines.append("Where each figure comes from:")
            for figure in view.figures { lines.append("  \(figure.figure): \(figure.origin)") }
            if let remarks = helpline.source.remarks { lines.append("Remarks:    \(remarks)") }
            print(lines.joined(separator: "\n"))
        }
    }

    struct Stale: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the entries and channels whose figures were last checked too long ago.",
            discussion: """
                An entry's date is its source.verified; a channel whose figures all come from \
                source.elsewhere has the oldest of their checked dates. Lists what was last checked \
                before today minus --older-than, oldest first. Exits 0; writes nothing.
                """)

        @OptionGroup var common: CommonOptions
        @Option(help: ArgumentHelp("How old a check may be: e.g. 6m (months), 90d (days), 2w (weeks) or 1y (years).",
                                   valueName: "age"))
        var olderThan = "6m"
        @Option(help: ArgumentHelp("The day to count back from, e.g. 2026-11-30 (default: today in Sweden).",
                                   valueName: "date"))
        var at: String?
        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() throws {
            let instant = try CatalogueCommand.instant(at, noun: "date", example: "2026-11-30")
            let workspace = try common.workspace(at: instant)
            let today = SwedishLocalTime(workspace.clock.now).date
            let limit: CivilDate
            do {
                limit = try AgeLimit.date(olderThan, before: today)
            } catch {
                throw ValidationError("--older-than: \(error)")
            }
            let plan = try loadOrExit { () throws(ValidationFailed) in try workspace.numberPlan() }
            let catalogue = try loadOrExit { () throws(ValidationFailed) in try workspace.catalogue() }
            let items = catalogue.stale(before: limit)
            if json {
                try printJSON(items)
                return
            }
            let entries = items.filter { $0.channel == nil }.count
            let channels = items.count - entries
            let summary = "\(counted(entries, "entry", "entries")) and \(counted(channels, "channel", "channels")) last checked before \(limit)"
            guard !items.isEmpty else {
                print(summary)
                return
            }
            var table = TextTable(header: ["VERIFIED", "ENTRY", "CHANNEL", "FIGURES", "SOURCE"])
            for item in items {
                let helpline = catalogue.helpline(id: item.entry)
                table.rows.append([
                    item.verified.description, item.entry,
                    item.channel.map { index in describeChannel(index, of: helpline, plan: plan) } ?? "–",
                    compactFigures(item, of: helpline),
                    shortened(item.source, to: 60),
                ])
            }
            print(table.render())
            print(summary)
        }

        func counted(_ count: Int, _ one: String, _ many: String) -> String {
            "\(count) \(count == 1 ? one : many)"
        }

        /// "0: phone 010-255 91 91": the index as the figure names count, the kind and the contact.
        func describeChannel(_ index: Int, of helpline: Helpline?, plan: SwedishNumberPlan) -> String {
            guard let helpline, helpline.channels.indices.contains(index) else { return "\(index)" }
            let channel = helpline.channels[index]
            let contact: String
            switch channel.address {
            case .number(let number): contact = plan.format(number)
            case .url(let url): contact = shortened(url.absoluteString, to: 40)
            case .email(let address): contact = address
            }
            return "\(index): \(channel.kind.rawValue) \(contact)"
        }

        /// The figures as the catalogue's own references write them: `channels[1]` for every
        /// figure of that channel, and a channel's fields alone on a channel's row.
        func compactFigures(_ item: StaleItem, of helpline: Helpline?) -> String {
            if let index = item.channel {
                let prefix = "channels[\(index)]."
                return item.figures.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
                    .joined(separator: ", ")
            }
            let all = helpline?.figureNames ?? []
            let listed = Set(item.figures)
            var written: [String] = []
            for figure in item.figures {
                guard figure.hasPrefix("channels["), let close = figure.firstIndex(of: "]") else {
                    written.append(figure)
                    continue
                }
                let channel = String(figure[...close])
                let ofChannel = all.filter { $0.hasPrefix(channel + ".") }
                if !ofChannel.isEmpty, ofChannel.allSatisfy(listed.contains) {
                    if written.last != channel { written.append(channel) }
                } else {
                    written.append(figure)
                }
            }
            return written.joined(separator: ", ")
        }

        func shortened(_ text: String, to length: Int) -> String {
            let single = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard single.count > length else { return single }
            return String(single.prefix(length - 1)).trimmingCharacters(in: .whitespaces) + "…"
        }
    }
}

func loadView(workspace: Workspace, language: String) throws -> (Catalogue, HoursFormatter, SwedishNumberPlan) {
    let languages = try loadOrExit { () throws(ValidationFailed) in try workspace.languages() }
    guard let chosen = languages[language] else {
        throw ValidationError("'\(language)' is not a campaign language; use one of: \(languages.tags.joined(separator: ", "))")
    }
    let plan = try loadOrExit { () throws(ValidationFailed) in try workspace.numberPlan() }
    let catalogue = try loadOrExit { () throws(ValidationFailed) in try workspace.catalogue() }
    return (catalogue, chosen.hoursFormatter, plan)
}

/// A helpline as `list` and `show` print it (and as their JSON holds it).
struct HelplineView: Encodable {
    struct ChannelView: Encodable {
        var kind: String
        var contact: String
        /// E.164 or short number, for `tel:` links; absent for chat and web.
        var dial: String?
        var hours: String?
        var hoursSource: String?
        var open: Bool?
        var notes: [String]
    }

    var id: String
    var name: String
    var organisation: String
    var groups: [String]
    var channels: [ChannelView]
    var audiences: [String]
    var ages: String?
    var languages: [String]
    var notes: [String]
    var verified: String
    /// Every figure and its source, so a reviewer can check each against it.
    var figures: [FigureView]

    struct FigureView: Encodable {
        var figure: String
        var origin: String
        /// "document" or "elsewhere".
        var kind: String
        var reconstructed: Bool
        var checked: String?
    }

    init(_ helpline: Helpline, formatter: HoursFormatter, plan: SwedishNumberPlan, at instant: Date) {
        id = helpline.id
        name = helpline.name
        organisation = helpline.organisation
        groups = helpline.groups.map(\.rawValue)
        audiences = helpline.audiences.map(\.rawValue)
        languages = helpline.languages
        notes = helpline.notes.map(\.rawValue)
        verified = helpline.source.verified.description
        figures = helpline.figureNames.map { name in
            let origin = helpline.source.origin(of: name)
            var view = FigureView(figure: name, origin: origin?.describe(document: "the report") ?? "no source",
                                  kind: "document", reconstructed: false)
            switch origin {
            case .document(let reconstructed)?: view.reconstructed = reconstructed
            case .elsewhere(_, let checked)?:
                view.kind = "elsewhere"
                view.checked = checked.description
            case nil: view.kind = "none"
            }
            return view
        }
        if let age = helpline.age {
            ages = "\(age.min.map(String.init) ?? "")–\(age.max.map(String.init) ?? "")"
        }
        channels = helpline.channels.map { channel in
            let contact: String
            switch channel.address {
            case .number(let number): contact = plan.format(number)
            case .url(let url): contact = url.absoluteString
            case .email(let address): contact = address
            }
            return ChannelView(
                kind: channel.kind.rawValue, contact: contact, dial: channel.number?.dialString,
                hours: channel.hours.map(formatter.format), hoursSource: channel.hours?.source,
                open: channel.hours.map { $0.isOpen(at: instant) }, notes: channel.notes.map(\.rawValue))
        }
    }
}
