import DataFiles
import Diagnostics
import Foundation
import InputRules

/// A Swedish telephone number a poster prints and a phone dials.
///
/// Stored as E.164 (`+4620505050`) for ordinary numbers and as bare digits for Swedish short
/// numbers (`116111`, `112`, `11414`), which have no E.164 form. Shown the Swedish way by
/// `SwedishNumberPlan.format(_:)`: 020-50 50 50, 116 111, 010-255 91 91, 08-123 456 78.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A number with an area code; `digits` is the national significant number (no leading 0).
        case national
        /// A short number dialled as is: 112, 114 14, 116 111, 1177.
        case short
    }

    public let kind: Kind
    public let digits: String
    /// A campaign's own grouping of the same digits, e.g. "020-555 666".
    public let display: String?

    /// What a `tel:` link dials: `+4620505050` or `116111`.
    public var dialString: String { kind == .national ? "+46" + digits : digits }
    /// The number as written in Sweden, with its leading 0: `020505050`.
    public var nationalDigits: String { kind == .national ? "0" + digits : digits }
    public var description: String { dialString }

    /// Why a written number is not a valid Swedish number, or nil when it is.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case notE164(String)
        case wrongLength(String)
        case notSwedish(String)
        case displayDiffers(display: String, number: String)
        /// A number written by a person (in a profile) that is not a Swedish number.
        case written(WrittenProblem)

        public var description: String {
            switch self {
            case .written(let problem):
                return problem.description
            case .notE164(let text):
                return "'\(text)' is neither an E.164 number (+46 and digits, no spaces) nor a Swedish short number (digits starting with 1)"
            case .wrongLength(let text):
                return "'\(text)' has the wrong number of digits for a Swedish number"
            case .notSwedish(let text):
                return "'\(text)' is not a Swedish number (it must start with +46)"
            case .displayDiffers(let display, let number):
                return "the display form '\(display)' does not have the same digits as \(number)"
            }
        }

        public var hint: String {
            switch self {
            case .notE164, .notSwedish: return "write 020-50 50 50 as \"+4620505050\" and 116 111 as \"116111\""
            case .wrongLength: return "a Swedish number has 7 to 10 digits after +46; a short number 3 to 6 digits"
            case .displayDiffers: return "the display form may only regroup the digits of the number"
            case .written: return "write it as you would on a note, e.g. 0980-700 00, +46 980 700 00 or 116 111"
            }
        }
    }

    /// Reads a number as the catalogue stores it.
    public init(stored text: String, display: String? = nil) throws(Problem) {
        if text.hasPrefix("+") {
            let rest = text.dropFirst()
            guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notE164(text) }
            guard rest.hasPrefix("46") else { throw .notSwedish(text) }
            let national = rest.dropFirst(2)
            guard let first = national.first, first != "0" else { throw .notE164(text) }
            guard (7...10).contains(national.count) else { throw .wrongLength(text) }
            self.kind = .national
            self.digits = String(national)
        } else {
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), text.hasPrefix("1") else {
                throw .notE164(text)
            }
            guard (3...6).contains(text.count) else { throw .wrongLength(text) }
            self.kind = .short
            self.digits = text
        }
        if let display {
            let displayDigits = display.filter { $0.isASCII && $0.isNumber }
            let allowed = display.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == " " || $0 == "-" }
            let expected = kind == .national ? "0" + digits : digits
            guard allowed, displayDigits == expected else {
                throw .displayDiffers(display: display, number: text)
            }
        }
        self.display = display
    }
}

extension PhoneNumber {
    /// Why a number typed by a person is not a Swedish number; said so a communicator can fix it.
    public enum WrittenProblem: Error, Sendable, Hashable, CustomStringConvertible {
        case empty
        case strayCharacters(String, String)
        case notSwedish(String)
        case wrongLength(String, digits: Int)
        case noLeadingZero(String)

        public var description: String {
            switch self {
            case .empty: return "no number is given"
            case .strayCharacters(let text, let characters):
                return "'\(text)' holds \(characters), which a phone number does not have"
            case .notSwedish(let text): return "'\(text)' is not a Swedish number: it has another country code than +46"
            case .wrongLength(let text, let digits):
                return "'\(text)' has \(digits) digits; a Swedish number has 8 to 11 digits with its leading 0, a short number 3 to 6"
            case .noLeadingZero(let text):
                return "'\(text)' starts with neither 0, +46 nor 1; write the area code with its 0, e.g. 0980-700 00"
            }
        }
    }

