import Catalogue
import Foundation
import Localization
import Municipalities
import OpeningHours
import Translations

/// The published directory: the catalogue's helplines and the municipalities' own contacts,
/// with what a page, the open-data API and the exports need to say them in every campaign
/// language. Built once from published data and kept in memory; rebuilt when data changes.
public struct Directory: Sendable {
    public var catalogue: Catalogue
    public var languages: LanguageSet
    public var texts: [String: CampaignTexts]
    public var plan: SwedishNumberPlan
    /// Published profiles by municipality code.
    public var profiles: [String: MunicipalityProfile]

    public init(catalogue: Catalogue, languages: LanguageSet, texts: [String: CampaignTexts], plan: SwedishNumberPlan,
                profiles: [String: MunicipalityProfile]) {
        self.catalogue = catalogue
        self.languages = languages
        self.texts = texts
        self.plan = plan
        self.profiles = profiles
    }

    /// The brochure's sections in the order a page shows them: the lines for everyone first,
    /// then the children's brochure's sections, then the sites to tell someone.
    public static let groupOrder: [HelplineGroup] = [
        .national, .supportInManyLanguages, .childrenAndYoungPeople, .lgbtqi, .sexualAbuse, .honourRelatedViolence,
        .disabilities, .tellSomeone,
    ]

    /// Helplines under each section, in the catalogue's order; an entry in two sections is in both.
    public var sections: [(group: HelplineGroup, helplines: [Helpline])] {
        Self.groupOrder.compactMap { group in
            let members = catalogue.helplines.filter { $0.groups.contains(group) }
            return members.isEmpty ? nil : (group, members)
        }
    }

    /// The translation unit that names a section.
    public static func sectionUnit(_ group: HelplineGroup) -> String {
        group == .tellSomeone ? "brochure.tell.heading" : "group.\(group.rawValue)"
    }

    /// A number as the posters print it (020-50 50 50, 116 111).
    public func printed(_ number: PhoneNumber) -> String { plan.format(number) }

    /// The text of a unit in a language, or the Swedish where the language has none.
    public func text(_ unit: String, in language: String) -> String? {
        texts[language]?[unit] ?? texts["sv"]?[unit]
    }

    /// The helpline's description in a language: its translation unit, or the catalogue's Swedish.
    public func description(of helpline: Helpline, in language: String) -> (text: String, language: String) {
        if let text = texts[language]?["helpline.\(helpline.id).description"] { return (text, language) }
        return (helpline.description, "sv")
    }

    /// The helplines with a channel a person can use at this instant: phone or chat.
    public func reachable(at instant: Date) -> [(helpline: Helpline, channel: Channel)] {
        catalogue.helplines.flatMap { helpline in
            helpline.channels.filter { $0.isConversation && ($0.hours?.reachability(at: instant).isOpen ?? false) }
                .map { (helpline, $0) }
        }
    }
}

extension Channel {
    /// A channel where someone answers: what "can answer right now" lists.
    public var isConversation: Bool {
        switch kind {
        case .phone, .chat, .sms, .textTelephone: return true
        case .email, .web: return false
        }
    }

    /// Reachability at an instant; a channel without hours is never said to be open.
    public func reachability(at instant: Date) -> Reachability {
        hours?.reachability(at: instant) ?? .hoursUnknown
    }

    /// Where a link on a page leads: tel:, a chat or web address, mailto:.
    public var link: String {
        switch address {
        case .number(let number): return (kind == .sms ? "sms:" : "tel:") + number.dialString
        case .url(let url): return url.absoluteString
        case .email(let address): return "mailto:" + address
        }
    }
}

/// A helpline's or a local contact's channel, under a name no web framework also uses.
public typealias ContactChannel = Channel
