// libFuzzer target for the opening-hours code (Sources/OpeningHours), built by build.sh.
//
// Each input is read as UTF-8 text (invalid bytes become U+FFFD) and given to both readers:
// the opening_hours parser (`OpeningHours(parsing:)`, what the catalogue stores) and the Swedish
// reader (`OpeningHours(swedish:)`, what a communicator types). It traps when
// - a refusal points at a column outside the text;
// - a parsed value breaks the model's rules (a span outside 00:00-48:00, longer than 24 hours,
//   empty, or overlapping another span of its rule; a rule with no days or no spans);
// - the Swedish formatter, with the shipped vocabulary of Resources/languages/sv.yaml, writes
//   something the Swedish reader refuses, or that it reads back as different hours (compared
//   day by day over two weeks with a public holiday), or that formats differently a second time.

import OpeningHours

/// Swedish words from the `hours:` block of Resources/languages/sv.yaml, which build.sh puts into
/// `shippedSwedishHoursBlock`. Only the flat `key: "value"` form that file uses is read.
let swedishVocabulary: HoursVocabulary = {
    var fields: [String: String] = [:]
    var days: [String] = []
    for line in shippedSwedishHoursBlock.split(separator: "\n") {
        let trimmed = line.drop { $0 == " " }
        guard let colon = trimmed.firstIndex(of: ":") else { continue }
        let key = String(trimmed[..<colon])
        var value = trimmed[trimmed.index(after: colon)...].drop { $0 == " " }
        if key == "days" {
            value = value.drop { $0 == "[" }
            if let close = value.lastIndex(of: "]") { value = value[..<close] }
            days = value.split(separator: ",").map { unquote($0) }
        } else {
            fields[key] = unquote(value)
        }
    }
    func field(_ key: String) -> String {
        guard let value = fields[key] else { fatalError("sv.yaml's hours block has no \(key)") }
        return value
    }
    let vocabulary = HoursVocabulary(
        days: days, dayRange: field("day-range"), dayListSeparator: field("day-list-separator"),
        time: field("time"), timeRange: field("time-range"), spanSeparator: field("span-separator"),
        dayTime: field("day-time"), ruleSeparator: field("rule-separator"), everyDay: field("every-day"),
        aroundTheClock: field("around-the-clock"), closed: field("closed"), publicHolidays: field("public-holidays"))
    guard vocabulary.problems.isEmpty else { fatalError("sv.yaml's hours block: \(vocabulary.problems)") }
    return vocabulary
}()

func unquote(_ text: Substring) -> String {
    var value = text.drop { $0 == " " }
    if value.first == "\"", let close = value.dropFirst().firstIndex(of: "\"") {
        return String(value[value.index(after: value.startIndex)..<close])
    }
    if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
    while value.last == " " { value = value.dropLast() }
    return String(value)
}

let formatter = HoursFormatter(vocabulary: swedishVocabulary)

/// 18 May to 1 June 2025: a Sunday (for spans running past midnight), a plain week, and a week
/// whose Thursday is a public holiday (Kristi himmelsfärdsdag, 29 May).
let referenceDates: [CivilDate] = (0..<15).map { CivilDate(year: 2025, month: 5, day: 18).adding(days: $0) }

/// The spans that hold on each reference date, in order; `nil` (no rule names the day) and `[]`
/// (closed) both mean closed.
func schedule(_ hours: OpeningHours) -> [[TimeSpan]] {
    referenceDates.map { hours.spans(on: $0) ?? [] }
}

func checkModel(_ hours: OpeningHours, _ text: String, _ reader: String) {
    if hours.rules.isEmpty { fatalError("\(reader) read \(text.debugDescription) as no rules") }
    for rule in hours.rules {
        if let days = rule.days, days.weekdays.isEmpty, !days.publicHolidays {
            fatalError("\(reader) read \(text.debugDescription) with a rule that names no days")
        }
        guard case .open(let spans) = rule.state else { continue }
        if spans.isEmpty { fatalError("\(reader) read \(text.debugDescription) with an open rule without spans") }
        for (i, span) in spans.enumerated() {
            guard (0..<24 * 60).contains(span.start), span.end > span.start, span.end <= 48 * 60,
                  span.end - span.start <= 24 * 60 else {
                fatalError("\(reader) read \(text.debugDescription) with the span \(span)")
            }
            for other in spans[..<i] where span.start < other.end && other.start < span.end {
                fatalError("\(reader) read \(text.debugDescription) with overlapping spans \(other) and \(span)")
            }
        }
    }
}

func checkColumn(_ error: HoursSyntaxError, _ text: String, _ reader: String) {
    let length = text.count
    guard (1...length + 1).contains(error.column) else {
        fatalError("\(reader) refused \(text.debugDescription) at column \(error.column) of \(length): \(error.reason)")
    }
}

/// Formats in Swedish and reads the Swedish back.
func checkRoundTrip(_ hours: OpeningHours, _ text: String, _ reader: String) {
    let written = formatter.format(hours)
    let back: OpeningHours
    do {
        back = try OpeningHours(swedish: written)
    } catch {
        fatalError("\(reader) read \(text.debugDescription); the formatter wrote \(written.debugDescription), which the Swedish reader refuses: \(error)")
    }
    guard schedule(back) == schedule(hours) else {
        fatalError("\(reader) read \(text.debugDescription); the formatter wrote \(written.debugDescription), which reads back as other hours: \(schedule(hours)) vs \(schedule(back))")
    }
    let again = formatter.format(back)
    guard again == written else {
        fatalError("\(reader) read \(text.debugDescription); formatted \(written.debugDescription), read back and formatted again \(again.debugDescription)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let hours = try OpeningHours(parsing: text)
        checkModel(hours, text, "the opening_hours parser")
        checkRoundTrip(hours, text, "the opening_hours parser")
    } catch {
        checkColumn(error, text, "the opening_hours parser")
    }
    do {
        let hours = try OpeningHours(swedish: text)
        checkModel(hours, text, "the Swedish reader")
        checkRoundTrip(hours, text, "the Swedish reader")
    } catch {
        checkColumn(error, text, "the Swedish reader")
    }
    return 0
}
