extension OpeningHours {
    /// Reads opening hours written the Swedish way: what `HoursFormatter` writes with the Swedish
    /// vocabulary ("mån–fre 10.00–16.00; helgdagar stängt", "dygnet runt") and what people
    /// commonly type ("mån-fre 8-16", "måndag–fredag 08.00–16.30", "vardagar 9–17",
    /// "lör, sön 10–14", "kl. 9–12 och 13–16").
    ///
    /// The result means what the same hours written in opening_hours mean: a rule without days
    /// holds every day, a later rule replaces earlier ones on the days it names, an end before the
    /// start runs past midnight. `source` keeps the text as it was typed. Throws
    /// `HoursSyntaxError` with the 1-based column (in characters) and the reason.
    ///
    /// Accepted, case-insensitively:
    /// - days: `mån`/`må`/`måndag`/`måndagar` … `sön`/`sö`/`söndag`/`söndagar` (a trailing `.` is
    ///   allowed), ranges with `-`, `–`, `—` or `till` (`fre–mån` wraps over the weekend), lists with
    ///   `,`, `och`, `samt`, `&` or `/`; `vardagar` (mån–fre), `alla dagar`, `varje dag`,
    ///   `dagligen`, `hela veckan`; `helgdagar`, `helgdag`, `röda dagar` (public holidays);
    ///   an optional `:` after the days. `helg`/`helger` is refused as ambiguous.
    /// - times: `8`, `08`, `8.30`, `08:30`, `0830`, optionally after `kl`/`kl.`; spans with `-`,
    ///   `–`, `—` or `till`; several spans with `,`, `och`, `samt`, `&` or a space; an end hour
    ///   up to 24.
    /// - `stängt`/`stängd`, `dygnet runt`/`hela dygnet`/`24/7`, an optional `öppet` before times.
    /// - rules separated by `;`, a new line, `.`, or `,`/`och` before the next days.
    public init(swedish text: String) throws(HoursSyntaxError) {
        var reader = try SwedishHoursReader(text)
        self = try reader.read()
    }
}

/// Tokens first, then a small recursive-descent reader over them.
struct SwedishHoursReader {
    enum Kind: Equatable {
        case word(String)
        case number(String)
        case dash, comma, semicolon, newline, colon, dot, slash, ampersand
    }

    struct Token {
        var kind: Kind
        /// 0-based character offset in the text.
        var offset: Int
        /// The characters as written, for messages.
        var written: String
        /// Whether a space (or other blank) comes right before it: "16.30" is a time, "16. 30" is not.
        var spaced: Bool

        var quoted: String { kind == .newline ? "a new line" : "'\(written)'" }
    }

    private let text: String
    private let length: Int
    private var tokens: [Token] = []
    private var index = 0

    init(_ text: String) throws(HoursSyntaxError) {
        self.text = text
        let chars = Array(text)
        self.length = chars.count
        var i = 0
        var spaced = false
        while i < chars.count {
            let c = chars[i]
            let start = i
            if c.isNewline {
                tokens.append(Token(kind: .newline, offset: i, written: "\n", spaced: spaced))
                i += 1
            } else if c.isWhitespace {
                i += 1
                spaced = true
                continue
            } else if c.isLetter {
                while i < chars.count, chars[i].isLetter { i += 1 }
                let word = String(chars[start..<i])
                tokens.append(Token(kind: .word(word.lowercased()), offset: start, written: word, spaced: spaced))
            } else if c.isASCII, c.isNumber {
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                let digits = String(chars[start..<i])
                tokens.append(Token(kind: .number(digits), offset: start, written: digits, spaced: spaced))
            } else {
                let kind: Kind
                switch c {
                case "-", "–", "—", "‒", "−", "‐", "‑": kind = .dash
                case ",": kind = .comma
                case ";": kind = .semicolon
                case ":": kind = .colon
                case ".": kind = .dot
                case "/": kind = .slash
                case "&", "+": kind = .ampersand
                default:
                    let reason = c.isNumber
                        ? "write times with the digits 0–9"
                        : "'\(c)' has no place in opening hours; write for example mån–fre 9–16"
                    throw HoursSyntaxError(column: i + 1, reason: reason, text: text)
                }
                tokens.append(Token(kind: kind, offset: i, written: String(c), spaced: spaced))
                i += 1
            }
            spaced = false
        }
    }

