/// Why an opening-hours text does not parse, and where.
public struct HoursSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based column (in characters) where the problem starts.
    public var column: Int
    public var reason: String
    public var text: String

    public var description: String {
        "opening hours \"\(text)\" do not parse at column \(column): \(reason)"
    }
}

/// A hand-written recursive-descent parser for the subset of OpenStreetMap's opening_hours that
/// helplines need. See docs/data-formats.md for the grammar.
struct HoursParser {
    private let text: String
    private let chars: [Character]
    private var index = 0

    init(_ text: String) {
        self.text = text
        self.chars = Array(text)
    }

    mutating func parse() throws(HoursSyntaxError) -> OpeningHours {
        skipSpaces()
        if atEnd { throw failure("the text is empty; write for example Mo-Fr 09:00-16:00 or 24/7") }
        var rules: [HoursRule] = []
        var alwaysOpen = false
        while true {
            skipSpaces()
            if lookingAt("24/7") {
                index += 4
                rules.append(HoursRule(days: nil, state: .open([.wholeDay])))
                alwaysOpen = rules.count == 1
            } else {
                rules.append(try parseRule())
            }
            skipSpaces()
            if atEnd { break }
            guard chars[index] == ";" else {
                throw failure("expected ';' between rules, found '\(chars[index])'")
            }
            index += 1
            skipSpaces()
            if atEnd { throw failure("a rule is missing after ';'") }
        }
        return OpeningHours(rules: rules, source: text, isAlwaysOpen: alwaysOpen && rules.count == 1)
    }

    private mutating func parseRule() throws(HoursSyntaxError) -> HoursRule {
        var selector: DaySelector?
        if let first = peekLetters(), first != "off", first != "closed" {
            selector = try parseDays()
            skipSpaces()
            if atEnd { throw failure("times are missing after the days; write for example 09:00-16:00 or off") }
        }
        if let word = peekLetters() {
            guard word == "off" || word == "closed" else {
                throw failure("expected a time like 09:00, 'off' or 'closed', found '\(word)'")
            }
            index += word.count
            return HoursRule(days: selector, state: .closed)
        }
        var spans: [TimeSpan] = []
        while true {
            let spanStart = index
            let span = try parseSpan()
            for other in spans where overlaps(span, other) {
                throw failure("this time span overlaps an earlier one in the same rule", at: spanStart)
            }
            spans.append(span)
            if !atEnd, chars[index] == "," {
                index += 1
                skipSpaces()
                continue
            }
            break
        }
        return HoursRule(days: selector, state: .open(spans))
    }

    private mutating func parseDays() throws(HoursSyntaxError) -> DaySelector {
        var weekdays = Set<Weekday>()
        var holidays = false
        while true {
            let itemStart = index
            guard let word = peekLetters() else { throw failure("expected a day such as Mo or PH") }
            if word == "PH" {
                index += 2
                if holidays { throw failure("PH is named twice", at: itemStart) }
                holidays = true
            } else {
                let from = try day(word)
                index += word.count
                var days: [Weekday] = [from]
                if !atEnd, chars[index] == "-" {
                    index += 1
                    guard let toWord = peekLetters() else { throw failure("expected a day after '-'") }
                    let to = try day(toWord)
                    index += toWord.count
                    if to == from { throw failure("a day range needs two different days", at: itemStart) }
                    days = []
                    var current = from
                    while true {
                        days.append(current)
                        if current == to { break }
                        current = Weekday(rawValue: (current.rawValue + 1) % 7) ?? .monday
                    }
                }
                for day in days {
                    if weekdays.contains(day) { throw failure("\(day.code) is named twice", at: itemStart) }
                    weekdays.insert(day)
                }
            }
            if !atEnd, chars[index] == "," {
                index += 1
                continue
            }
            break
        }
        return DaySelector(weekdays: weekdays, publicHolidays: holidays)
    }

    private func day(_ word: String) throws(HoursSyntaxError) -> Weekday {
        guard let day = Weekday(code: word) else {
            throw failure("'\(word)' is not a day; use Mo Tu We Th Fr Sa Su or PH")
        }
        return day
    }

    private mutating func parseSpan() throws(HoursSyntaxError) -> TimeSpan {
        let spanStart = index
        let start = try parseTime(allowPastMidnight: false)
        guard !atEnd, chars[index] == "-" else {
            throw failure("expected '-' and an end time after the start time")
        }
        index += 1
        let endColumn = index
        var end = try parseTime(allowPastMidnight: true)
        if end == start { throw failure("a time span cannot start and end at the same time", at: spanStart) }
        if end < start { end += 24 * 60 }
        if end > 48 * 60 || end - start > 24 * 60 {
            throw failure("a time span cannot be longer than 24 hours", at: endColumn)
        }
        // 24 hours from noon would print "12.00–12.00", which reads as closed; a whole day is
        // written from midnight to midnight.
        if end - start == 24 * 60 && start != 0 {
            throw failure("a span of 24 hours is written 00:00-24:00 (or 24/7 for every day)", at: spanStart)
        }
        return TimeSpan(start: start, end: end)
    }

    private mutating func parseTime(allowPastMidnight: Bool) throws(HoursSyntaxError) -> Int {
        let timeStart = index
        guard let hours = digits(2), !atEnd, chars[index] == ":" else {
            throw failure("expected a time written HH:MM, like 09:00", at: timeStart)
        }
        index += 1
        guard let minutes = digits(2) else {
            throw failure("expected two digits of minutes, like 09:30", at: timeStart)
        }
        if minutes > 59 { throw failure("minutes must be 00 to 59", at: timeStart) }
        let limit = allowPastMidnight ? 48 : 23
        if hours > limit || (hours == 48 && minutes > 0) {
            throw failure(allowPastMidnight ? "the hour must be 00 to 48" : "a start hour must be 00 to 23", at: timeStart)
        }
        if !atEnd, chars[index].isNumber { throw failure("a time has two digits for hours and two for minutes", at: timeStart) }
        return hours * 60 + minutes
    }

    private mutating func digits(_ count: Int) -> Int? {
        guard index + count <= chars.count else { return nil }
        var value = 0
        for offset in 0..<count {
            guard let digit = chars[index + offset].wholeNumberValue, chars[index + offset].isASCII else { return nil }
            value = value * 10 + digit
        }
        index += count
        return value
    }

    private func overlaps(_ a: TimeSpan, _ b: TimeSpan) -> Bool {
        a.start < b.end && b.start < a.end
    }

    private var atEnd: Bool { index >= chars.count }

    private mutating func skipSpaces() {
        while !atEnd, chars[index] == " " { index += 1 }
    }

    private func lookingAt(_ literal: String) -> Bool {
        let literalChars = Array(literal)
        guard index + literalChars.count <= chars.count else { return false }
        return Array(chars[index..<index + literalChars.count]) == literalChars
    }

    /// The run of letters at the cursor, without consuming it.
    private func peekLetters() -> String? {
        var end = index
        while end < chars.count, chars[end].isLetter { end += 1 }
        return end > index ? String(chars[index..<end]) : nil
    }

    private func failure(_ reason: String, at position: Int? = nil) -> HoursSyntaxError {
        HoursSyntaxError(column: (position ?? index) + 1, reason: reason, text: text)
    }
}
