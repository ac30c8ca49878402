import Catalogue
import DataFiles
import Diagnostics
import Foundation
import InputRules
import Yams

/// What a local contact is, so templates can place it ("HJÄLP LOKALT": socialtjänst first).
public enum LocalRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// Socialtjänsten, office hours.
    case socialServices = "social-services"
    /// Socialjouren, evenings, nights and weekends.
    case socialServicesOutOfHours = "social-services-out-of-hours"
    /// The local kvinnojour.
    case womensShelter = "womens-shelter"
    /// Tjej- or ungdomsjour.
    case youthShelter = "youth-shelter"
    case crimeVictimSupport = "crime-victim-support"
    case healthcare
    case police
    case other
}

/// A local service on the municipality's posters: socialtjänst, socialjour, the kvinnojour.
public struct LocalContact: Sendable, Hashable, Identifiable {
    public var id: String
    public var role: LocalRole
    public var name: String
    public var description: String?
    public var channels: [Channel]
    public var notes: [CallerNote]
}

/// One municipality's details for its posters and brochure: the same file for every tool.
public struct MunicipalityProfile: Sendable, Hashable {
    public var code: String
    public var name: String
    /// `nil` for a fictional municipality.
    public var county: County?
    /// A demo profile: its code is not a real municipality's, and its numbers are all from the
    /// ranges reserved for fiction, so a demo poster never sends anyone to a real person.
    public var fictional: Bool
    public var logo: URL
    public var web: URL
    public var supportPage: URL?
    public var contacts: [LocalContact]
    /// Where the profile was read from.
    public var file: URL
    /// Things worth fixing that do not stop the profile from being used.
    public var warnings: [Diagnostic] = []

    public func contacts(_ role: LocalRole) -> [LocalContact] { contacts.filter { $0.role == role } }

    /// A run of at least five digits, with the spaces and hyphens people write between them.
    static func phoneLikeText(in text: String) -> String? {
        var run = ""
        var digits = 0
        func finished() -> String? { digits >= 5 ? run.trimmingCharacters(in: CharacterSet(charactersIn: " -")) : nil }
        for character in text {
            if character.isNumber {
                run.append(character)
                digits += 1
            } else if (character == " " || character == "-" || character == "\u{2011}" || character == "\u{2013}") && digits > 0 {
                run.append(character)
            } else {
                if let found = finished() { return found }
                run = ""
                digits = 0
            }
        }
        return finished()
    }

