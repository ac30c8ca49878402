import Foundation
import Testing

@Suite("tmv catalogue stale")
struct StaleCommandTests {
    @Test func listsWhatWasCheckedMoreThanSixMonthsAgo() throws {
        let run = try tmv("catalogue", "stale", "--older-than", "6m", "--at", "2026-11-30")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("VERIFIED"))
        #expect(run.output.contains("tris"))
        #expect(run.output.contains("2021-12-15"))
        // The figures checked on 2026-11-30 are not six months old.
        #expect(run.output.contains("and 0 channels last checked before 2026-05-30"))
        #expect(run.wroteFiles.isEmpty)

        let json = try tmv("catalogue", "stale", "--at", "2026-12-02", "--older-than", "1d", "--json")
        #expect(json.status == 0, "\(json.errors)")
        let items = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]] ?? []
        #expect(items.contains { $0["entry"] as? String == "tris" && $0["channel"] is NSNull && $0["verified"] as? String == "2021-12-15" })
        #expect(items.contains { $0["entry"] as? String == "polisen" && $0["channel"] as? Int == 0
                && $0["verified"] as? String == "2026-11-30" })
    }

    @Test func refusesAnAgeItCannotRead() throws {
        let run = try tmv("catalogue", "stale", "--older-than", "6x")
        #expect(run.status != 0)
        #expect(run.errors.contains("'6x' is not an age: write e.g. 6m (months), 90d (days), 2w (weeks) or 1y (years)"))
        let date = try tmv("catalogue", "stale", "--at", "yesterday")
        #expect(date.status != 0)
        #expect(date.errors.contains("'yesterday' is not a date"))
    }
}