    /// Reads a number as Swedes write it: "0980-700 00", "0980 70000", "+46 980 700 00",
    /// "0046 980 700 00", "(0980) 700 00", "116 111", "020-50 50 50".
    ///
    /// The files store it canonically (`+4698070000`, `116111`); `SwedishNumberPlan.format` shows
    /// it back the Swedish way.
    public init(written text: String) throws(WrittenProblem) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        let separators: Set<Character> = [" ", "-", "\u{2010}", "\u{2011}", "\u{2013}", "\u{2212}", "(", ")", "/", ".", "\u{00A0}", "\u{202F}"]
        var digits = ""
        var plus = false
        var stray: [Character] = []
        for (index, character) in trimmed.enumerated() {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else if character == "+" && index == 0 {
                plus = true
            } else if !separators.contains(character) {
                if !stray.contains(character) { stray.append(character) }
            }
        }
        guard stray.isEmpty else {
            throw .strayCharacters(trimmed, stray.map { "'\($0)'" }.joined(separator: ", "))
        }
        guard !digits.isEmpty else { throw .empty }
        var national: String
        if plus || digits.hasPrefix("00") {
            let international = plus ? digits : String(digits.dropFirst(2))
            guard international.hasPrefix("46") else { throw .notSwedish(trimmed) }
            national = String(international.dropFirst(2))
            // "+46 (0)980 ..." : the 0 in brackets is not dialled from abroad.
            if national.hasPrefix("0") { national.removeFirst() }
        } else if digits.hasPrefix("0") {
            national = String(digits.dropFirst())
        } else if digits.hasPrefix("1") {
            guard (3...6).contains(digits.count) else { throw .wrongLength(trimmed, digits: digits.count) }
            do { self = try PhoneNumber(stored: digits) } catch { throw .wrongLength(trimmed, digits: digits.count) }
            return
        } else {
            throw .noLeadingZero(trimmed)
        }
        guard (7...10).contains(national.count), national.first != "0" else {
            throw .wrongLength(trimmed, digits: national.count + 1)
        }
        do { self = try PhoneNumber(stored: "+46" + national) } catch { throw .wrongLength(trimmed, digits: national.count + 1) }
    }

    /// The canonical form the files store: `+4698070000` or `116111`.
    public var stored: String { dialString }
}

/// Sweden's numbering plan, as far as writing numbers needs it: how long each area code is.
///
/// Loaded from Resources/telephony/area-codes.yaml, whose source is named in the file.
public struct SwedishNumberPlan: Sendable, Hashable {
    public var twoDigitCodes: Set<String>
    public var threeDigitCodes: Set<String>
    /// Ranges the regulator (PTS) reserves for fiction; no real helpline may use one.
    public var fictionalRanges: [ClosedRange<Int>]

    public init(twoDigitCodes: Set<String>, threeDigitCodes: Set<String>, fictionalRanges: [ClosedRange<Int>] = []) {
        self.twoDigitCodes = twoDigitCodes
        self.threeDigitCodes = threeDigitCodes
        self.fictionalRanges = fictionalRanges
    }

    /// The area code, with its leading 0, of a national number.
    public func areaCode(of number: PhoneNumber) -> String? {
        guard number.kind == .national else { return nil }
        let national = number.nationalDigits
        if let code = twoDigitCodes.first(where: { national.hasPrefix($0) }) { return code }
        if threeDigitCodes.contains(String(national.prefix(3))) { return String(national.prefix(3)) }
        return String(national.prefix(4))
    }

    /// The number as a Swedish reader expects it: `020-50 50 50`, `08-123 456 78`, `116 111`.
    public func format(_ number: PhoneNumber) -> String {
        if let display = number.display { return display }
        switch number.kind {
        case .short:
            return Self.group(number.digits, short: true)
        case .national:
            guard let code = areaCode(of: number) else { return number.nationalDigits }
            let subscriber = String(number.nationalDigits.dropFirst(code.count))
            return code + "-" + Self.group(subscriber, short: false)
        }
    }