    // MARK: Rules

    mutating func read() throws(HoursSyntaxError) -> OpeningHours {
        skipRuleSeparators()
        if atEnd {
            throw failure("the text is empty; write for example mån–fre 9–16 or dygnet runt")
        }
        var rules: [HoursRule] = []
        var aroundTheClockOnly = false
        while true {
            let (rule, aroundTheClock) = try readRule()
            rules.append(rule)
            aroundTheClockOnly = aroundTheClock && rules.count == 1
            if atEnd { break }
            switch current.kind {
            case .semicolon, .newline, .dot:
                skipRuleSeparators()
            case .comma, .ampersand, .word("och"), .word("samt"):
                if index + 1 == tokens.count {
                    index += 1  // a trailing "," is harmless
                } else if startsDays(at: index + 1) || startsAroundTheClock(at: index + 1) {
                    index += 1
                } else {
                    throw failure("expected a time or the next days after \(current.quoted)", at: index + 1)
                }
            default:
                // "mån–fre 8–16 lör 10–14": the next days start the next rule.
                guard startsDays(at: index) || startsAroundTheClock(at: index) else {
                    throw failure("expected ';' or a new line between rules, found \(current.quoted)")
                }
            }
            if atEnd { break }
        }
        return OpeningHours(rules: rules, source: text, isAlwaysOpen: aroundTheClockOnly && rules.count == 1)
    }

    /// A rule, and whether it was written as "dygnet runt" with no days.
    private mutating func readRule() throws(HoursSyntaxError) -> (HoursRule, Bool) {
        skipWord("öppet")
        if skipAroundTheClock() {
            return (HoursRule(days: nil, state: .open([.wholeDay])), true)
        }
        var selector: DaySelector?
        if startsDays(at: index) {
            selector = try readDays()
            if !atEnd, current.kind == .colon { index += 1 }
            if atEnd || isRuleSeparator(current.kind) {
                throw failure("times are missing after the days; write for example 9–16, stängt or dygnet runt")
            }
        } else if case .word(let word)? = peek(index), !isTimeWord(word) {
            throw failure(unknownDayReason(word))
        }
        return (HoursRule(days: selector, state: try readTimes()), false)
    }

    private mutating func readTimes() throws(HoursSyntaxError) -> HoursRule.State {
        skipWord("öppet")
        if case .word(let word)? = peek(index), word == "stängt" || word == "stängd" {
            index += 1
            return .closed
        }
        if skipAroundTheClock() { return .open([.wholeDay]) }
        guard startsTime(at: index) else {
            let found = atEnd ? "nothing" : current.quoted
            throw failure("expected a time like 9–16, 'stängt' or 'dygnet runt', found \(found)")
        }
        var spans: [TimeSpan] = []
        while true {
            let spanStart = index
            let span = try readSpan()
            if spans.contains(where: { span.start < $0.end && $0.start < span.end }) {
                throw failure("this time span overlaps an earlier one in the same rule", at: spanStart)
            }
            spans.append(span)
            if startsTime(at: index) { continue }
            if let kind = peek(index), isListSeparator(kind), startsTime(at: index + 1) {
                index += 1
                continue
            }
            break
        }
        return .open(spans)
    }

    // MARK: Days

    private mutating func readDays() throws(HoursSyntaxError) -> DaySelector {
        var weekdays = Set<Weekday>()
        var holidays = false
        func add(_ days: [Weekday], at item: Int) throws(HoursSyntaxError) {
            for day in days {
                if weekdays.contains(day) {
                    throw failure("\(Self.shortNames[day.rawValue]) is named twice", at: item)
                }
                weekdays.insert(day)
            }
        }
        while true {
            let item = index
            if let group = skipDayGroup() {
                switch group {
                case .weekdays(let days): try add(days, at: item)
                case .publicHolidays:
                    if holidays { throw failure("helgdagar are named twice", at: item) }
                    holidays = true
                }
            } else if case .word(let word)? = peek(index), let from = Self.day(word) {
                index += 1
                if !atEnd, current.kind == .dot { index += 1 }
                var days = [from]
                if let kind = peek(index), kind == .dash || kind == .word("till") {
                    index += 1
                    guard case .word(let toWord)? = peek(index), let to = Self.day(toWord) else {
                        throw failure("expected a day after \(tokens[index - 1].quoted), like mån–fre")
                    }
                    index += 1
                    if !atEnd, current.kind == .dot { index += 1 }
                    if to == from { throw failure("a day range needs two different days", at: item) }
                    days = []
                    var day = from
                    while true {
                        days.append(day)
                        if day == to { break }
                        day = Weekday(rawValue: (day.rawValue + 1) % 7) ?? .monday
                    }
                }
                try add(days, at: item)
            } else if case .word(let word)? = peek(index) {
                throw failure(unknownDayReason(word))
            } else {
                throw failure("expected a day such as mån, vardagar or helgdagar")
            }
            if let kind = peek(index), isListSeparator(kind) || kind == .slash, startsDays(at: index + 1) {
                index += 1
                continue
            }
            break
        }
        return DaySelector(weekdays: weekdays, publicHolidays: holidays)
    }

