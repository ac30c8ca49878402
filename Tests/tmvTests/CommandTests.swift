import Foundation
import Testing

/// Runs the built `tmv` as a user would, in a fresh empty folder, and checks what it prints,
/// its exit code, and that it wrote nothing.
struct Run {
    var status: Int32
    var output: String
    var errors: String
    var wroteFiles: [String]
}

let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func tmvBinary() -> URL {
    // swift test puts the test bundle and the executables in the same build folder.
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = testBinary.deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = folder.appendingPathComponent("tmv")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        folder = folder.deletingLastPathComponent()
    }
    return projectRoot.appendingPathComponent(".build/debug/tmv")
}

func tmv(_ arguments: String...) throws -> Run {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = Process()
    process.executableURL = tmvBinary()
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["TMV_RESOURCES"] = projectRoot.appendingPathComponent("Resources").path
    process.environment = environment
    // Output goes to files, not pipes: a command that prints a lot to both would otherwise block
    // on a full pipe while the test waits for the other one.
    let capture = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-capture-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: capture) }
    let outFile = capture.appendingPathComponent("out")
    let errFile = capture.appendingPathComponent("err")
    FileManager.default.createFile(atPath: outFile.path, contents: nil)
    FileManager.default.createFile(atPath: errFile.path, contents: nil)
    let out = try FileHandle(forWritingTo: outFile)
    let err = try FileHandle(forWritingTo: errFile)
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    let outData = try Data(contentsOf: outFile)
    let errData = try Data(contentsOf: errFile)
    let written = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    return Run(status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
               errors: String(decoding: errData, as: UTF8.self), wroteFiles: written)
}

func fixture(_ path: String) -> String {
    projectRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(path).path
}

@Suite("tmv catalogue")
struct CatalogueCommandTests {
    @Test func shippedCatalogueIsValid() throws {
        let run = try tmv("catalogue", "validate")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("Resources/catalogue/helplines.yaml: valid"))
        #expect(run.wroteFiles.isEmpty)
    }

    @Test(arguments: [
        ("bad-unknown-field.yaml", "entry 'kvinnofridslinjen', field 'channels[0].opening': is not a field this file format knows"),
        ("bad-phone.yaml", "entry 'kvinnofridslinjen', field 'channels[0].number': '020-50 50 50' is neither an E.164 number"),
        ("bad-hours.yaml", "entry 'ecpat', field 'channels[0].hours': \"Tu-Th 17:00-22:00; Mo,Fri 15:00-17:00\" does not parse at column 23"),
        ("bad-language.yaml", "entry 'kvinnofridslinjen', field 'languages[1]': 'english' is not a BCP 47 language tag"),
        ("bad-duplicate-id.yaml", "entry 'kvinnofridslinjen', field 'id': the id is used twice"),
    ])
    func badCatalogueFailsNamingFileEntryAndField(file: String, message: String) throws {
        let path = fixture("catalogue/\(file)")
        let run = try tmv("catalogue", "validate", path)
        #expect(run.status == 1)
        #expect(run.errors.contains("\(path):"))
        #expect(run.errors.contains(message), "\(run.errors)")
        #expect(run.errors.contains("1 error"))
        #expect(run.output.isEmpty)
        #expect(run.wroteFiles.isEmpty)
    }

    @Test func missingCatalogueFile() throws {
        let run = try tmv("catalogue", "validate", "no-such-file.yaml")
        #expect(run.status == 1)
        #expect(run.errors.contains("no-such-file.yaml: error: the file does not exist"))
    }

    @Test func listShowsOpenNowAtAGivenTime() throws {
        // Tuesday 24 November 2026, 03:00 in Sweden: 24/7 lines are open, office hours are not.
        let run = try tmv("catalogue", "list", "--at", "2026-11-24T03:00", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let list = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]] ?? []
        func channel(_ id: String, _ kind: String) -> [String: Any]? {
            let helpline = list.first { $0["id"] as? String == id }
            let channels = helpline?["channels"] as? [[String: Any]] ?? []
            return channels.first { $0["kind"] as? String == kind }
        }
        #expect(channel("kvinnofridslinjen", "phone")?["contact"] as? String == "020-50 50 50")
        #expect(channel("kvinnofridslinjen", "phone")?["open"] as? Bool == true)
        #expect(channel("bris", "phone")?["contact"] as? String == "116 111")
        #expect(channel("terrafem", "phone")?["open"] as? Bool == false)
        // The same line at 10:00 on a weekday is open.
        let day = try tmv("catalogue", "list", "--at", "2026-11-24T10:00", "--json")
        let dayList = try JSONSerialization.jsonObject(with: Data(day.output.utf8)) as? [[String: Any]] ?? []
        let terrafem = (dayList.first { $0["id"] as? String == "terrafem" }?["channels"] as? [[String: Any]])?.first
        #expect(terrafem?["open"] as? Bool == true)
    }

    @Test func listTableInAnotherLanguage() throws {
        let run = try tmv("catalogue", "list", "--language", "en", "--at", "2026-11-24T03:00")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("ID"))
        #expect(run.output.contains("020-50 50 50"))
    }

    @Test func unknownLanguageAndTime() throws {
        let language = try tmv("catalogue", "list", "--language", "de")
        #expect(language.status != 0)
        #expect(language.errors.contains("'de' is not a campaign language"))
        let time = try tmv("catalogue", "list", "--at", "tomorrow")
        #expect(time.status != 0)
        #expect(time.errors.contains("'tomorrow' is not a time"))
    }

    @Test func showOneHelpline() throws {
        let run = try tmv("catalogue", "show", "kvinnofridslinjen")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("Kvinnofridslinjen"))
        #expect(run.output.contains("phone: 020-50 50 50 — dygnet runt"))
        let missing = try tmv("catalogue", "show", "kvinnofridslinje")
        #expect(missing.status != 0)
        #expect(missing.errors.contains("no helpline has the id 'kvinnofridslinje'; did you mean kvinnofridslinjen"))
    }
}