    /// Groups digits in twos and threes from the right, the Swedish way (Svenska skrivregler).
    static func group(_ digits: String, short: Bool) -> String {
        let chars = Array(digits)
        let sizes: [Int]
        switch (chars.count, short) {
        case (0...4, true): sizes = [chars.count]
        case (5, true): sizes = [3, 2]
        case (6, true): sizes = [3, 3]
        case (0...3, false): sizes = [chars.count]
        case (4, false): sizes = [2, 2]
        case (5, false): sizes = [3, 2]
        case (6, false): sizes = [2, 2, 2]
        case (7, false): sizes = [3, 2, 2]
        case (8, false): sizes = [3, 3, 2]
        default:
            var rest = chars.count
            var groups: [Int] = []
            while rest > 4 { groups.append(3); rest -= 3 }
            if rest == 4 { groups += [2, 2] } else if rest > 0 { groups.append(rest) }
            sizes = groups
        }
        var out: [String] = []
        var index = 0
        for size in sizes {
            let end = min(index + size, chars.count)
            out.append(String(chars[index..<end]))
            index = end
        }
        return out.joined(separator: " ")
    }

    public func isFictional(_ number: PhoneNumber) -> Bool {
        guard number.kind == .national, let value = Int(number.digits) else { return false }
        return fictionalRanges.contains { $0.contains(value) }
    }

    struct AreaCodeRecord: Codable {
        var source: String
        var twoDigit: [String]
        var threeDigit: [String]
        enum CodingKeys: String, CodingKey {
            case source
            case twoDigit = "two-digit"
            case threeDigit = "three-digit"
        }
    }

    struct FictionalRecord: Codable {
        struct Range: Codable {
            var from: String
            var to: String
            var note: String?
        }
        var source: String
        var ranges: [Range]
    }

    /// Reads area-codes.yaml and fictional-numbers.yaml from a folder.
    public static func load(from folder: URL, displayPrefix: String = "Resources/telephony") throws(ValidationFailed) -> SwedishNumberPlan {
        var problems: [Diagnostic] = []
        var plan = SwedishNumberPlan(twoDigitCodes: [], threeDigitCodes: [])
        let areaName = "\(displayPrefix)/area-codes.yaml"
        do {
            let file = try YAMLFile(contentsOf: folder.appendingPathComponent("area-codes.yaml"), name: areaName, kind: .telephony)
            let decoded = RecordDecoder(file: areaName).decode(AreaCodeRecord.self, from: file.root, entry: nil)
            problems += decoded.problems
            if let record = decoded.value {
                for (field, codes, length) in [("two-digit", record.twoDigit, 2), ("three-digit", record.threeDigit, 3)] {
                    for code in codes where code.count != length || !code.hasPrefix("0") || !code.allSatisfy(\.isNumber) {
                        problems.append(Diagnostic(file: areaName, field: field, message: "'\(code)' is not a \(length)-digit area code starting with 0"))
                    }
                }
                plan.twoDigitCodes = Set(record.twoDigit)
                plan.threeDigitCodes = Set(record.threeDigit)
            }
        } catch {
            problems += error.diagnostics
        }
        let fictionName = "\(displayPrefix)/fictional-numbers.yaml"
        do {
            let file = try YAMLFile(contentsOf: folder.appendingPathComponent("fictional-numbers.yaml"), name: fictionName, kind: .telephony)
            let decoded = RecordDecoder(file: fictionName).decode(FictionalRecord.self, from: file.root, entry: nil)
            problems += decoded.problems
            if let record = decoded.value {
                for (index, range) in record.ranges.enumerated() {
                    do {
                        let from = try PhoneNumber(stored: range.from)
                        let to = try PhoneNumber(stored: range.to)
                        guard let low = Int(from.digits), let high = Int(to.digits), low <= high,
                              from.kind == .national, to.kind == .national else {
                            problems.append(Diagnostic(file: fictionName, field: "ranges[\(index)]", message: "'from' must not be after 'to'"))
                            continue
                        }
                        plan.fictionalRanges.append(low...high)
                    } catch {
                        problems.append(Diagnostic(file: fictionName, field: "ranges[\(index)]", message: error.description, hint: error.hint))
                    }
                }
            }
        } catch {
            problems += error.diagnostics
        }
        if !problems.isEmpty { throw ValidationFailed(problems) }
        return plan
    }
}