    private enum DayGroup {
        case weekdays([Weekday])
        case publicHolidays
    }

    /// Consumes a word (or two) that names several days at once.
    private mutating func skipDayGroup() -> DayGroup? {
        guard case .word(let first)? = peek(index) else { return nil }
        let second: String? = if case .word(let next)? = peek(index + 1) { next } else { nil }
        switch (first, second) {
        case ("vardagar", _), ("vardag", _):
            index += 1
            return .weekdays([.monday, .tuesday, .wednesday, .thursday, .friday])
        case ("dagligen", _):
            index += 1
            return .weekdays(Weekday.allCases)
        case ("alla", "dagar"), ("varje", "dag"), ("hela", "veckan"):
            index += 2
            return .weekdays(Weekday.allCases)
        case ("helgdagar", _), ("helgdag", _):
            index += 1
            return .publicHolidays
        case ("röda", "dagar"), ("röd", "dag"):
            index += 2
            return .publicHolidays
        default:
            return nil
        }
    }

    static let shortNames = ["mån", "tis", "ons", "tors", "fre", "lör", "sön"]

    private static let dayWords: [String: Weekday] = {
        let names: [(Weekday, [String], String)] = [
            (.monday, ["mån", "må"], "måndag"),
            (.tuesday, ["tis", "ti"], "tisdag"),
            (.wednesday, ["ons", "on"], "onsdag"),
            (.thursday, ["tors", "tor", "to"], "torsdag"),
            (.friday, ["fre", "fr"], "fredag"),
            (.saturday, ["lör", "lö"], "lördag"),
            (.sunday, ["sön", "sö"], "söndag"),
        ]
        var words: [String: Weekday] = [:]
        for (day, short, full) in names {
            for word in short + [full, full + "ar", full + "en", full + "s"] { words[word] = day }
        }
        return words
    }()

    static func day(_ word: String) -> Weekday? { dayWords[word] }

    private func unknownDayReason(_ word: String) -> String {
        switch word {
        case "helg", "helger", "helgen", "helgerna", "veckoslut":
            return "'\(word)' can mean the weekend or public holidays; write lör–sön or helgdagar"
        default:
            return "'\(word)' is not a day; write for example mån, tisdag, mån–fre, vardagar or helgdagar"
        }
    }

    // MARK: Times

    private mutating func readSpan() throws(HoursSyntaxError) -> TimeSpan {
        let spanStart = index
        let start = try readTime(isEnd: false)
        guard let kind = peek(index), kind == .dash || kind == .word("till") else {
            throw failure("expected '–' and an end time after the start time, like 9–16")
        }
        index += 1
        var end = try readTime(isEnd: true)
        if end == start { throw failure("a time span cannot start and end at the same time", at: spanStart) }
        if end < start { end += 24 * 60 }
        return TimeSpan(start: start, end: end)
    }

