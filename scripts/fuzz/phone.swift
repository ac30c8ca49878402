// libFuzzer target for the phone-number code (Sources/Catalogue/PhoneNumber.swift), built by
// build.sh with PhoneNumber.swift compiled into this binary as module Catalogue (its DataFiles
// import is satisfied by shim/DataFiles.swift, since the YAML loader is not what is fuzzed).
//
// Each input is read as UTF-8 text (invalid bytes become U+FFFD); the first line is the stored
// number and, when there is a newline, the rest is the campaign's display form:
// `PhoneNumber(stored:display:)`. For a number that is accepted it traps when
// - its dial string is not the text it was read from, or does not read back as the same number;
// - `SwedishNumberPlan.format` (area codes from Resources/telephony/area-codes.yaml) writes
//   anything but digits, spaces and one hyphen after the area code, loses or adds digits, writes
//   an empty group, or writes a form that `PhoneNumber(stored:display:)` refuses as a display form;
// - a display form that was accepted is not what `format` shows;
// - `isFictional` (ranges from fictional-numbers.yaml) is true for a short number.

/// The area codes and fictional ranges, from the YAML files build.sh puts into
/// `shippedAreaCodesYAML` and `shippedFictionalNumbersYAML`.
let plan: SwedishNumberPlan = {
    var two = Set<String>()
    var three = Set<String>()
    for code in quoted(in: shippedAreaCodesYAML) where code.first == "0" && code.allSatisfy(\.isNumber) {
        switch code.count {
        case 2: two.insert(code)
        case 3: three.insert(code)
        default: fatalError("area-codes.yaml: '\(code)' is neither a two- nor a three-digit code")
        }
    }
    let bounds = quoted(in: shippedFictionalNumbersYAML).filter { $0.hasPrefix("+46") }
    guard !two.isEmpty, !three.isEmpty, bounds.count % 2 == 0 else { fatalError("could not read the telephony YAML") }
    var ranges: [ClosedRange<Int>] = []
    for i in stride(from: 0, to: bounds.count, by: 2) {
        guard let low = Int(bounds[i].dropFirst(3)), let high = Int(bounds[i + 1].dropFirst(3)), low <= high else {
            fatalError("fictional-numbers.yaml: \(bounds[i])...\(bounds[i + 1])")
        }
        ranges.append(low...high)
    }
    return SwedishNumberPlan(twoDigitCodes: two, threeDigitCodes: three, fictionalRanges: ranges)
}()

/// Every "double-quoted" string in a text, outside comments.
func quoted(in text: String) -> [String] {
    var found: [String] = []
    for line in text.split(separator: "\n") {
        var inside = false
        var current = ""
        for c in line {
            if c == "#" && !inside { break }
            if c == "\"" {
                if inside { found.append(current) }
                current = ""
                inside.toggle()
            } else if inside {
                current.append(c)
            }
        }
    }
    return found
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let stored: String
    let display: String?
    if let newline = text.firstIndex(of: "\n") {
        stored = String(text[..<newline])
        display = String(text[text.index(after: newline)...])
    } else {
        stored = text
        display = nil
    }
    let number: PhoneNumber
    do {
        number = try PhoneNumber(stored: stored, display: display)
    } catch {
        _ = error.description + error.hint
        return 0
    }
    let input = text.debugDescription
    guard number.dialString == stored else { fatalError("\(input) was accepted but dials \(number.dialString)") }
    let bare: PhoneNumber
    do {
        bare = try PhoneNumber(stored: number.dialString)
    } catch {
        fatalError("\(input) was accepted, but its dial string \(number.dialString) is refused: \(error)")
    }
    guard bare.kind == number.kind, bare.digits == number.digits, bare.nationalDigits == number.nationalDigits else {
        fatalError("\(input) reads back from \(number.dialString) as another number")
    }
    let shown = plan.format(bare)
    let groups = shown.split(separator: "-", omittingEmptySubsequences: false)
    guard shown.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == " " || $0 == "-" }),
          shown.filter({ $0.isNumber }) == number.nationalDigits,
          !shown.contains("  "), shown.first != " ", shown.last != " ",
          groups.count == (number.kind == .national ? 2 : 1), groups.allSatisfy({ !$0.isEmpty })
    else {
        fatalError("\(input): the plan writes \(shown.debugDescription) for \(number.nationalDigits)")
    }
    if number.kind == .national {
        guard let code = plan.areaCode(of: bare), (2...4).contains(code.count), shown.hasPrefix(code + "-") else {
            fatalError("\(input): area code \(String(describing: plan.areaCode(of: bare))) in \(shown.debugDescription)")
        }
    } else if plan.isFictional(bare) || plan.areaCode(of: bare) != nil {
        fatalError("\(input): a short number has an area code or is fictional")
    }
    do {
        let regrouped = try PhoneNumber(stored: number.dialString, display: shown)
        guard plan.format(regrouped) == shown else { fatalError("\(input): the display form is not shown as given") }
    } catch {
        fatalError("\(input): the plan's own form \(shown.debugDescription) is refused as a display form: \(error)")
    }
    if let display, plan.format(number) != display {
        fatalError("\(input): the accepted display form is shown as \(plan.format(number).debugDescription)")
    }
    _ = plan.isFictional(number)
    return 0
}
