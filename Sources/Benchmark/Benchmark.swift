import Foundation
import Municipalities
import Packs
import Rendering
import Templates
import Workspace

/// Prints how fast documents render and packs build on this machine: medians and spread per
/// document, direction and format, a full pack on all cores, the national build over 290
/// generated profiles, a rebuild with nothing changed, and peak memory.
///
/// Run: swift run -c release tmv-benchmark [--quick]
@main
struct Benchmark {
    static func main() throws {
        let quick = CommandLine.arguments.contains("--quick")
        // --profile DOCUMENT:LANGUAGE:FORMAT renders that one document 500 times and stops: a
        // steady loop to run under perf or callgrind.
        if let index = CommandLine.arguments.firstIndex(of: "--profile"), index + 1 < CommandLine.arguments.count {
            try profileLoop(CommandLine.arguments[index + 1])
            return
        }
        let workspace = Workspace(resources: try Workspace.locate())
        let renderer = try DocumentRenderer(workspace: workspace)
        let profile = try workspace.profile(at: workspace.sampleProfile)
        let logo = try DocumentRenderer.logo(of: profile)
        #if DEBUG
        print("warning: a debug build; run with swift run -c release tmv-benchmark")
        #endif
        print("Tillsammans benchmark, \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Date())")
        print("")
        print("Per document, in-process (template parsed, fonts loaded), ms. \"fresh\": the thread's kept layouts, fitted")
        print("sizes and PNG backgrounds forgotten before each run (a document never seen); \"kept\": as in a pack or the")
        print("server, where the same texts and art come back:")
        print(pad("document", 20) + pad("lang", 6) + pad("format", 8) + pad("pages", 7) + pad("fresh", 9) + pad("p10", 8) + pad("p90", 8)
              + pad("kept", 9) + pad("p10", 8) + pad("p90", 8))
        let runs = quick ? 5 : 30
        /// Means of what the targets compare with the floor: "document language format" -> ms (per page for the brochure).
        var means: [String: Double] = [:]
        // The printed documents, whose speed the targets are stated for; the screen images and
        // the video (seconds of ffmpeg) are not part of it.
        let printed = TemplateLibrary.printedDocumentIDs.compactMap { renderer.templates.document(id: $0) }
        for document in printed {
            for language in ["sv", "ar"] {
                guard let texts = try? renderer.texts(language) else {
                    print(pad(document.id, 20) + pad(language, 6) + "no texts")
                    continue
                }
                for format in OutputFormat.allCases where format != .mp4 {
                    let request = RenderRequest(document: document.id, language: language, size: document.designSize.rawValue,
                                                format: format, dpi: 150)
                    var pages = 0
                    var times: [Double] = []
                    if let problem = (try? renderer.layout(request, profile: profile, logo: logo, texts: texts)) == nil
                        ? "cannot be laid out (see tmv translations check)" : nil {
                        print(pad(document.id, 20) + pad(language, 6) + pad(format.rawValue, 8) + problem)
                        continue
                    }
                    var keptTimes: [Double] = []
                    for fresh in [true, false] {
                        for run in 0..<(runs + 3) {
                            if fresh {
                                DocumentRenderer.forgetKeptWorkOnThisThread()
                            }
                            let start = DispatchTime.now().uptimeNanoseconds
                            let result = try renderer.render(request, profile: profile, logo: logo, texts: texts)
                            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                            pages = result.count
                            if run >= 3 {
                                if fresh { times.append(elapsed) } else { keptTimes.append(elapsed) }
                            }
                        }
                    }
                    let pageCount = format == .pdf ? (try renderer.layout(request, profile: profile, logo: logo, texts: texts)).pages.count : pages
                    let perPage = { (values: [Double]) in values.reduce(0, +) / Double(max(values.count, 1)) / Double(max(pageCount, 1)) }
                    means["\(document.id) \(language) \(format.rawValue)"] = perPage(times)
                    means["\(document.id) \(language) \(format.rawValue) kept"] = perPage(keptTimes)
                    times.sort()
                    keptTimes.sort()
                    print(pad(document.id, 20) + pad(language, 6) + pad(format.rawValue, 8) + pad("\(pageCount)", 7)
                          + pad(ms(percentile(times, 0.5)), 9) + pad(ms(percentile(times, 0.1)), 8) + pad(ms(percentile(times, 0.9)), 8)
                          + pad(ms(percentile(keptTimes, 0.5)), 9) + pad(ms(percentile(keptTimes, 0.1)), 8) + pad(ms(percentile(keptTimes, 0.9)), 8))
                }
            }
        }

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-benchmark-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let builder = PackBuilder(renderer: renderer, resources: workspace.resources, templates: workspace.templatesFolder,
                                  toolVersion: "benchmark")
        let options = PackOptions(documents: printed.map(\.id), languages: renderer.languages.tags,
                                  formats: [.pdf], zip: true)
        print("")
        let packStart = Date()
        let pack = try builder.build(profile: profile, options: options, output: scratch.appendingPathComponent("one"))
        let packSeconds = Date().timeIntervalSince(packStart)
        print("Full pack, Exempelkommun, PDF, all cores: \(pack.written) files in \(String(format: "%.3f", packSeconds)) s "
              + "(\(String(format: "%.0f", Double(pack.written) / packSeconds)) documents/s), \(pack.failures.count) failed")

        let count = quick ? 10 : 290
        let profilesFolder = scratch.appendingPathComponent("profiles")
        let files = try SampleProfiles.write(count: count, into: profilesFolder,
                                             logo: workspace.sampleProfile.deletingLastPathComponent().appendingPathComponent("logo.svg"))
        let national = scratch.appendingPathComponent("national")
        let readProfile = try workspace.profileReader()
        func buildAll() throws -> (written: Int, unchanged: Int, failed: Int, seconds: Double) {
            let start = Date()
            let counts = Tally()
            builder.buildAll(count: files.count, options: options, output: national,
                             profile: { try readProfile(files[$0]) }) { _, _, result in
                switch result {
                case .success(let report): counts.add(report.written, report.unchanged, report.failures.count)
                case .failure: counts.add(0, 0, 1)
                }
            }
            let (written, unchanged, failed) = counts.values
            return (written, unchanged, failed, Date().timeIntervalSince(start))
        }
        let first = try buildAll()
        print("National build, \(count) generated profiles, PDF: \(first.written) files in \(String(format: "%.1f", first.seconds)) s "
              + "(\(String(format: "%.0f", Double(first.written) / first.seconds)) documents/s), \(first.failed) failed")
        let second = try buildAll()
        print("Rebuild with nothing changed: \(second.written) rendered, \(second.unchanged) unchanged, in \(String(format: "%.2f", second.seconds)) s")
        print("Peak memory (VmHWM): \(peakMemoryMB()) MB")

        let process = wholeProcess(runs: quick ? 5 : 20)
        print("")
        printBesideTheFloor(means: means, process: process, pack: packSeconds, national: first.seconds, count: count,
                            rebuild: second.seconds, runs: quick ? 50 : 200)
    }

