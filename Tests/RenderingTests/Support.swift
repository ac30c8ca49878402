import Drawing
import Foundation
import Municipalities
import Rendering
import Translations
import Workspace

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
/// Where Resources/ and Templates/ are read from: this repository.
let projectRoot = ProcessInfo.processInfo.environment["TMV_TEST_PROJECT"].map { URL(fileURLWithPath: $0) } ?? repositoryRoot
let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures")

/// The shipped data, templates and sample municipality, loaded once for all tests.
struct Shipped: Sendable {
    let renderer: DocumentRenderer
    let profile: MunicipalityProfile
    let logo: LoadedImage

    static let shared: Result<Shipped, Error> = Result {
        let workspace = Workspace(resources: projectRoot.appendingPathComponent("Resources"))
        let renderer = try DocumentRenderer(workspace: workspace)
        let profile = try workspace.profile(at: workspace.sampleProfile)
        return Shipped(renderer: renderer, profile: profile, logo: try DocumentRenderer.logo(of: profile))
    }

    static func get() throws -> Shipped { try shared.get() }
}

/// Runs a command-line program and returns its standard output; for pdftotext, qpdf, zbarimg.
@discardableResult
func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent(name)
    try Data(bytes).write(to: file)
    return file
}

/// Text extracted from a PDF with pdftotext, spaces normalised.
func pdfText(_ pdf: [UInt8]) throws -> String {
    let file = try temporaryFile("doc.pdf", pdf)
    return try run("pdftotext", [file.path, "-"]).output
}
