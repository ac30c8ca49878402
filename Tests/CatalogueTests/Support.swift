import DataFiles
import Diagnostics
import Foundation
@testable import Catalogue

/// The number plan written out here, so these tests do not depend on the shipped data files.
let plan = SwedishNumberPlan(
    twoDigitCodes: ["08"],
    threeDigitCodes: ["010", "011", "013", "016", "018", "019", "020", "021", "023", "026", "031", "033", "035",
                      "036", "040", "042", "044", "046", "054", "060", "063", "070", "072", "073", "076", "079", "090"],
    fictionalRanges: [313_900_600...313_900_699, 701_740_605...701_740_699])

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

func fixtureText(_ path: String) throws -> String {
    try String(contentsOf: fixtures.appendingPathComponent(path), encoding: .utf8)
}

/// Loads the valid fixture catalogue with one text replaced, returning the problems found.
func problems(replacing old: String, with new: String, file: String = "catalogue/valid.yaml") throws -> [Diagnostic] {
    let text = try fixtureText(file)
    precondition(text.contains(old), "fixture has no \(old)")
    let changed = text.replacingOccurrences(of: old, with: new)
    do {
        let yaml = try YAMLFile(text: changed, name: "helplines.yaml")
        _ = try Catalogue.load(yaml, plan: plan)
        return []
    } catch {
        return error.diagnostics
    }
}
