import Testing
@testable import Catalogue

@Suite("Phone numbers")
struct PhoneNumberTests {
    @Test(arguments: [
        ("+4620505050", nil, "020-50 50 50"),
        ("116111", nil, "116 111"),
        ("116006", nil, "116 006"),
        ("112", nil, "112"),
        ("11414", nil, "114 14"),
        ("1177", nil, "1177"),
        ("+46102559191", nil, "010-255 91 91"),
        ("+46812345678", nil, "08-123 456 78"),
        ("+4681234567", nil, "08-123 45 67"),
        ("+46701234567", nil, "070-123 45 67"),
        ("+4698012345", nil, "0980-123 45"),
        ("+4620818283", nil, "020-81 82 83"),
        ("+4620555666", "020-555 666", "020-555 666"),
    ] as [(String, String?, String)])
    func shownTheSwedishWay(stored: String, display: String?, expected: String) throws {
        let number = try PhoneNumber(stored: stored, display: display)
        #expect(plan.format(number) == expected)
    }

    @Test func dialStrings() throws {
        #expect(try PhoneNumber(stored: "+4620505050").dialString == "+4620505050")
        #expect(try PhoneNumber(stored: "+4620505050").nationalDigits == "020505050")
        #expect(try PhoneNumber(stored: "116111").dialString == "116111")
    }

    @Test(arguments: [
        ("020-50 50 50", "neither an E.164"),
        ("+46 20 50 50 50", "neither an E.164"),
        ("+4520505050", "not a Swedish number"),
        ("+46020505050", "neither an E.164"),
        ("+46123", "wrong number of digits"),
        ("+46123456789012", "wrong number of digits"),
        ("12", "wrong number of digits"),
        ("2345", "neither an E.164"),
        ("", "neither an E.164"),
    ])
    func invalidNumbers(stored: String, reason: String) {
        #expect {
            _ = try PhoneNumber(stored: stored)
        } throws: { error in
            (error as? PhoneNumber.Problem)?.description.contains(reason) == true
        }
    }

    @Test func displayMustKeepTheDigits() {
        #expect(throws: PhoneNumber.Problem.displayDiffers(display: "020-555 667", number: "+4620555666")) {
            _ = try PhoneNumber(stored: "+4620555666", display: "020-555 667")
        }
    }

    @Test func fictionalRanges() throws {
        #expect(plan.isFictional(try PhoneNumber(stored: "+46313900650")))
        #expect(!plan.isFictional(try PhoneNumber(stored: "+46313900700")))
        #expect(!plan.isFictional(try PhoneNumber(stored: "112")))
    }
}

/// Numbers as people type them in a profile or a form.
struct WrittenPhoneNumberTests {
    @Test(arguments: [
        ("0980-700 00", "+4698070000"), ("0980 70000", "+4698070000"), ("+46 980 700 00", "+4698070000"),
        ("0046 980 700 00", "+4698070000"), ("(0980) 700 00", "+4698070000"), ("+46 (0)980 700 00", "+4698070000"),
        ("020-50 50 50", "+4620505050"), ("116 111", "116111"), ("112", "112"), ("114 14", "11414"),
    ])
    func writtenNumbersAreRead(written: String, stored: String) throws {
        #expect(try PhoneNumber(written: written).stored == stored)
    }

    @Test(arguments: [
        ("+47 22 00 00 00", "not a Swedish number"), ("0980-700 0x", "'x'"), ("0980", "digits"), ("980 700 00", "starts with neither"),
        ("", "no number"), ("1", "digits"),
    ])
    func whatIsNotASwedishNumberIsRefusedWithItsReason(written: String, reason: String) {
        do {
            _ = try PhoneNumber(written: written)
            Issue.record("\(written) was accepted")
        } catch {
            #expect(error.description.contains(reason), "\(written): \(error.description)")
        }
    }
}
