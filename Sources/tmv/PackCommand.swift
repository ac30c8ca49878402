import ArgumentParser
import Diagnostics
import Foundation
import Municipalities
import Packs
import Rendering
import Workspace

struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Every document in every language for a municipality (or for all), with a manifest and a ZIP.",
        discussion: """
            Files go to OUTPUT/<municipality code>/<language>/<document>-<size>.<format>, with \
            manifest.json (SHA-256 of every file, what it was made from, each language's review \
            state) and OUTPUT/<name>-<code>.zip. A rebuild renders only what changed; a build that \
            was stopped continues where it stopped.
            """)

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp("A municipality profile file.", valueName: "profile"))
    var municipality: String?
    @Flag(help: "Build every profile under --profiles.")
    var all = false
    @Option(help: ArgumentHelp("With --all: a folder of profiles (each <name>/profile.yaml).", valueName: "folder"))
    var profiles: String?
    @Option(help: ArgumentHelp("Comma-separated: pdf, svg, png, mp4 (mp4: the slides as a video).", valueName: "list"))
    var formats = "pdf"
    @Option(help: ArgumentHelp("Comma-separated language tags (default: all eleven).", valueName: "list"))
    var languages: String?
    @Option(help: ArgumentHelp("Comma-separated document ids (default: all, see tmv documents).", valueName: "list"))
    var documents: String?
    @Option(help: ArgumentHelp("Resolution of PNGs.", valueName: "n"))
    var dpi: Double = 150
    @Flag(help: "Do not write the ZIP.")
    var noZip = false
    /// On by default: until a qualified translator has reviewed a language, its pages say so.
    @Flag(inversion: .prefixedNo,
          help: "Mark pages whose translation is not reviewed with a small \"preliminary translation\" (on unless --no-mark-preliminary).")
    var markPreliminary = true
    @Option(name: .customLong("public-url"),
            help: ArgumentHelp("The public directory's address (as given to tmv serve --public-url): the QR code then leads to {URL}/{language}/kommun/{code}.", valueName: "url"))
    var publicURL: String?
    @OptionGroup var paper: PrintArguments
    @Option(help: ArgumentHelp("The output folder.", valueName: "folder"))
    var output: String

    func validate() throws {
        if all == (municipality != nil) { throw ValidationError("give either --municipality PROFILE or --all --profiles FOLDER") }
        if all && profiles == nil { throw ValidationError("--all needs --profiles FOLDER") }
    }

    func run() throws {
        let workspace = try common.workspace()
        let renderer = try loadRenderer(workspace)
        func list(_ text: String?, default fallback: [String], known: [String], what: String) throws -> [String] {
            guard let text else { return fallback }
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for item in items where !known.contains(item) {
                throw ValidationError("'\(item)' is not a \(what); use \(known.joined(separator: ", "))")
            }
            return items
        }
        let formatList = try list(formats, default: ["pdf"], known: OutputFormat.allCases.map(\.rawValue), what: "format")
        let options = PackOptions(
            documents: try list(documents, default: renderer.templates.documents.map(\.id), known: renderer.templates.documents.map(\.id), what: "document"),
            languages: try list(languages, default: renderer.languages.tags, known: renderer.languages.tags, what: "language"),
            formats: formatList.compactMap(OutputFormat.init(rawValue:)), dpi: dpi, zip: !noZip,
            markPreliminary: markPreliminary, publicURL: try publicDirectory(publicURL), print: try paper.options())
        let outputURL = URL(fileURLWithPath: output)
        do {
            try FileManager.default.createDirectory(at: outputURL, withIntermediateDirectories: true)
        } catch {
            printError("tmv: cannot create the folder \(output): \(PackBuilder.describe(error))")
            throw ExitCode.failure
        }
        let lock: OutputLock
        do {
            lock = try OutputLock(folder: outputURL)
        } catch {
            printError("tmv: \(error)")
            throw ExitCode.failure
        }
        defer { withExtendedLifetime(lock) {} }
        let profileFiles: [URL]
        if let municipality {
            profileFiles = [URL(fileURLWithPath: municipality)]
        } else {
            profileFiles = Self.profileFiles(in: URL(fileURLWithPath: profiles ?? "."))
            if profileFiles.isEmpty {
                printError("tmv: no profiles (<name>/profile.yaml) under \(profiles ?? ".")")
                throw ExitCode.failure
            }
        }
        let builder = PackBuilder(renderer: renderer, resources: workspace.resources, templates: workspace.templatesFolder,
                                  toolVersion: TMV.configuration.version)
        let perProfile = builder.jobCount(options)
        let progress = Progress(total: perProfile * profileFiles.count)
        let started = Date()
        let readProfile = try loadOrExit { () throws(ValidationFailed) in try workspace.profileReader() }
        let collected = Collected()
        // Municipalities side by side, one per core (see PackBuilder.buildAll).
        builder.buildAll(count: profileFiles.count, options: options, output: outputURL,
                         profile: { index in try readProfile(profileFiles[index]) },
                         progress: { profile, name, _ in progress.advance("\(profile.name) \(name)") },
                         finished: { index, profile, result in
            switch (profile, result) {
            case (let profile?, .success(let report)):
                collected.add(report, at: index)
                if profileFiles.count == 1 || !progress.isTerminal {
                    progress.line("\(profile.name) (\(profile.code)): \(report.written) files written, \(report.unchanged) unchanged, \(report.failures.count) documents failed")
                }
            case (let profile?, .failure(let error)):
                collected.add(.init(municipality: profile.name, job: "pack",
                                    reason: (error as? PackError)?.description ?? PackBuilder.describe(error)), at: index)
            case (nil, .failure(let error)):
                let reason = (error as? ValidationFailed)?.diagnostics.map(\.description).joined(separator: "; ") ?? PackBuilder.describe(error)
                collected.add(.init(municipality: profileFiles[index].path, job: "profile", reason: reason), at: index)
                progress.skip(perProfile)
            case (nil, .success):
                break
            }
        })
        let total = collected.total
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        print("\(total.written) files written, \(total.unchanged) unchanged, \(total.failures.count) documents or files failed, for \(profileFiles.count) municipalit\(profileFiles.count == 1 ? "y" : "ies") in \(String(format: "%.1f", seconds)) s")
        if total.zips.count == 1, let zip = total.zips.first { print("ZIP: \(zip.path)") } else if !total.zips.isEmpty {
            print("ZIPs: \(total.zips.count) in \(output)")
        }
        if !total.failures.isEmpty {
            printError("Failures:")
            for failure in total.failures { printError("  \(failure.description)") }
            throw ExitCode.failure
        }
    }

    static func profileFiles(in folder: URL) -> [URL] {
        let entries = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return entries.map { $0.appendingPathComponent("profile.yaml") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
            .sorted { $0.path < $1.path }
    }
}

