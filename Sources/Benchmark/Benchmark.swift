import Foundation
import Municipalities
import Packs
import Rendering
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
        let workspace = Workspace(resources: try Workspace.locate())
        let renderer = try DocumentRenderer(workspace: workspace)
        let profile = try workspace.profile(at: workspace.sampleProfile)
        let logo = try DocumentRenderer.logo(of: profile)
        #if DEBUG
        print("warning: a debug build; run with swift run -c release tmv-benchmark")
        #endif
        print("Tillsammans benchmark, \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Date())")
        print("")
        print("Per document, in-process (template parsed, fonts loaded), ms:")
        print(pad("document", 20) + pad("lang", 6) + pad("format", 8) + pad("pages", 7) + pad("median", 9) + pad("p10", 8) + pad("p90", 8))
        let runs = quick ? 5 : 30
        for document in renderer.templates.documents {
            for language in ["sv", "ar"] {
                guard let texts = try? renderer.texts(language) else {
                    print(pad(document.id, 20) + pad(language, 6) + "no texts")
                    continue
                }
                for format in OutputFormat.allCases {
                    let request = RenderRequest(document: document.id, language: language, size: document.designSize.rawValue,
                                                format: format, dpi: 150)
                    var pages = 0
                    var times: [Double] = []
                    if let problem = (try? renderer.layout(request, profile: profile, logo: logo, texts: texts)) == nil
                        ? "cannot be laid out (see tmv translations check)" : nil {
                        print(pad(document.id, 20) + pad(language, 6) + pad(format.rawValue, 8) + problem)
                        continue
                    }
                    for run in 0..<(runs + 3) {
                        let start = DispatchTime.now().uptimeNanoseconds
                        let result = try renderer.render(request, profile: profile, logo: logo, texts: texts)
                        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                        pages = result.count
                        if run >= 3 { times.append(elapsed) }
                    }
                    times.sort()
                    let pageCount = format == .pdf ? (try renderer.layout(request, profile: profile, logo: logo, texts: texts)).pages.count : pages
                    print(pad(document.id, 20) + pad(language, 6) + pad(format.rawValue, 8) + pad("\(pageCount)", 7)
                          + pad(ms(percentile(times, 0.5)), 9) + pad(ms(percentile(times, 0.1)), 8) + pad(ms(percentile(times, 0.9)), 8))
                }
            }
        }

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-benchmark-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let builder = PackBuilder(renderer: renderer, resources: workspace.resources, templates: workspace.templatesFolder,
                                  toolVersion: "benchmark")
        let options = PackOptions(documents: renderer.templates.documents.map(\.id), languages: renderer.languages.tags,
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
            var written = 0
            var unchanged = 0
            var failed = 0
            for file in files {
                let loaded = try readProfile(file)
                let report = try builder.build(profile: loaded, options: options, output: national)
                written += report.written
                unchanged += report.unchanged
                failed += report.failures.count
            }
            return (written, unchanged, failed, Date().timeIntervalSince(start))
        }
        let first = try buildAll()
        print("National build, \(count) generated profiles, PDF: \(first.written) files in \(String(format: "%.1f", first.seconds)) s "
              + "(\(String(format: "%.0f", Double(first.written) / first.seconds)) documents/s), \(first.failed) failed")
        let second = try buildAll()
        print("Rebuild with nothing changed: \(second.written) rendered, \(second.unchanged) unchanged, in \(String(format: "%.2f", second.seconds)) s")
        print("Peak memory (VmHWM): \(peakMemoryMB()) MB")
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