    /// Minutes after midnight; an end may be 24 (or 24.00).
    private mutating func readTime(isEnd: Bool) throws(HoursSyntaxError) -> Int {
        skipClockWord()
        let timeStart = index
        guard case .number(let digits)? = peek(index) else {
            let found = atEnd ? "nothing" : current.quoted
            throw failure("expected a time like 9, 09.00 or 9.30, found \(found)")
        }
        index += 1
        var hours: Int
        var minutes = 0
        switch digits.count {
        case 1, 2:
            hours = Int(digits) ?? 0
            if let separator = peek(index), separator == .colon || separator == .dot, !tokens[index].spaced,
               case .number(let minuteDigits)? = peek(index + 1), !tokens[index + 1].spaced {
                guard minuteDigits.count == 2 else {
                    throw failure("minutes are written with two digits, like 9.30", at: index + 1)
                }
                minutes = Int(minuteDigits) ?? 0
                index += 2
            }
        case 4:
            hours = Int(digits.prefix(2)) ?? 0
            minutes = Int(digits.suffix(2)) ?? 0
        default:
            throw failure("'\(digits)' is not a time; write for example 9, 09.00 or 9.30", at: timeStart)
        }
        if minutes > 59 { throw failure("minutes must be 00 to 59", at: timeStart) }
        if isEnd {
            if hours > 24 || (hours == 24 && minutes > 0) {
                throw failure("an end hour must be 0 to 24; a span past midnight ends the next morning, like 22–02", at: timeStart)
            }
        } else if hours > 23 {
            throw failure("a start hour must be 0 to 23", at: timeStart)
        }
        hours = hours * 60 + minutes
        return hours
    }

    private mutating func skipClockWord() {
        if case .word("kl")? = peek(index) {
            index += 1
            if !atEnd, current.kind == .dot { index += 1 }
        }
    }

    // MARK: Looking ahead

    private func startsTime(at position: Int) -> Bool {
        switch peek(position) {
        case .number?: return true
        case .word("kl")?:
            let next = peek(position + 1) == .dot ? position + 2 : position + 1
            if case .number? = peek(next) { return true }
            return false
        default: return false
        }
    }

    private func startsDays(at position: Int) -> Bool {
        guard case .word(let first)? = peek(position) else { return false }
        if Self.day(first) != nil { return true }
        let second: String? = if case .word(let next)? = peek(position + 1) { next } else { nil }
        switch (first, second) {
        case ("vardagar", _), ("vardag", _), ("dagligen", _), ("helgdagar", _), ("helgdag", _),
             ("alla", "dagar"), ("varje", "dag"), ("hela", "veckan"), ("röda", "dagar"), ("röd", "dag"):
            return true
        default:
            return false
        }
    }

    private func startsAroundTheClock(at position: Int) -> Bool {
        var position = position
        if peek(position) == .word("öppet") { position += 1 }
        switch (peek(position), peek(position + 1), peek(position + 2)) {
        case (.word("dygnet")?, .word("runt")?, _), (.word("hela")?, .word("dygnet")?, _),
             (.number("24")?, .slash?, .number("7")?):
            return true
        default:
            return false
        }
    }

    /// Consumes "dygnet runt", "hela dygnet" or "24/7".
    private mutating func skipAroundTheClock() -> Bool {
        guard startsAroundTheClock(at: index) else { return false }
        skipWord("öppet")
        index += peek(index) == .number("24") ? 3 : 2
        return true
    }

    /// Words that may stand where days are expected because times follow them.
    private func isTimeWord(_ word: String) -> Bool {
        ["kl", "stängt", "stängd", "öppet", "dygnet", "hela"].contains(word)
    }

    private func isListSeparator(_ kind: Kind) -> Bool {
        switch kind {
        case .comma, .ampersand, .word("och"), .word("samt"): return true
        default: return false
        }
    }

    private func isRuleSeparator(_ kind: Kind) -> Bool {
        kind == .semicolon || kind == .newline || kind == .dot
    }

    private mutating func skipRuleSeparators() {
        while !atEnd, isRuleSeparator(current.kind) { index += 1 }
    }

    private mutating func skipWord(_ word: String) {
        if peek(index) == .word(word) { index += 1 }
    }

    private func peek(_ position: Int) -> Kind? {
        position < tokens.count ? tokens[position].kind : nil
    }

    private var atEnd: Bool { index >= tokens.count }
    private var current: Token { tokens[index] }

    /// A failure at a token (the current one by default), or at the end of the text.
    private func failure(_ reason: String, at position: Int? = nil) -> HoursSyntaxError {
        let position = position ?? index
        let offset = position < tokens.count ? tokens[position].offset : length
        return HoursSyntaxError(column: offset + 1, reason: reason, text: text)
    }
}