    static func profileLoop(_ spec: String) throws {
        let parts = spec.split(separator: ":").map(String.init)
        // national:N builds N generated profiles' packs once (the national build's loop).
        if parts.count == 2, parts[0] == "national", let count = Int(parts[1]) {
            let workspace = Workspace(resources: try Workspace.locate())
            let renderer = try DocumentRenderer(workspace: workspace)
            let builder = PackBuilder(renderer: renderer, resources: workspace.resources, templates: workspace.templatesFolder,
                                      toolVersion: "benchmark")
            let options = PackOptions(documents: TemplateLibrary.printedDocumentIDs, languages: renderer.languages.tags,
                                      formats: [.pdf], zip: true)
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-profile-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let files = try SampleProfiles.write(count: count, into: scratch.appendingPathComponent("profiles"),
                                                 logo: workspace.sampleProfile.deletingLastPathComponent().appendingPathComponent("logo.svg"))
            let readProfile = try workspace.profileReader()
            let start = DispatchTime.now().uptimeNanoseconds
            builder.buildAll(count: files.count, options: options, output: scratch.appendingPathComponent("national"),
                             profile: { try readProfile(files[$0]) }) { _, _, _ in }
            print("\(spec): \(ms(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)) ms")
            return
        }
        guard parts.count == 3, let format = OutputFormat(rawValue: parts[2]) else {
            print("--profile wants DOCUMENT:LANGUAGE:FORMAT, e.g. poster-victim:sv:pdf, or national:COUNT")
            return
        }
        let workspace = Workspace(resources: try Workspace.locate())
        let renderer = try DocumentRenderer(workspace: workspace)
        let profile = try workspace.profile(at: workspace.sampleProfile)
        let logo = try DocumentRenderer.logo(of: profile)
        let texts = try renderer.texts(parts[1])
        let size = renderer.templates.document(id: parts[0])?.designSize.rawValue ?? "A4"
        let request = RenderRequest(document: parts[0], language: parts[1], size: size, format: format, dpi: 150)
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<500 { _ = try renderer.render(request, profile: profile, logo: logo, texts: texts) }
        print("\(spec): \(ms(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / 500)) ms each, 500 runs")
    }

