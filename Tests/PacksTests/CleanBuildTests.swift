import Foundation
import Packs
import Rendering
import Testing

/// Review 2026-11-29: D7 (a killed ZIP write leaves its temporary file for good), D8 (two packs
/// into one folder), D10 (a failed manifest hides what was written; a full disk is called
/// "not writable"), D15 (raw Foundation errors).
@Suite("Builds that clean up", .serialized)
struct CleanBuildTests {
    @Test func leftoversOfAKilledBuildAreRemovedByTheNextOne() throws {
        let project = try ScratchProject()
        defer { project.remove() }
        let (builder, workspace) = try project.builder()
        let profile = try workspace.profile(at: project.sample)
        let options = PackOptions(documents: ["poster-victim"], languages: ["sv"], formats: [.pdf], dpi: 40)
        try FileManager.default.createDirectory(at: project.output.appendingPathComponent("0000/sv"), withIntermediateDirectories: true)
        // What a build killed while writing its ZIP, or inside Foundation, leaves behind.
        let leftovers = [project.output.appendingPathComponent(".exempelkommun-0000.zip.tmp-0F1E2D3C"),
                         project.output.appendingPathComponent(".dat.nosync1234.abcd"),
                         project.output.appendingPathComponent("0000/sv/.poster-victim-A4.pdf.tmp-11112222"),
                         project.output.appendingPathComponent("0000/.dat.nosync99.ef")]
        for file in leftovers { try Data("half".utf8).write(to: file) }
        let report = try builder.build(profile: profile, options: options, output: project.output)
        #expect(report.failures.isEmpty)
        for file in leftovers { #expect(!FileManager.default.fileExists(atPath: file.path), "\(file.lastPathComponent) survived") }
        #expect(FileManager.default.fileExists(atPath: project.output.appendingPathComponent("exempelkommun-0000.zip").path))
    }

    @Test func aSecondPackIntoTheSameFolderIsToldToWait() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let first = try OutputLock(folder: folder)
            #expect(throws: OutputLock.Busy.self) { try OutputLock(folder: folder) }
            do {
                _ = try OutputLock(folder: folder)
            } catch {
                #expect("\(error)".contains("another tmv pack is writing into \(folder.path)"))
            }
            withExtendedLifetime(first) {}
        }
        // Released with its holder, as a killed process releases it.
        _ = try OutputLock(folder: folder)
    }

    @Test func aManifestThatCannotBeWrittenIsOneFailureBesideTheFilesWritten() throws {
        let project = try ScratchProject()
        defer { project.remove() }
        let (builder, workspace) = try project.builder()
        let profile = try workspace.profile(at: project.sample)
        let options = PackOptions(documents: ["poster-victim", "poster-relative"], languages: ["sv", "en"], formats: [.pdf], dpi: 40)
        // A folder where the manifest belongs: its write fails after every document was written.
        try FileManager.default.createDirectory(at: project.output.appendingPathComponent("0000/manifest.json"), withIntermediateDirectories: true)
        let report = try builder.build(profile: profile, options: options, output: project.output)
        #expect(report.written == 4)
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.job == "manifest and ZIP")
        #expect(report.failures.first?.reason.contains("manifest.json") == true)
    }

    @Test func systemErrorsAreSentences() {
        #expect(AtomicWriter.describe(errno: ENOSPC) == "the disk is full")
        #expect(AtomicWriter.describe(errno: EACCES) == "permission denied: this user may not write there")
        let permission = NSError(domain: NSCocoaErrorDomain, code: NSFileWriteNoPermissionError,
                                 userInfo: [NSFilePathErrorKey: "/srv/out", NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))])
        #expect(PackBuilder.describe(permission) == "permission denied: this user may not write there")
        #expect(PackBuilder.describe(NSError(domain: NSCocoaErrorDomain, code: NSFileWriteOutOfSpaceError)) == "the disk is full")
    }

    @Test func aFullDiskIsCalledAFullDisk() throws {
        // /dev/full answers every write with ENOSPC, as a full disk does.
        #expect(AtomicWriter.write(bytes: [1, 2, 3], toDescriptor: open("/dev/full", O_WRONLY)) == "the disk is full")
    }
}
