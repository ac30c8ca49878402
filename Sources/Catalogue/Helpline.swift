import Foundation
import OpeningHours

/// Who a helpline is for; the brochure and posters pick helplines by audience.
public enum Audience: String, Sendable, Hashable, CaseIterable, Codable {
    case exposedToViolence = "exposed-to-violence"
    case relativesAndBystanders = "relatives-and-bystanders"
    case usesViolence = "uses-violence"
    case childrenAndYoungPeople = "children-and-young-people"
    case lgbtqi
    case honourRelatedViolence = "honour-related-violence"
    case sexualAbuse = "sexual-abuse"
    case peopleWithDisabilities = "people-with-disabilities"
    case deafAndHardOfHearing = "deaf-and-hard-of-hearing"
    case olderPeople = "older-people"
    case womenAndGirls = "women-and-girls"
    case boysAndYoungMen = "boys-and-young-men"
    case crimeVictims = "crime-victims"
    case professionals
}

/// A section of the children's brochure (Bilaga 2) a helpline is listed under, or `national`
/// for the posters' national lines. An entry may be in several: the brochure lists TRIS under
/// honour-related violence and again under disabilities.
public enum HelplineGroup: String, Sendable, Hashable, CaseIterable, Codable {
    case childrenAndYoungPeople = "children-and-young-people"
    case lgbtqi
    case sexualAbuse = "sexual-abuse"
    case honourRelatedViolence = "honour-related-violence"
    case disabilities
    case supportInManyLanguages = "support-in-many-languages"
    /// Sites the brochure's page "Berätta för någon" points to, not lines of their own.
    case tellSomeone = "tell-someone"
    case national
}

/// An age limit such as "13–19 år"; either end may be open.
public struct AgeRange: Sendable, Hashable, Codable {
    public var min: Int?
    public var max: Int?

    public init(min: Int?, max: Int?) {
        self.min = min
        self.max = max
    }
}

/// A national helpline, chat or support service, as the campaign material lists it.
public struct Helpline: Sendable, Hashable, Identifiable {
    public var id: String
    public var organisation: String
    public var name: String
    /// Swedish, the source text for translations.
    public var description: String
    /// The brochure sections it is listed under, in the file's order; never empty.
    public var groups: [HelplineGroup]
    public var audiences: [Audience]
    public var age: AgeRange?
    /// BCP 47 tags of the languages answered in.
    public var languages: [String]
    public var interpreters: Bool
    public var signLanguage: Bool
    public var notes: [CallerNote]
    public var channels: [Channel]
    public var source: Provenance

    /// Phone-like channels first: what a poster prints.
    public var phoneNumbers: [PhoneNumber] { channels.compactMap(\.number) }
}
