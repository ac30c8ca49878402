import Testing
@testable import Layout

@Suite("Numbers and addresses inside right-to-left text")
struct BidiIsolationTests {
    let lri = "\u{2066}"
    let pdi = "\u{2069}"

    @Test func aPhoneNumberWithSpacesIsOneIsolatedRun() {
        #expect(BidiIsolation.isolate("اتصل على 020-50 50 50 الآن") == "اتصل على \(lri)020-50 50 50\(pdi) الآن")
    }

    @Test func punctuationAfterANumberStaysOutside() {
        #expect(BidiIsolation.isolate("الجمعة 08:00–16:30؛ أيام") == "الجمعة \(lri)08:00–16:30\(pdi)؛ أيام")
        #expect(BidiIsolation.isolate("على kollpasoc.se.") == "على \(lri)kollpasoc.se\(pdi).")
    }

    @Test func addressesAndEmailsAreIsolated() {
        #expect(BidiIsolation.isolate("www.bris.se") == "\(lri)www.bris.se\(pdi)")
        #expect(BidiIsolation.isolate("stod@rfsl.se") == "\(lri)stod@rfsl.se\(pdi)")
        #expect(BidiIsolation.isolate("+4620505050") == "\(lri)+4620505050\(pdi)")
    }

    @Test func wordsAreLeftAlone() {
        #expect(BidiIsolation.isolate("هل يؤذيك شخص قريب منك؟") == "هل يؤذيك شخص قريب منك؟")
        #expect(BidiIsolation.isolate("Socialjouren") == "Socialjouren")
    }
}
