import Foundation
import Testing
import Workspace
@testable import Catalogue

/// The catalogue file edited one entry at a time, as the web tool's drafts and publishes do it.
@Suite("One entry of the catalogue file rewritten")
struct CatalogueTextTests {
    let workspace = Workspace(resources: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Resources"))

    func shippedText() throws -> String { try String(contentsOf: workspace.catalogueFile, encoding: .utf8) }

    @Test func everyEntryWrittenAgainReadsBackAsItselfAndLeavesTheOthersAlone() throws {
        let text = try shippedText()
        let plan = try workspace.numberPlan()
        let entries = try CatalogueText.entries(in: text)
        #expect(entries.count > 20)
        for entry in entries {
            #expect(CatalogueText.writesFaithfully(entry), "\(entry.id)")
            let rewritten = CatalogueText.replacing(entry, in: text)
            #expect(try CatalogueText.entries(in: rewritten) == entries, "\(entry.id)")
            _ = try CatalogueText.load(rewritten, plan: plan)
            // Everything outside the entry is as it was, the file's comments included.
            let outside = text.components(separatedBy: "\n").filter { $0.hasPrefix("#") || $0.hasPrefix("  #") }
            #expect(outside.allSatisfy(rewritten.contains), "\(entry.id)")
        }
    }

    @Test func aChangedEntryChangesOnlyItsLinesAndKeepsItsComments() throws {
        let text = try shippedText()
        var entry = try CatalogueText.entry("valj-att-sluta", in: text)
        entry.channels[0].hours = "Mo-Fr 09:00-17:00"
        let rewritten = CatalogueText.replacing(entry, in: text)
        let before = text.components(separatedBy: "\n")
        let after = rewritten.components(separatedBy: "\n")
        let removed = before.filter { !after.contains($0) }
        let added = after.filter { !before.contains($0) }
        #expect(removed.isEmpty)
        #expect(added.count == 1)
        #expect(added.first?.contains("hours: \"Mo-Fr 09:00-17:00\"") == true)
        // The comments on the entry's own lines are still there.
        #expect(rewritten.contains("display: \"020-555 666\"      # the campaign prints it grouped this way"))
        #expect(rewritten.contains("- id: valj-att-sluta                # Bilaga 1, seed lines 1643-1644"))
    }

    @Test func textsWithQuotesColonsHashesLineBreaksAndControlsReadBackAsTyped() throws {
        let text = try shippedText()
        var entry = try CatalogueText.entry("tris", in: text)
        let awkward = ["- a list? no: \"quoted\" # not a comment", "two\nlines\r\nwith CR", "tab\there", "true", "12:30", "+46 8", "\u{2028}x",
                       String(repeating: "long words here ", count: 20) + "end", "ends with a space "]
        for value in awkward {
            entry.source.remarks = value
            entry.name = value.replacingOccurrences(of: "\n", with: " ")
            #expect(CatalogueText.writesFaithfully(entry), "\(value.debugDescription)")
            #expect(try CatalogueText.entry("tris", in: CatalogueText.replacing(entry, in: text)) == entry, "\(value.debugDescription)")
        }
    }

    @Test func aNewEntryIsAddedAtTheEndAndTheHeaderTakesTheVersion() throws {
        let text = try shippedText()
        var entry = try CatalogueText.entry("tris", in: text)
        entry.id = "ny-linje"
        let added = CatalogueText.replacing(entry, in: text)
        #expect(try CatalogueText.entries(in: added).last == entry)
        let stamped = CatalogueText.settingHeader(version: "2026-12-01", revision: 7, in: added)
        #expect(stamped.contains("  version: \"2026-12-01\"\n  revision: 7\n"))
        let again = CatalogueText.settingHeader(version: "2026-12-02", revision: 8, in: stamped)
        #expect(again.contains("  version: \"2026-12-02\"\n  revision: 8\n"))
        #expect(!again.contains("revision: 7"))
        // A file with Windows line ends finds its entries all the same.
        let windows = text.replacingOccurrences(of: "\n", with: "\r\n")
        var tris = try CatalogueText.entry("tris", in: text)
        tris.name = "TRIS"
        #expect(try CatalogueText.entries(in: CatalogueText.replacing(tris, in: windows)).filter { $0.id == "tris" } == [tris])
    }
}
