import Drawing
import Foundation
import Municipalities
import Packs
import Rendering
import Testing
import Workspace
import ZIPFoundation

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let sourceProject = ProcessInfo.processInfo.environment["TMV_TEST_PROJECT"].map { URL(fileURLWithPath: $0) } ?? repositoryRoot

/// A copy of the project's Resources and Templates in a temporary folder, so a test can change
/// the catalogue without touching the repository.
struct ScratchProject {
    let root: URL
    var resources: URL { root.appendingPathComponent("Resources") }
    var output: URL { root.appendingPathComponent("Output") }
    var sample: URL { resources.appendingPathComponent("profiles/exempelkommun/profile.yaml") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-pack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for folder in ["Resources", "Templates"] {
            try FileManager.default.copyItem(at: sourceProject.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
    }

    func builder() throws -> (PackBuilder, Workspace) {
        let workspace = Workspace(resources: resources)
        let renderer = try DocumentRenderer(workspace: workspace)
        return (PackBuilder(renderer: renderer, resources: resources, templates: workspace.templatesFolder, toolVersion: "test"), workspace)
    }

    /// Languages that have texts in this project.
    func languagesWithTexts(_ builder: PackBuilder) -> [String] {
        builder.renderer.languages.tags.filter { (try? builder.renderer.texts($0)) != nil }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

func sha256(of file: URL) throws -> String { Checksum.sha256([UInt8](try Data(contentsOf: file))) }

@Suite("Packs", .serialized)
struct PackTests {
    @Test func aPackHoldsEveryDocumentLanguageAndFormatWithAManifestAndAZIP() throws {
        let project = try ScratchProject()
        defer { project.remove() }
        let (builder, workspace) = try project.builder()
        let profile = try workspace.profile(at: project.sample)
        let languages = project.languagesWithTexts(builder)
        let options = PackOptions(documents: builder.renderer.templates.documents.map(\.id), languages: languages,
                                  formats: [.pdf, .svg, .png], dpi: 40)
        let report = try builder.build(profile: profile, options: options, output: project.output)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let folder = project.output.appendingPathComponent("0000")
        let manifest = try JSONDecoder().decode(PackManifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        // Every document × language × format is there (SVG and PNG once per page).
        for document in options.documents {
            for language in languages {
                for format in ["pdf", "svg", "png"] {
                    #expect(manifest.files.contains { $0.document == document && $0.language == language && $0.format == format },
                            "\(document) \(language) \(format)")
                }
            }
        }
        #expect(manifest.languages == languages)
        #expect(manifest.translations["sv"]?.review == "source")
        // The manifest's checksums and sizes match the files.
        for file in manifest.files {
            let url = folder.appendingPathComponent(file.path)
            #expect(try sha256(of: url) == file.sha256)
            #expect(try Data(contentsOf: url).count == file.bytes)
        }
        // The ZIP unzips to the same tree.
        let zipURL = project.output.appendingPathComponent("exempelkommun-0000.zip")
        #expect(report.zips == [zipURL])
        let archive = try Archive(url: zipURL, accessMode: .read)
        let names = Set(archive.map(\.path))
        #expect(names == Set(manifest.files.map { "0000/\($0.path)" } + ["0000/manifest.json"]))
        for entry in archive where entry.path != "0000/manifest.json" {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            let recorded = manifest.files.first { "0000/\($0.path)" == entry.path }
            #expect(Checksum.sha256([UInt8](bytes)) == recorded?.sha256)
        }
    }

    @Test func aRebuildWithNothingChangedRendersNothingAndAChangedHelplineRebuildsOnlyItsDocuments() throws {
        let project = try ScratchProject()
        defer { project.remove() }
        let (builder, workspace) = try project.builder()
        let profile = try workspace.profile(at: project.sample)
        let options = PackOptions(documents: builder.renderer.templates.documents.map(\.id), languages: ["sv"], formats: [.pdf])
        let first = try builder.build(profile: profile, options: options, output: project.output)
        let documents = options.documents.count
        #expect(first.failures.isEmpty)
        #expect(first.written == documents)
        let again = try builder.build(profile: profile, options: options, output: project.output)
        #expect(again.written == 0)
        #expect(again.unchanged == documents)

        // Välj att sluta changes its hours: only the documents that show it are rebuilt.
        let catalogueFile = project.resources.appendingPathComponent("catalogue/helplines.yaml")
        var catalogue = try String(contentsOf: catalogueFile, encoding: .utf8)
        let shows = builder.renderer.templates.documents.filter { document in
            document.pages.flatMap(\.slots).contains { $0.option("helpline") == "valj-att-sluta" }
                || document.pages.flatMap(\.slots).contains { slot in
                    slot.kind == .helplineList && builder.renderer.catalogue.helpline(id: "valj-att-sluta").map { helpline in helpline.groups.contains { (slot.option("groups") ?? "").contains($0.rawValue) } } == true
                }
        }.map(\.id)
        #expect(shows.contains("poster-perpetrator"))
        let entryStart = try #require(catalogue.range(of: "- id: valj-att-sluta"))
        let numberLine = try #require(catalogue.range(of: "number: \"+4620555666\"", range: entryStart.upperBound..<catalogue.endIndex))
        catalogue.insert(contentsOf: "\n        hours: \"Mo-Fr 08:00-17:00\"", at: numberLine.upperBound)
        try catalogue.write(to: catalogueFile, atomically: true, encoding: .utf8)
        let before = try JSONDecoder().decode(PackManifest.self, from: Data(contentsOf: project.output.appendingPathComponent("0000/manifest.json")))
        let (changedBuilder, _) = try project.builder()
        let rebuilt = try changedBuilder.build(profile: profile, options: options, output: project.output)
        #expect(rebuilt.failures.isEmpty)
        #expect(rebuilt.written == shows.count)
        #expect(rebuilt.unchanged == documents - shows.count)
        let after = try JSONDecoder().decode(PackManifest.self, from: Data(contentsOf: project.output.appendingPathComponent("0000/manifest.json")))
        let changed = Set(after.files.filter { file in before.files.first { $0.path == file.path }?.inputs != file.inputs }.map(\.document))
        #expect(changed == Set(shows))
        let text = try String(contentsOf: project.output.appendingPathComponent("0000/sv/poster-perpetrator-A4.pdf"), encoding: .isoLatin1)
        #expect(!text.isEmpty)
    }

    @Test func printOptionsNameTheFilesAndOnlyTheSlidesMakeAVideo() throws {
        let project = try ScratchProject()
        defer { project.remove() }
        let (builder, workspace) = try project.builder()
        let profile = try workspace.profile(at: project.sample)
        var options = PackOptions(documents: ["poster-victim", "slides"], languages: ["se"], formats: [.pdf, .png, .mp4], dpi: 40,
                                  zip: false, print: PrintOptions(bleed: 3, cropMarks: true))
        #expect(builder.jobCount(options) == 5)
        let report = try builder.build(profile: profile, options: options, output: project.output)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let manifest = try JSONDecoder().decode(PackManifest.self, from: Data(contentsOf: project.output.appendingPathComponent("0000/manifest.json")))
        let paths = Set(manifest.files.map(\.path))
        #expect(paths.isSuperset(of: ["se/poster-victim-A4-bleed3-marks.pdf", "se/poster-victim-A4-bleed3-marks.png",
                                      "se/slides-1920x1080.pdf", "se/slides-1920x1080-1.png", "se/slides-1920x1080-4.png",
                                      "se/slides-1920x1080.mp4"]), "\(paths.sorted())")
        #expect(!paths.contains { $0.hasPrefix("se/poster-victim") && $0.hasSuffix(".mp4") })
        // Other print options rebuild the poster, not the slides (which are for screens).
        options.print = PrintOptions(variant: .office)
        let again = try builder.build(profile: profile, options: options, output: project.output)
        #expect(again.failures.isEmpty, "\(again.failures)")
        #expect(again.written == 2 && again.unchanged == 6, "written \(again.written), unchanged \(again.unchanged)")
        // The bleed files of the first build are gone; the office ones are there.
        let folder = project.output.appendingPathComponent("0000/se")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("poster-victim-A4-bleed3-marks.pdf").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("poster-victim-A4-bleed3-marks.png").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("poster-victim-A4-office.pdf").path))
    }

    @Test func aBuildKilledMidwayIsCompletedByTheNextRun() throws {
        let project = try ScratchProject()
        defer { project.remove() }
        let (builder, _) = try project.builder()
        let languages = project.languagesWithTexts(builder)
        let tmv = repositoryRoot.appendingPathComponent(".build/debug/tmv")
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tmv")
        let executable = FileManager.default.isExecutableFile(atPath: binary.path) ? binary : tmv
        let arguments = ["pack", "--resources", project.resources.path, "--municipality", project.sample.path,
                         "--formats", "pdf,svg,png", "--dpi", "100", "--languages", languages.joined(separator: ","),
                         "--output", project.output.path]
        func start() throws -> Process {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let process = try start()
        // Wait until a few files are finished, then kill it without warning.
        let journal = project.output.appendingPathComponent("0000/.journal.jsonl")
        let deadline = Date().addingTimeInterval(60)
        var finishedWhenKilled = 0
        while Date() < deadline {
            finishedWhenKilled = (try? String(contentsOf: journal, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if finishedWhenKilled >= 2 { break }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the build finished before it could be killed")
        #expect(!FileManager.default.fileExists(atPath: project.output.appendingPathComponent("0000/manifest.json").path))
        #expect(finishedWhenKilled < builder.renderer.templates.documents.count * languages.count * 3)

        let rerun = try start()
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        let folder = project.output.appendingPathComponent("0000")
        let manifest = try JSONDecoder().decode(PackManifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        #expect(manifest.files.count >= builder.renderer.templates.documents.count * languages.count * 3)
        for file in manifest.files {
            #expect(try sha256(of: folder.appendingPathComponent(file.path)) == file.sha256, "\(file.path)")
        }
        // No temporary file and no journal is left; every file on disk is in the manifest.
        let onDisk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        let names = Set(onDisk.filter { !$0.hasDirectoryPath }.map { $0.path.replacingOccurrences(of: folder.path + "/", with: "") })
        #expect(names == Set(manifest.files.map(\.path) + ["manifest.json"]))
    }
}