    /// A logo must be an ordinary file in its profile's folder: not a symbolic link (which could
    /// point at any file on the machine, /etc/shadow included) and not resolving elsewhere.
    public static func logoPlacementProblem(_ logo: URL, profileFolder: URL) -> String? {
        if let type = (try? FileManager.default.attributesOfItem(atPath: logo.path))?[.type] as? FileAttributeType,
           type == .typeSymbolicLink {
            return "it is a symbolic link, not the file itself"
        }
        let folder = profileFolder.resolvingSymlinksInPath().standardizedFileURL.path
        let resolved = logo.resolvingSymlinksInPath().standardizedFileURL.path
        if !resolved.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") {
            return "it lies outside the profile's folder"
        }
        return nil
    }

    /// Largest logo file accepted; a poster logo never needs more.
    public static let maximumLogoBytes = Limits.FileKind.logo.maximumBytes
    public static let logoExtensions: Set<String> = ["svg", "png", "jpg", "jpeg"]

    /// A profile as its file writes it: what the web tool's form edits and `tmv export` writes.
    public struct ProfileRecord: Codable, Sendable, Hashable {
        public struct MunicipalityRecord: Codable, Sendable, Hashable {
            public var code: String
            public var name: String
            public init(code: String, name: String) {
                self.code = code
                self.name = name
            }
        }
        public struct ContactRecord: Codable, Sendable, Hashable {
            public var id: String
            public var role: String
            public var name: String
            public var description: String?
            public var channels: [ChannelRecord]
            public var notes: [String]?
            public init(id: String, role: String, name: String, description: String? = nil, channels: [ChannelRecord],
                        notes: [String]? = nil) {
                self.id = id
                self.role = role
                self.name = name
                self.description = description
                self.channels = channels
                self.notes = notes
            }
        }
        public var municipality: MunicipalityRecord
        public var fictional: Bool?
        public var logo: String
        public var web: String
        public var supportPage: String?
        public var contacts: [ContactRecord]

        enum CodingKeys: String, CodingKey {
            case municipality, fictional, logo, web
            case supportPage = "support-page"
            case contacts
        }

        public init(municipality: MunicipalityRecord, fictional: Bool?, logo: String, web: String, supportPage: String?,
                    contacts: [ContactRecord]) {
            self.municipality = municipality
            self.fictional = fictional
            self.logo = logo
            self.web = web
            self.supportPage = supportPage
            self.contacts = contacts
        }

        /// Reads a profile file's fields without checking them (`load` checks).
        public static func read(yaml text: String, name: String) throws(ValidationFailed) -> ProfileRecord {
            let file = try YAMLFile(text: text, name: name)
            let decoded = RecordDecoder(file: name).decode(ProfileRecord.self, from: file.root, entry: nil)
            guard let record = decoded.value, decoded.problems.isEmpty else { throw ValidationFailed(decoded.problems) }
            return record
        }

        /// The profile file's text, fields in the order people read them.
        public func yaml() throws -> String {
            let encoder = YAMLEncoder()
            encoder.options.allowUnicode = true
            encoder.options.sortKeys = false
            return try encoder.encode(self)
        }
    }

    /// Reads and checks a profile; every problem is reported together, with file, entry and field.
    public static func load(
        from url: URL, name: String? = nil, register: MunicipalityRegister, plan: SwedishNumberPlan
    ) throws(ValidationFailed) -> MunicipalityProfile {
        let shown = name ?? url.path
        let file = try YAMLFile(contentsOf: url, name: shown, kind: .profile)
        let decoded = RecordDecoder(file: shown).decode(ProfileRecord.self, from: file.root, entry: nil)
        var problems = decoded.problems
        guard let record = decoded.value else { throw ValidationFailed(problems) }
        let municipalityName = printable(record.municipality.name, kind: .name, file: shown, entry: nil, field: "municipality.name",
                                         problems: &problems)
        let entry = record.municipality.name
        func problem(_ field: String, _ message: String, hint: String? = nil, severity: Diagnostic.Severity = .error) {
            problems.append(Diagnostic(severity, file: shown, entry: entry, field: field,
                                       line: file.root.line(ofField: field), message: message, hint: hint))
        }
        let fictional = record.fictional ?? false
        let code = record.municipality.code
        var county: County?
        if code.count != 4 || !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
            problem("municipality.code", "'\(code)' is not a four-digit municipality code", hint: "e.g. \"0180\" for Stockholm; keep the quotes")
        } else if let known = register.municipality(code: code) {
            if fictional {
                problem("municipality.code", "\(code) is \(known.name)'s code, but the profile says it is fictional",
                        hint: "a fictional profile uses a code no municipality has, such as \"0000\"")
            } else {
                county = known.county
                if known.name != record.municipality.name {
                    problem("municipality.name", "code \(code) is \(known.name), not \(record.municipality.name)",
                            hint: "check the code in Resources/municipalities/municipalities.yaml")
                }
            }
        } else if !fictional {
            problem("municipality.code", "no Swedish municipality has the code \(code)",
                    hint: "run `tmv municipality list` to find the code")
        }
        let directory = url.deletingLastPathComponent()
        let logo = directory.appendingPathComponent(record.logo)
        let ext = logo.pathExtension.lowercased()
        if !logoExtensions.contains(ext) {
            problem("logo", "'\(record.logo)' is not an SVG, PNG or JPEG file", hint: "use a .svg, .png or .jpg file")
        } else if record.logo.hasPrefix("/") || record.logo.split(separator: "/").contains("..") {
            problem("logo", "'\(record.logo)' must be a file next to the profile, not elsewhere on the disk")
        } else if let placement = Self.logoPlacementProblem(logo, profileFolder: directory) {
            problem("logo", "'\(record.logo)' cannot be used: \(placement)", hint: "put the logo file itself next to the profile")
        } else if let attributes = try? FileManager.default.attributesOfItem(atPath: logo.path) {
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            if size == 0 { problem("logo", "'\(record.logo)' is empty") }
            if size > maximumLogoBytes {
                problem("logo", "'\(record.logo)' is \(size / 1024 / 1024) MB; the limit is 5 MB", hint: "export a smaller logo")
            }
        } else {
            problem("logo", "the logo file '\(record.logo)' does not exist", hint: "put it next to the profile, at \(logo.path)")
        }
        let web = checkURL(record.web, field: "web", problem: { problem($0, $1, hint: $2) })
        let support = record.supportPage.flatMap { checkURL($0, field: "support-page", problem: { problem($0, $1, hint: $2) }) }
        var contacts: [LocalContact] = []
        var ids = Set<String>()
        for (index, contact) in record.contacts.enumerated() {
            let field = "contacts[\(index)]"
            var found: [Diagnostic] = []
            let checker = ChannelChecker(file: shown, entry: contact.id, plan: plan, expectsFictionalNumbers: fictional,
                                         acceptsWrittenForms: true)
            if !ids.insert(contact.id).inserted {
                found.append(Diagnostic(file: shown, entry: contact.id, field: "\(field).id", message: "the id is used twice"))
            }
            let role = LocalRole(rawValue: contact.role)
            if role == nil {
                found.append(Diagnostic(file: shown, entry: contact.id, field: "\(field).role",
                                        message: "'\(contact.role)' is not a role",
                                        hint: "use one of: \(LocalRole.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            var channels: [Channel] = []
            for (channelIndex, written) in contact.channels.enumerated() {
                if let channel = checker.channel(written, field: "\(field).channels[\(channelIndex)]", problems: &found) {
                    channels.append(channel)
                }
            }
            if contact.channels.isEmpty {
                found.append(Diagnostic(file: shown, entry: contact.id, field: "\(field).channels", message: "needs at least one way to reach the service"))
            }
            let notes = checker.notes(contact.notes, field: "\(field).notes", problems: &found)
            let name = printable(contact.name, kind: .name, file: shown, entry: contact.id, field: "\(field).name", problems: &found)
            let description = contact.description.map {
                printable($0, kind: .paragraph, file: shown, entry: contact.id, field: "\(field).description", problems: &found)
            }
            // A number belongs in a channel, where it is checked (and, in a fictional profile,
            // kept to the ranges reserved for fiction); in a name it would print unchecked.
            for (subfield, text) in [("name", Optional(contact.name)), ("description", contact.description)] {
                if let text, let number = Self.phoneLikeText(in: text) {
                    found.append(Diagnostic(file: shown, entry: contact.id, field: "\(field).\(subfield)",
                                            message: "holds the number '\(number)'; a number belongs in the contact's channels, where it is checked",
                                            hint: "remove it from the text and add it as a phone channel"))
                }
            }
            problems += found.map { diagnostic in
                var located = diagnostic
                located.line = file.root.line(ofField: diagnostic.field)
                return located
            }
            if let role, found.isEmpty {
                contacts.append(LocalContact(id: contact.id, role: role, name: name, description: description,
                                             channels: channels, notes: notes))
            }
        }
        if !record.contacts.contains(where: { $0.role == LocalRole.socialServices.rawValue }) {
            problem("contacts", "has no contact with role social-services (socialtjänsten)",
                    hint: "the posters' HJÄLP LOKALT block needs it")
        }
        if !record.contacts.contains(where: { $0.role == LocalRole.socialServicesOutOfHours.rawValue }) {
            problem("contacts", "has no contact with role social-services-out-of-hours (socialjouren)",
                    hint: "the children's brochure lists it", severity: .warning)
        }
        if problems.contains(where: { $0.severity == .error }) { throw ValidationFailed(problems) }
        guard let web else { throw ValidationFailed(problems) }
        return MunicipalityProfile(code: code, name: municipalityName, county: county, fictional: fictional,
                                   logo: logo, web: web, supportPage: support, contacts: contacts, file: url,
                                   warnings: problems)
    }

    static func checkURL(_ text: String, field: String, problem: (String, String, String?) -> Void) -> URL? {
        guard let url = httpsAddress(text) else {
            problem(field, "'\(text)' is not an https address with a plain host name", "write it like https://www.exempelkommun.se")
            return nil
        }
        return url
    }
}
