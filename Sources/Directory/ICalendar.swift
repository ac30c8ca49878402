import Foundation
import OpeningHours

/// A channel's opening hours as an iCalendar feed (RFC 5545), so a site or an app can show
/// them in a calendar: weekly events in Europe/Stockholm time, with Sweden's public holidays as
/// exceptions where the hours differ on them (no event, or the holiday's own hours).
public enum ICalendar {
    /// The feed for `hours`, covering the years `years` (a bounded feed: the holidays are known).
    public static func feed(hours: OpeningHours, name: String, uid: String, years: ClosedRange<Int>, stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tillsammans mot vald//tmv//SV", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escape(name))", "X-WR-TIMEZONE:Europe/Stockholm",
        ]
        lines += stockholmZone
        let first = CivilDate(year: years.lowerBound, month: 1, day: 1)
        let last = CivilDate(year: years.upperBound, month: 12, day: 31)
        let dtstamp = utcStamp(stamp)
        // RFC 5545 3.3.10: with a DTSTART in local time and a TZID, UNTIL is given in UTC.
        // (UNTIL is inclusive: the last day's 23:59:59, so nothing starts after the covered years.)
        let endOfRange = SwedishLocalTime.instant(parsing: "\(last.adding(days: 1))T00:00") ?? stamp
        let until = utcStamp(endOfRange.addingTimeInterval(-1))
        // Each weekday's ordinary spans (the weekday on a day that is not a holiday).
        var ordinary: [Weekday: [TimeSpan]] = [:]
        for weekday in Weekday.allCases { ordinary[weekday] = hours.ordinarySpans(on: weekday) }
        let holidays = years.flatMap { SwedishPublicHolidays.holidays(in: $0) }
        var eventNumber = 0
        // One recurring event per span and set of weekdays with the same spans.
        var groups: [[TimeSpan]: [Weekday]] = [:]
        for weekday in Weekday.allCases { groups[ordinary[weekday] ?? [], default: []].append(weekday) }
        for (spans, weekdays) in groups.sorted(by: { ($0.value.first?.rawValue ?? 0) < ($1.value.first?.rawValue ?? 0) }) where !spans.isEmpty {
            guard let start = (0..<7).map({ first.adding(days: $0) }).first(where: { weekdays.contains($0.weekday) }) else { continue }
            for span in spans {
                eventNumber += 1
                let exceptions = holidays.filter { weekdays.contains($0.date.weekday) && (hours.spans(on: $0.date) ?? []) != spans }
                lines += ["BEGIN:VEVENT", "UID:\(uid)-\(eventNumber)@tillsammans", "DTSTAMP:\(dtstamp)",
                          "DTSTART;TZID=Europe/Stockholm:\(local(start, span.start))",
                          "DTEND;TZID=Europe/Stockholm:\(local(start, span.end))",
                          "RRULE:FREQ=WEEKLY;BYDAY=\(weekdays.map { $0.code.uppercased() }.joined(separator: ","));UNTIL=\(until)"]
                if !exceptions.isEmpty {
                    lines.append("EXDATE;TZID=Europe/Stockholm:" + exceptions.map { local($0.date, span.start) }.joined(separator: ","))
                }
                lines += ["SUMMARY:\(escape(name))", "TRANSP:TRANSPARENT", "END:VEVENT"]
            }
        }
        // A holiday's own hours, where they differ from its weekday's.
        for holiday in holidays {
            let spans = hours.spans(on: holiday.date) ?? []
            guard spans != (ordinary[holiday.date.weekday] ?? []) else { continue }
            for span in spans {
                eventNumber += 1
                lines += ["BEGIN:VEVENT", "UID:\(uid)-\(eventNumber)@tillsammans", "DTSTAMP:\(dtstamp)",
                          "DTSTART;TZID=Europe/Stockholm:\(local(holiday.date, span.start))",
                          "DTEND;TZID=Europe/Stockholm:\(local(holiday.date, span.end))",
                          "SUMMARY:\(escape("\(name) (\(holiday.swedishName))"))", "TRANSP:TRANSPARENT", "END:VEVENT"]
            }
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Europe/Stockholm's rules since 1996: summer time from the last Sunday of March to the last of October.
    static let stockholmZone = [
        "BEGIN:VTIMEZONE", "TZID:Europe/Stockholm",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// A local date-time; minutes past 24.00 fall on the next day.
    static func local(_ date: CivilDate, _ minutes: Int) -> String {
        let day = date.adding(days: minutes / 1440)
        let rest = minutes % 1440
        let compact = day.description.replacingOccurrences(of: "-", with: "")
        return compact + "T" + two(rest / 60) + two(rest % 60) + "00"
    }

    static func utcStamp(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return String(parts.year ?? 1970) + two(parts.month ?? 1) + two(parts.day ?? 1) + "T"
            + two(parts.hour ?? 0) + two(parts.minute ?? 0) + two(parts.second ?? 0) + "Z"
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// TEXT values escape backslash, comma, semicolon and newlines.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ",", with: "\\,")
            .replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a character.
    static func fold(_ line: String) -> String {
        var out = ""
        var count = 0
        for character in line {
            let size = String(character).utf8.count
            if count + size > 75 {
                out += "\r\n "
                count = 1
            }
            out.append(character)
            count += size
        }
        return out
    }
}