/// The reports of packs built side by side, kept per municipality under a lock and added up in
/// the order the profiles were given, so failures are listed the same way every time.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [Int: PackReport] = [:]

    var total: PackReport {
        lock.withLock {
            var total = PackReport()
            for index in reports.keys.sorted() {
                guard let pack = reports[index] else { continue }
                total.written += pack.written
                total.unchanged += pack.unchanged
                total.failures += pack.failures
                total.zips += pack.zips
                total.manifests += pack.manifests
            }
            return total
        }
    }

    func add(_ pack: PackReport, at index: Int) {
        lock.withLock { reports[index] = pack }
    }

    func add(_ failure: PackReport.Failure, at index: Int) {
        var failed = PackReport()
        failed.failures = [failure]
        add(failed, at: index)
    }
}

/// A progress bar on a terminal; plain lines every tenth of the way otherwise.
final class Progress: @unchecked Sendable {
    let total: Int
    private var done = 0
    private var lastTenth = -1
    private let lock = NSLock()
    let isTerminal = isatty(STDERR_FILENO) != 0

    init(total: Int) { self.total = total }

    func advance(_ label: String) {
        lock.withLock {
            done += 1
            draw(label)
        }
    }

    func skip(_ count: Int) {
        lock.withLock {
            done += count
            draw("")
        }
    }

    private func draw(_ label: String) {
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let shown = label.count > 40 ? String(label.suffix(40)) : label
            FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total) \(shown)\u{1B}[K".utf8))
        } else {
            let tenth = Int(fraction * 10)
            if tenth != lastTenth {
                lastTenth = tenth
                FileHandle.standardError.write(Data("progress: \(done)/\(total) (\(tenth * 10) %)\n".utf8))
            }
        }
    }

    func line(_ text: String) {
        lock.withLock {
            if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            print(text)
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