@Suite("tmv municipality")
struct MunicipalityCommandTests {
    @Test func listAllAsJSON() throws {
        let run = try tmv("municipality", "list", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let list = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: String]] ?? []
        #expect(list.count == 290)
        #expect(Set(list.compactMap { $0["code"] }).count == 290)
        #expect(Set(list.compactMap { $0["county_code"] }).count == 21)
        #expect(list.contains { $0["code"] == "2584" && $0["name"] == "Kiruna" && $0["county"] == "Norrbottens län" })
    }

    @Test func listOneCounty() throws {
        let run = try tmv("municipality", "list", "--county", "Norrbotten")
        #expect(run.status == 0, "\(run.errors)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 15)  // header and Norrbotten's 14 municipalities
        #expect(lines.contains { $0.hasPrefix("2584  Kiruna") })
        let unknown = try tmv("municipality", "list", "--county", "Atlantis")
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("no county matches 'Atlantis'"))
    }

    @Test func sampleProfileIsValid() throws {
        let run = try tmv("municipality", "validate", projectRoot.appendingPathComponent("Resources/profiles/exempelkommun/profile.yaml").path)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("valid, Exempelkommun (0000, fictional) with 4 local contacts"))
        #expect(run.wroteFiles.isEmpty)
    }

    @Test func badProfiles() throws {
        let code = try tmv("municipality", "validate", fixture("profiles/bad-code.yaml"))
        #expect(code.status == 1)
        #expect(code.errors.contains("bad-code.yaml:3: error: entry 'Kiruna', field 'municipality.code': no Swedish municipality has the code 2599"))
        let logo = try tmv("municipality", "validate", fixture("profiles/missing-logo.yaml"))
        #expect(logo.status == 1)
        #expect(logo.errors.contains("field 'logo': the logo file 'kiruna-logo.svg' does not exist"))
        #expect(logo.wroteFiles.isEmpty)
    }
}

