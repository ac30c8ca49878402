import Testing
@testable import Drawing

/// The bound on what a thread keeps: two generations, the older dropped when the newer is full,
/// and a value still in use carried over.
@Suite("Kept layouts' generations")
struct GenerationsTests {
    func key(_ text: String) -> LayoutKey {
        LayoutKey(text: text, style: TextStyle(families: ["Noto Sans"], size: 12, language: "sv", rightToLeft: false), width: 100)
    }

    @Test func theOlderGenerationIsDroppedWhenTheNewerIsFull() {
        var kept = Generations<Int>(size: 2)
        #expect(kept.keep(1, for: key("a")).isEmpty)
        #expect(kept.keep(2, for: key("b")).isEmpty)
        // The newer generation is full: it becomes the older one, nothing was older yet.
        #expect(kept.keep(3, for: key("c")).isEmpty)
        #expect(kept.keep(4, for: key("d")).isEmpty)
        // Full again: the first generation (a, b) is dropped.
        #expect(Set(kept.keep(5, for: key("e"))) == [1, 2])
        #expect(kept.value(for: key("a")).value == nil)
        #expect(kept.value(for: key("e")).value == 5)
    }

    @Test func aValueFoundInTheOlderGenerationIsCarriedOver() {
        var kept = Generations<Int>(size: 2)
        _ = kept.keep(1, for: key("a"))
        _ = kept.keep(2, for: key("b"))
        _ = kept.keep(3, for: key("c"))
        // "a" is older now; asking for it moves it to the newer generation.
        #expect(kept.value(for: key("a")).value == 1)
        let dropped = kept.keep(4, for: key("d"))
        #expect(Set(dropped) == [2])
        #expect(kept.value(for: key("a")).value == 1)
        #expect(Set(kept.removeAll()) == [1, 3, 4])
    }

    @Test func theColourDoesNotMakeAnotherLayout() {
        var red = TextStyle(families: ["Noto Sans"], size: 12, language: "sv", rightToLeft: false)
        red.color = RGBColor(red: 1, green: 0, blue: 0)
        let black = TextStyle(families: ["Noto Sans"], size: 12, language: "sv", rightToLeft: false)
        #expect(LayoutKey(text: "Bris", style: red, width: 100) == LayoutKey(text: "Bris", style: black, width: 100))
        #expect(LayoutKey(text: "Bris", style: black, width: 100) != LayoutKey(text: "Bris", style: black, width: 101))
    }
}
