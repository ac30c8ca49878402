import Foundation
import Testing
@testable import Rendering

/// Review 2026-11-29, D9: four renders of a multi-page document to one name mixed pages of two
/// languages.
@Suite("Pages written as a set")
struct AtomicWriterTests {
    @Test func concurrentWritersNeverMixTheirPages() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-set-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("brochure.svg")
        for round in 0..<20 {
            DispatchQueue.concurrentPerform(iterations: 4) { writer in
                let pages = (1...5).map { RenderedPage(page: $0, bytes: Array("writer \(writer) round \(round)".utf8)) }
                _ = try? AtomicWriter.write(pages, to: output)
            }
            let contents = try (1...5).map { try String(contentsOf: folder.appendingPathComponent("brochure-\($0).svg"), encoding: .utf8) }
            #expect(Set(contents).count == 1, "round \(round): \(contents)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { AtomicWriter.isTemporary($0) })
    }

    @Test func pagesOfALongerEarlierVersionAreRemoved() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-set-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("brochure.png")
        _ = try AtomicWriter.write((1...6).map { RenderedPage(page: $0, bytes: [1]) }, to: output)
        _ = try AtomicWriter.write((1...5).map { RenderedPage(page: $0, bytes: [2]) }, to: output)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == (1...5).map { "brochure-\($0).png" })
    }
}