    /// One poster as a whole process (`tmv render ... --format pdf`), the mean of `runs` runs,
    /// timed by hyperfine when it is installed (as the target is stated), else here.
    static func wholeProcess(runs: Int) -> Double? {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tmv")
        guard FileManager.default.isExecutableFile(atPath: binary.path), let resources = try? Workspace.locate() else { return nil }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-bench-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: output) }
        let arguments = ["render", "--resources", resources.path, "--document", "poster-victim", "--language", "sv",
                         "--municipality", resources.appendingPathComponent("profiles/exempelkommun/profile.yaml").path,
                         "--format", "pdf", "--output", output.path]
        if let mean = hyperfine(([binary.path] + arguments).joined(separator: " "), runs: runs) { return mean }
        var times: [Double] = []
        for run in 0..<(runs + 2) {
            let task = Process()
            task.executableURL = binary
            task.arguments = arguments
            task.standardOutput = FileHandle.nullDevice
            task.standardError = FileHandle.nullDevice
            let start = DispatchTime.now().uptimeNanoseconds
            guard (try? task.run()) != nil else { return nil }
            task.waitUntilExit()
            if run >= 2 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        return times.reduce(0, +) / Double(times.count)
    }

    /// hyperfine's mean in ms for a command (paths without spaces), or nil without hyperfine.
    static func hyperfine(_ command: String, runs: Int) -> Double? {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-hyperfine-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: report) }
        let task = Process()
        task.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        task.arguments = ["hyperfine", "-N", "--warmup", "3", "--runs", "\(max(runs, 10))", "--export-json", report.path, command]
        task.standardOutput = FileHandle.nullDevice
        task.standardError = FileHandle.nullDevice
        guard (try? task.run()) != nil else { return nil }
        task.waitUntilExit()
        guard task.terminationStatus == 0, let data = try? Data(contentsOf: report),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let results = json["results"] as? [[String: Any]], let mean = results.first?["mean"] as? Double else { return nil }
        return mean * 1000
    }

    /// Runs ../shared/bench/cairo-floor/run.sh (or $TMV_FLOOR) in this run and prints its figures
    /// beside ours, with the ratios the targets are stated in.
    static func printBesideTheFloor(means: [String: Double], process: Double?, pack: Double, national: Double, count: Int,
                                    rebuild: Double, runs: Int) {
        let root = (try? Workspace.locate())?.deletingLastPathComponent()
        let script = ProcessInfo.processInfo.environment["TMV_FLOOR"].map { URL(fileURLWithPath: $0) }
            ?? root?.deletingLastPathComponent().appendingPathComponent("shared/bench/cairo-floor/run.sh")
        var floor: [String: Double] = [:]
        if let script, FileManager.default.fileExists(atPath: script.path) {
            let task = Process()
            task.executableURL = URL(fileURLWithPath: "/bin/bash")
            task.arguments = [script.path, "\(runs)"]
            let pipe = Pipe()
            task.standardOutput = pipe
            task.standardError = FileHandle.nullDevice
            if (try? task.run()) != nil {
                let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                task.waitUntilExit()
                floor = parseFloor(text)
            }
        }
        print("Beside the floor (C straight through cairo/Pango/librsvg: shared/bench/cairo-floor), same run, mean ms:")
        if floor.isEmpty { print("  (the floor script was not found or did not run; set TMV_FLOOR to its run.sh)") }
        print(pad("figure", 56) + pad("floor", 9) + pad("tmv", 9) + pad("ratio", 8) + "target")
        func row(_ name: String, _ floorValue: Double?, _ ours: Double?, target: String) {
            let ratio = (floorValue != nil && ours != nil && floorValue! > 0) ? String(format: "%.2f×", ours! / floorValue!) : "-"
            print(pad(name, 56) + pad(floorValue.map(ms) ?? "-", 9) + pad(ours.map(ms) ?? "-", 9) + pad(ratio, 8) + target)
        }
        row("poster PDF in process, sv, fresh (floor A)", floor["A sv"], means["poster-victim sv pdf"], target: "≤ 1.25× floor")
        row("poster PDF in process, ar, fresh (floor A)", floor["A ar"], means["poster-victim ar pdf"], target: "≤ 1.25× floor")
        row("poster PDF, sv, layouts kept (floor C)", floor["C sv"], means["poster-victim sv pdf kept"], target: "≤ 1.25× floor")
        row("poster PDF, ar, layouts kept (floor C)", floor["C ar"], means["poster-victim ar pdf kept"], target: "≤ 1.25× floor")
        row("brochure PDF per page, sv, fresh", floor["A sv"], means["brochure-children sv pdf"], target: "≤ 1.25× floor")
        row("brochure PDF per page, ar, fresh", floor["A ar"], means["brochure-children ar pdf"], target: "≤ 1.25× floor")
        row("brochure PDF per page, sv, kept", floor["C sv"], means["brochure-children sv pdf kept"], target: "≤ 1.25× floor")
        row("brochure PDF per page, ar, kept", floor["C ar"], means["brochure-children ar pdf kept"], target: "≤ 1.25× floor")
        row("poster PNG 150 dpi, sv, fresh (floor: draw + libpng z1)", floor["png sv"], means["poster-victim sv png"], target: "≤ 22 ms")
        row("poster PNG 150 dpi, ar, fresh", floor["png ar"], means["poster-victim ar png"], target: "≤ 22 ms")
        row("poster PNG 150 dpi, sv, background kept", floor["png sv"], means["poster-victim sv png kept"], target: "≤ 22 ms")
        row("poster PNG 150 dpi, ar, background kept", floor["png ar"], means["poster-victim ar png kept"], target: "≤ 22 ms")
        row("one poster as a whole process (hyperfine)", nil, process, target: "≤ 30 ms")
        row("full pack, 44 PDFs, first in the process", nil, pack * 1000, target: "≤ 400 ms")
        row("full pack, 44 PDFs, national build's mean", nil, national * 1000 / Double(max(count, 1)), target: "≤ 400 ms")
        row("national build, \(count) profiles", nil, national * 1000, target: count == 290 ? "≤ 40000 ms" : "≤ 40000 ms for 290")
        row("rebuild with nothing changed", nil, rebuild * 1000, target: "≤ 1000 ms")
    }

    /// Reads the floor's lines "A fresh each doc  sv  mean 2.04 ms ..." and "sv: draw 150dpi 4.6 ms | ... libpng z1 16.5 ms".
    static func parseFloor(_ text: String) -> [String: Double] {
        var found: [String: Double] = [:]
        func number(after word: String, in line: Substring) -> Double? {
            guard let range = line.range(of: word) else { return nil }
            return Double(line[range.upperBound...].split(separator: " ").first.map(String.init) ?? "")
        }
        for line in text.split(separator: "\n") {
            for language in ["sv", "ar"] {
                if line.hasPrefix("A fresh each doc"), line.contains(" \(language) "), let mean = number(after: "mean ", in: line) {
                    found["A \(language)"] = mean
                }
                if line.hasPrefix("C art+layouts reused"), line.contains(" \(language) "), let mean = number(after: "mean ", in: line) {
                    found["C \(language)"] = mean
                }
                if line.hasPrefix("\(language): draw"), let draw = number(after: "draw 150dpi ", in: line),
                   let compress = number(after: "libpng z1 ", in: line) {
                    found["png \(language)"] = draw + compress
                }
            }
        }
        return found
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]
    }

    static func ms(_ value: Double) -> String { String(format: "%.2f", value) }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func peakMemoryMB() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "?" }
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return "\(kilobytes / 1024)"
    }
}

/// Files written, unchanged and failed, added up from the builds' threads.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var written = 0
    private var unchanged = 0
    private var failed = 0

    func add(_ written: Int, _ unchanged: Int, _ failed: Int) {
        lock.withLock {
            self.written += written
            self.unchanged += unchanged
            self.failed += failed
        }
    }

    var values: (Int, Int, Int) { lock.withLock { (written, unchanged, failed) } }
}
