import Testing
@testable import Drawing

@Suite("Font coverage")
struct FontProbeTests {
    @Test func arabicWithAnArabicFontNeedsNoFallback() {
        let coverage = FontProbe.coverage(of: "العنف ليس مقبولاً أبداً 020-50 50 50", families: ["Noto Sans Arabic", "Noto Sans"])
        #expect(coverage.unknownGlyphs == 0)
        #expect(coverage.familiesUsed.contains("Noto Sans Arabic"))
        #expect(coverage.unexpectedFamilies(requested: ["Noto Sans Arabic", "Noto Sans"]).isEmpty)
    }

    @Test func arabicWithOnlyALatinFontFallsBackSilently() {
        // Pango finds some other font for the Arabic letters: the check must notice.
        let coverage = FontProbe.coverage(of: "العنف ليس مقبولاً", families: ["Noto Sans"])
        #expect(!coverage.unexpectedFamilies(requested: ["Noto Sans"]).isEmpty)
    }

    @Test func northSamiLettersAreCovered() {
        let coverage = FontProbe.coverage(of: "Veahkaválddi ii leat goassege ŋ š đ ŧ ž á č", families: ["Noto Sans"])
        #expect(coverage.unknownGlyphs == 0)
        #expect(coverage.familiesUsed == ["Noto Sans"])
    }

    @Test func aCharacterNoFontHasIsCounted() {
        // U+E000 is a private-use character no shipped font draws.
        let coverage = FontProbe.coverage(of: "A\u{E000}B", families: ["Noto Sans"])
        #expect(coverage.unknownGlyphs == 1)
    }

    @Test func installedFamiliesIncludeNoto() {
        let families = FontProbe.installedFamilies()
        #expect(families.contains("Noto Sans"))
        #expect(families.contains("Noto Sans Arabic"))
        #expect(families.contains("Noto Sans Hebrew"))
    }
}