@Suite("tmv languages")
struct LanguagesCommandTests {
    @Test func elevenLanguagesWithTheirDirection() throws {
        let run = try tmv("languages", "list", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let list = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: String]] ?? []
        #expect(list.map { $0["tag"] ?? "" } == ["sv", "ar", "prs", "en", "fi", "yi", "fit", "rom", "se", "so", "ckb"])
        let rtl = Set(list.filter { $0["direction"] == "rtl" }.compactMap { $0["tag"] })
        #expect(rtl == ["ar", "prs", "ckb", "yi"])
    }

    @Test func fontsCoverEveryLanguage() throws {
        let run = try tmv("languages", "check")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.split(separator: "\n").count == 11)
    }
}

@Suite("tmv render")
struct RenderCommandTests {
    let sample = projectRoot.appendingPathComponent("Resources/profiles/exempelkommun/profile.yaml").path

    func outputFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func rendersAPosterAsPDF() throws {
        let folder = try outputFolder()
        let output = folder.appendingPathComponent("poster.pdf").path
        let run = try tmv("render", "--document", "poster-victim", "--language", "sv", "--municipality", sample,
                          "--format", "pdf", "--output", output)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("wrote \(output)"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(bytes.starts(with: Array("%PDF-".utf8)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["poster.pdf"])
    }

    @Test func aMissingOutputFolderWritesNothing() throws {
        let folder = try outputFolder()
        let output = folder.appendingPathComponent("no/such/folder/poster.pdf").path
        let run = try tmv("render", "--document", "poster-victim", "--language", "sv", "--municipality", sample,
                          "--format", "pdf", "--output", output)
        #expect(run.status == 1)
        #expect(run.errors.contains("cannot write \(output): the folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aHostileLogoIsRefusedAndNothingIsWritten() throws {
        let folder = try outputFolder()
        let output = folder.appendingPathComponent("poster.pdf").path
        let run = try tmv("render", "--document", "poster-victim", "--language", "sv",
                          "--municipality", fixture("profiles/hostile-logo/profile.yaml"), "--format", "pdf", "--output", output)
        #expect(run.status == 1)
        #expect(run.errors.contains("the municipality's logo 'logo.svg' (of "))
        #expect(run.errors.contains("hostile-logo/profile.yaml) cannot be used: the SVG is refused: it declares XML entities"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func unknownDocumentAndFormat() throws {
        let folder = try outputFolder()
        let document = try tmv("render", "--document", "poster", "--language", "sv", "--municipality", sample,
                               "--format", "pdf", "--output", folder.appendingPathComponent("x.pdf").path)
        #expect(document.status == 1)
        #expect(document.errors.contains("there is no document 'poster'"))
        let format = try tmv("render", "--document", "poster-victim", "--language", "sv", "--municipality", sample,
                             "--format", "gif", "--output", folder.appendingPathComponent("x.gif").path)
        #expect(format.status != 0)
        #expect(format.errors.contains("gif"))
    }

    @Test func documentsAreListed() throws {
        let run = try tmv("documents")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("poster-victim"))
        #expect(run.output.contains("brochure-children"))
        #expect(run.output.contains("A4, A3"))
    }
}

@Suite("tmv translations", .serialized)
struct TranslationsCommandTests {
    /// A copy of Resources and Templates, so an import cannot touch the repository's files.
    func scratch() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-translations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for folder in ["Resources", "Templates"] {
            try FileManager.default.copyItem(at: projectRoot.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
        return root
    }

    func exported(_ root: URL, _ language: String) throws -> String {
        let run = try tmv("translations", "export", language, "--resources", root.appendingPathComponent("Resources").path)
        #expect(run.status == 0, "\(run.errors)")
        return run.output
    }

    func importing(_ text: String, into root: URL) throws -> (Run, String) {
        let file = root.appendingPathComponent("returned.xlf")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let current = root.appendingPathComponent("Resources/translations/ar.xlf")
        let before = try String(contentsOf: current, encoding: .utf8)
        let run = try tmv("translations", "import", file.path, "--resources", root.appendingPathComponent("Resources").path)
        let after = try String(contentsOf: current, encoding: .utf8)
        return (run, run.status == 0 ? "changed" : (before == after ? "untouched" : "CHANGED"))
    }

    @Test func statusAndCheckOnTheShippedTexts() throws {
        let status = try tmv("translations", "status", "--json")
        #expect(status.status == 0, "\(status.errors)")
        let list = try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [[String: Any]] ?? []
        #expect(list.count == 11)
        #expect(list.allSatisfy { ($0["missing"] as? Int) == 0 && ($0["tooLong"] as? [String])?.isEmpty == true })
        let check = try tmv("translations", "check")
        #expect(check.status == 0, "\(check.errors)")
    }

    @Test func aGoodFileFromATranslatorIsImported() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        var text = try exported(root, "ar")
        #expect(text.contains("trgLang=\"ar\""))
        // The translator reviews the label and changes its wording.
        text = text.replacingOccurrences(
            of: "<segment state=\"translated\"><source>HJÄLP LOKALT</source><target>مساعدة محلية</target>",
            with: "<segment state=\"reviewed\"><source>HJÄLP LOKALT</source><target>مساعدة في منطقتك</target>")
        let (run, state) = try importing(text, into: root)
        #expect(run.status == 0, "\(run.errors)")
        #expect(state == "changed")
        #expect(run.output.contains("(1 reviewed)"))
        let saved = try String(contentsOf: root.appendingPathComponent("Resources/translations/ar.xlf"), encoding: .utf8)
        #expect(saved.contains("<segment state=\"reviewed\"><source>HJÄLP LOKALT</source><target>مساعدة في منطقتك</target>"))
    }

