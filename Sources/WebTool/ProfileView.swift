import Catalogue
import Foundation
import Localization
import Municipalities
import OpeningHours

/// The profile form's values as the Mustache template reads them: every field with its id,
/// label, value and error, and how numbers and hours will be printed.
struct ProfileView {
    let tool: WebTool
    let language: String
    let code: String
    let shownLanguage: String?
    let errors: [String: String]

    func t(_ key: String) -> String { tool.text(language, key) }

    func field(_ id: String, _ value: String) -> [String: Any] {
        ["id": id, "value": value, "error": errors[id] ?? "", "has_error": errors[id] != nil]
    }

    func contacts(_ values: ProfileFormValues) -> [[String: Any]] {
        var contacts = values.contacts
        // One empty contact at the end: how a new one is added without JavaScript.
        contacts.append(ProfileFormValues.ContactValues())
        return contacts.enumerated().map { index, contact in
            let prefix = "c\(index)"
            var channels = contact.channels
            channels.append(ProfileFormValues.ChannelValues())
            let isNew = index == values.contacts.count
            return [
                "prefix": prefix, "number": index + 1, "is_new": isNew, "id_value": contact.id,
                "legend": isNew ? t("contact.new") : (contact.name.isEmpty ? t("contact.unnamed") : contact.name),
                "name": field("\(prefix)-name", contact.name),
                "description": field("\(prefix)-description", contact.description),
                "role": field("\(prefix)-role", contact.role),
                "roles": LocalRole.allCases.map { ["value": $0.rawValue, "label": t("role.\($0.rawValue)"), "selected": $0.rawValue == contact.role] },
                "notes": CallerNote.allCases.filter { $0 != .hoursMayChange }.map { note in
                    ["id": "\(prefix)-note-\(note.rawValue)", "label": t("note.\(note.rawValue)"), "checked": contact.notes.contains(note.rawValue)]
                },
                "remove": contact.remove,
                "channels": channels.enumerated().map { channelIndex, channel in
                    self.channel(channel, prefix: "\(prefix)-k\(channelIndex)", number: channelIndex + 1,
                                 isNew: channelIndex == contact.channels.count)
                },
            ]
        }
    }

    func channel(_ channel: ProfileFormValues.ChannelValues, prefix: String, number: Int, isNew: Bool) -> [String: Any] {
        var readings: [[String: Any]] = []
        let hoursText = channel.hours.trimmingCharacters(in: .whitespacesAndNewlines)
        if !hoursText.isEmpty, let hours = ProfileFormValues.readHours(hoursText) {
            readings.append(["label": t("hours.reading-sv"), "lang": "sv", "dir": "ltr",
                             "text": tool.engine.hoursReading(hours, language: "sv") ?? ""])
            if let shownLanguage, shownLanguage != "sv", let campaign = tool.engine.renderer.languages[shownLanguage] {
                readings.append(["label": "\(t("hours.reading-in")) \(language == "en" ? campaign.englishName : campaign.swedishName)",
                                 "lang": shownLanguage, "dir": campaign.direction == .rightToLeft ? "rtl" : "ltr",
                                 "text": tool.engine.hoursReading(hours, language: shownLanguage) ?? ""])
            }
        }
        var numberReading = ""
        if ["phone", "sms", "text-telephone"].contains(channel.kind), !channel.address.isEmpty,
           let number = try? PhoneNumber(written: channel.address) {
            numberReading = tool.engine.printed(number)
        }
        let dayNames = (0..<7).map { t("day.\($0)") } + [t("day.holidays")]
        return [
            "prefix": prefix, "number": number, "is_new": isNew,
            "kinds": ChannelKind.allCases.map { ["value": $0.rawValue, "label": t("kind.\($0.rawValue)"), "selected": $0.rawValue == channel.kind] },
            "address": field("\(prefix)-address", channel.address),
            "label": field("\(prefix)-label", channel.label),
            "hours": field("\(prefix)-hours", channel.hours),
            "hours_shown": channel.hoursShown, "hours_original": channel.hoursOriginal,
            "readings": readings, "number_reading": numberReading.isEmpty ? [] : [["text": numberReading]],
            "notes": CallerNote.allCases.map { note in
                ["id": "\(prefix)-note-\(note.rawValue)", "label": t("note.\(note.rawValue)"), "checked": channel.notes.contains(note.rawValue)]
            },
            "days": channel.days.enumerated().map { dayIndex, day -> [String: Any] in
                let key = "\(prefix)-d\(dayIndex)"
                var states = [("closed", t("day.closed")), ("open", t("day.open")), ("24h", t("day.24h"))]
                if dayIndex == 7 { states.insert(("same", t("day.same")), at: 0) }
                return [
                    "id": key, "name": dayNames[dayIndex],
                    "states": states.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == day.state] },
                    "from1": field("\(key)-from1", day.from1), "to1": field("\(key)-to1", day.to1),
                    "from2": field("\(key)-from2", day.from2), "to2": field("\(key)-to2", day.to2),
                ]
            },
        ]
    }

    func documentOptions(selected: String? = nil) -> [[String: Any]] {
        tool.engine.renderer.templates.documents.map {
            ["value": $0.id, "label": t("document.\($0.id)"), "selected": $0.id == selected]
        }
    }

    func languageOptions(selected: String?) -> [[String: Any]] {
        tool.engine.renderer.languages.languages.map {
            ["value": $0.tag, "label": "\(language == "en" ? $0.englishName : $0.swedishName) (\($0.endonym))",
             "selected": $0.tag == selected]
        }
    }
}
