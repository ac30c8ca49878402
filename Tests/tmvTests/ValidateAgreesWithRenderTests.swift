import Foundation
import Testing

/// Review 2026-11-29, D5 and D13: `municipality validate` called 23 profiles valid that render
/// then refused. Now validate is valid exactly when a pack of every document in every language
/// succeeds, for every profile here.
@Suite("municipality validate agrees with render", .serialized)
struct ValidateAgreesWithRenderTests {
    enum Logo {
        case fixture(String)
        case bytes([UInt8], String)
        case symlink
    }

    /// A profile folder: the sample profile made real-looking-fictional, with the given logo.
    func profile(logo: Logo, edit: (String) -> String = { $0 }) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-agree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var text = try String(contentsOf: projectRoot.appendingPathComponent("Resources/profiles/exempelkommun/profile.yaml"), encoding: .utf8)
        var logoName = "logo.svg"
        switch logo {
        case .fixture(let name):
            logoName = (name as NSString).lastPathComponent
            try FileManager.default.copyItem(atPath: fixture("logos/\(name)"), toPath: folder.appendingPathComponent(logoName).path)
        case .bytes(let bytes, let name):
            logoName = name
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        case .symlink:
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(logoName).path,
                                                       withDestinationPath: projectRoot.appendingPathComponent("Resources/profiles/exempelkommun/logo.svg").path)
        }
        text = text.replacingOccurrences(of: "logo: logo.svg", with: "logo: \(logoName)")
        try edit(text).write(to: folder.appendingPathComponent("profile.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    func agree(_ folder: URL, expectValid: Bool, _ label: String) throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let validate = try tmv("municipality", "validate", folder.appendingPathComponent("profile.yaml").path)
        let output = folder.appendingPathComponent("out")
        let pack = try tmv("pack", "--municipality", folder.appendingPathComponent("profile.yaml").path, "--formats", "pdf",
                           "--no-zip", "--output", output.path)
        #expect((validate.status == 0) == expectValid, "\(label): validate \(validate.status) \(validate.errors)")
        #expect((pack.status == 0) == expectValid, "\(label): pack \(pack.status) \(pack.errors.suffix(300))")
    }

    @Test func theSampleIsValidAndPacks() throws {
        try agree(try profile(logo: .bytes(Array(try Data(contentsOf: projectRoot.appendingPathComponent("Resources/profiles/exempelkommun/logo.svg"))), "logo.svg")),
                  expectValid: true, "sample")
    }

    @Test(arguments: ["billion-laughs.svg", "css-import.svg", "event-handler.svg", "external-entity.svg", "external-image.svg",
                      "local-file.svg", "not-an-image.png", "script.svg"])
    func aHostileLogoIsRefusedByBoth(_ name: String) throws {
        try agree(try profile(logo: .fixture(name)), expectValid: false, name)
    }

    @Test func aLogoThatIsASymbolicLinkIsRefusedByBoth() throws {
        try agree(try profile(logo: .symlink), expectValid: false, "symlink")
    }

    @Test func garbageWithAJPEGNameIsRefusedByBoth() throws {
        try agree(try profile(logo: .bytes([0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "logo.jpg")), expectValid: false, "garbage jpeg")
    }

    @Test func aContactNameInAScriptNoFontHasIsRefusedByBoth() throws {
        let long = "Kvinnojouren 女性の家"
        try agree(try profile(logo: .bytes(Array(try Data(contentsOf: projectRoot.appendingPathComponent("Resources/profiles/exempelkommun/logo.svg"))), "logo.svg"),
                              edit: { $0.replacingOccurrences(of: "name: Kvinnojouren Exempelkommun", with: "name: \(long)") }),
                  expectValid: false, "uncovered letters")
    }
}
