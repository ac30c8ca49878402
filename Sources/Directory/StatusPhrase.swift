import Foundation
import Localization
import OpeningHours
import Translations

/// Says a channel's reachability in a campaign language: "Öppet nu, till 22.00",
/// "Stängt, öppnar tis 10.00", from the translation units `web.*` and the language's hours words.
public struct StatusPhrase: Sendable {
    public var language: CampaignLanguage
    public var texts: CampaignTexts
    /// The Swedish texts, for a unit the language has no translation of yet.
    public var fallback: CampaignTexts

    public init(language: CampaignLanguage, texts: CampaignTexts, fallback: CampaignTexts) {
        self.language = language
        self.texts = texts
        self.fallback = fallback
    }

    func unit(_ id: String) -> String { texts[id] ?? fallback[id] ?? id }

    /// The phrase for a reachability seen at `now`.
    public func say(_ reachability: Reachability, now: SwedishLocalTime) -> String {
        switch reachability {
        case .hoursUnknown: return unit("web.hours-unknown")
        case .openThroughTheWeek: return unit("web.open-now")
        case .closedThroughTheWeek: return unit("web.closed")
        case .openUntil(let end):
            // Within twelve hours (a night span ending before morning too): the time alone.
            let ahead = (end.date.dayNumber - now.date.dayNumber) * 1440 + end.minuteOfDay - now.minuteOfDay
            let when = ahead <= 12 * 60 ? time(end.minuteOfDay) : moment(end, now: now.date)
            return unit("web.open-until").replacingOccurrences(of: "{time}", with: when)
        case .opensAt(let start):
            return unit("web.opens-at").replacingOccurrences(of: "{when}", with: moment(start, now: now.date))
        }
    }

    /// "i dag 10.00", "i morgon 10.00", "tis 10.00"; six days or more ahead the weekday is
    /// ambiguous (this Thursday or next?), so the date follows it: "tors 2026-12-10 09.00".
    func moment(_ local: SwedishLocalTime, now: CivilDate) -> String {
        let days = local.date.dayNumber - now.dayNumber
        let day = days >= 6 ? "\(self.day(local.date, now: now)) \(local.date)" : self.day(local.date, now: now)
        return "\(day) \(time(local.minuteOfDay))"
    }

    /// A clock time in the language's way of writing it.
    public func time(_ minuteOfDay: Int) -> String { language.hoursFormatter.time(minuteOfDay) }

    /// Today, tomorrow, or the weekday's name.
    public func day(_ date: CivilDate, now: CivilDate) -> String {
        if date == now { return unit("web.today") }
        if date == now.adding(days: 1) { return unit("web.tomorrow") }
        return language.hoursFormatter.dayName(date.weekday)
    }
}