    @Test(arguments: [
        ("wrong language", "trgLang=\"ar\"", "trgLang=\"fi\"", "is not one of the campaign texts' languages|the file is for 'fi', not 'ar'|has right-to-left letters"),
        ("unknown unit", "<unit id=\"label.local-help\">", "<unit id=\"label.local-hjalp\">", "label.local-hjalp': is not a unit of the campaign texts"),
        ("empty translation", "<target>مساعدة محلية</target>", "<target></target>", "entry 'label.local-help': has no translation"),
        ("broken markup", "<target>مساعدة محلية</target>", "<target>مساعدة <b>محلية</target>", "not well-formed"),
        ("inline markup", "<target>مساعدة محلية</target>", "<target>مساعدة <b>محلية</b></target>", "inline markup <b>"),
        ("wrong direction", "<target>مساعدة محلية</target>", "<target>Local help</target>", "is written left-to-right, but ar is a right-to-left language"),
        ("too long", "<target>مساعدة محلية</target>", "<target>\(String(repeating: "مساعدة محلية في بلديتك ", count: 12))</target>", "does not fit"),
        // D1: one invisible direction character would print every number of the language backwards.
        ("direction character", "<target>مساعدة محلية</target>", "<target>مساعدة\u{202E} محلية</target>",
         "entry 'label.local-help', field 'target': holds the invisible direction character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        // D4: a megabyte headline is refused by its length, not measured as fitting.
        ("a megabyte", "<target>مساعدة محلية</target>", "<target>A_MEGABYTE_OF_TEXT</target>",
         "is 1000000 characters long; the limit for a paragraph is 2000"),
    ])
    func aBadFileIsRefusedAndTheCurrentFileIsUntouched(kind: String, old: String, new: String, message: String) throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let text = try exported(root, "ar")
        #expect(text.contains(old), "\(kind): the export has no \(old)")
        // The megabyte is made here, not in the arguments, which the test log prints.
        let replacement = new.replacingOccurrences(of: "A_MEGABYTE_OF_TEXT", with: String(repeating: "م", count: 1_000_000))
        let (run, state) = try importing(text.replacingOccurrences(of: old, with: replacement), into: root)
        #expect(run.status == 1, "\(kind)")
        #expect(state == "untouched", "\(kind)")
        #expect(message.split(separator: "|").contains { run.errors.contains($0) }, "\(kind): \(run.errors)")
    }
}
