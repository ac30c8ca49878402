import Diagnostics
import Foundation
import InputRules
import OpeningHours

/// Something a caller should know before reaching out: is it anonymous, is it free, does it
/// show on the phone bill that someone else may read.
public enum CallerNote: String, Sendable, Hashable, CaseIterable, Codable {
    case anonymous
    case freeOfCharge = "free-of-charge"
    case notOnPhoneBill = "not-on-phone-bill"
    case showsOnPhoneBill = "shows-on-phone-bill"
    case confidentiality
    case hoursMayChange = "hours-may-change"
}

/// How a person reaches a helpline or a local service.
public enum ChannelKind: String, Sendable, Hashable, CaseIterable, Codable {
    case phone, chat, email, sms, web
    case textTelephone = "text-telephone"

    var needsNumber: Bool { self == .phone || self == .sms || self == .textTelephone }
    var needsURL: Bool { self == .chat || self == .web }
}

/// One way of reaching a service, with its own opening hours.
public struct Channel: Sendable, Hashable {
    public enum Address: Sendable, Hashable {
        case number(PhoneNumber)
        case url(URL)
        case email(String)
    }

    public var kind: ChannelKind
    public var address: Address
    /// `nil` when the hours are not known (the source did not give them).
    public var hours: OpeningHours?
    public var label: String?
    public var notes: [CallerNote]

    public var number: PhoneNumber? {
        if case .number(let number) = address { return number }
        return nil
    }

    public var url: URL? {
        if case .url(let url) = address { return url }
        return nil
    }

    public var emailAddress: String? {
        if case .email(let address) = address { return address }
        return nil
    }
}

/// A channel as written in a catalogue or profile file.
public struct ChannelRecord: Codable, Sendable, Hashable {
    public var kind: String
    public var number: String?
    public var display: String?
    public var url: String?
    public var address: String?
    public var hours: String?
    public var label: String?
    public var notes: [String]?

    public init(kind: String, number: String? = nil, display: String? = nil, url: String? = nil, address: String? = nil,
                hours: String? = nil, label: String? = nil, notes: [String]? = nil) {
        self.kind = kind
        self.number = number
        self.display = display
        self.url = url
        self.address = address
        self.hours = hours
        self.label = label
        self.notes = notes
    }
}

/// Turns written channels into checked values, reporting every problem with its field.
public struct ChannelChecker: Sendable {
    public var file: String
    public var entry: String
    public var plan: SwedishNumberPlan
    /// Profiles of fictional municipalities must use fictional numbers; real ones must not.
    public var expectsFictionalNumbers: Bool
    /// Profiles are written by communicators: numbers as Swedes write them ("0980-700 00") and
    /// hours in Swedish ("mån–fre 8–16.30") are accepted there besides the catalogue's forms.
    public var acceptsWrittenForms: Bool

    public init(file: String, entry: String, plan: SwedishNumberPlan, expectsFictionalNumbers: Bool = false,
                acceptsWrittenForms: Bool = false) {
        self.file = file
        self.entry = entry
        self.plan = plan
        self.expectsFictionalNumbers = expectsFictionalNumbers
        self.acceptsWrittenForms = acceptsWrittenForms
    }

    /// A number as stored, or (in a profile) as a person writes it.
    func readNumber(_ written: String, display: String?) throws(PhoneNumber.Problem) -> PhoneNumber {
        do {
            return try PhoneNumber(stored: written, display: display)
        } catch let storedProblem {
            guard acceptsWrittenForms else { throw storedProblem }
            let read: PhoneNumber
            do {
                read = try PhoneNumber(written: written)
            } catch {
                throw .written(error)
            }
            return try PhoneNumber(stored: read.stored, display: display)
        }
    }

    /// Hours in the opening_hours syntax, or (in a profile) written the Swedish way.
    public func readHours(_ written: String) throws(HoursSyntaxError) -> OpeningHours {
        do {
            return try OpeningHours(parsing: written)
        } catch let syntaxProblem {
            guard acceptsWrittenForms else { throw syntaxProblem }
            return try OpeningHours(swedish: written)
        }
    }

    public func notes(_ written: [String]?, field: String, problems: inout [Diagnostic]) -> [CallerNote] {
        var notes: [CallerNote] = []
        for (index, text) in (written ?? []).enumerated() {
            if let note = CallerNote(rawValue: text) {
                notes.append(note)
            } else {
                problems.append(Diagnostic(
                    file: file, entry: entry, field: "\(field)[\(index)]", message: "'\(text)' is not a known note",
                    hint: "use one of: \(CallerNote.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        if notes.contains(.notOnPhoneBill) && notes.contains(.showsOnPhoneBill) {
            problems.append(Diagnostic(file: file, entry: entry, field: field,
                                       message: "says both not-on-phone-bill and shows-on-phone-bill"))
        }
        return notes
    }

    public func channel(_ record: ChannelRecord, field: String, problems: inout [Diagnostic]) -> Channel? {
        let before = problems.count
        func problem(_ subfield: String?, _ message: String, hint: String? = nil) {
            problems.append(Diagnostic(file: file, entry: entry, field: subfield.map { "\(field).\($0)" } ?? field,
                                       message: message, hint: hint))
        }
        guard let kind = ChannelKind(rawValue: record.kind) else {
            problem("kind", "'\(record.kind)' is not a kind of channel",
                    hint: "use one of: \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        var address: Channel.Address?
        if kind.needsNumber {
            if let written = record.number {
                do {
                    let number = try readNumber(written, display: record.display)
                    address = .number(number)
                    if number.kind == .national {
                        let fictional = plan.isFictional(number)
                        if fictional && !expectsFictionalNumbers {
                            problem("number", "\(plan.format(number)) is in a range reserved for films and books, not a real line",
                                    hint: "use the service's real number")
                        } else if !fictional && expectsFictionalNumbers {
                            problem("number", "\(plan.format(number)) is a real number, but this profile is fictional",
                                    hint: "a fictional profile may only use the ranges in Resources/telephony/fictional-numbers.yaml")
                        }
                    }
                } catch {
                    problem(error.isAboutDisplay ? "display" : "number", error.description, hint: error.hint)
                }
            } else {
                problem("number", "is missing", hint: "a \(kind.rawValue) channel needs a number")
            }
        } else if record.number != nil {
            problem("number", "does not belong to a \(kind.rawValue) channel")
        }
        if record.display != nil && !kind.needsNumber { problem("display", "does not belong to a \(kind.rawValue) channel") }
        if kind.needsURL {
            if let written = record.url {
                if let url = httpsAddress(written) {
                    address = .url(url)
                } else {
                    problem("url", "'\(written)' is not an https address with a plain host name",
                            hint: "write it like https://www.bris.se")
                }
            } else {
                problem("url", "is missing", hint: "a \(kind.rawValue) channel needs a url")
            }
        } else if record.url != nil {
            problem("url", "does not belong to a \(kind.rawValue) channel")
        }
        if kind == .email {
            if let written = record.address {
                if Self.isEmailAddress(written) {
                    address = .email(written)
                } else {
                    problem("address", "'\(written)' is not an e-mail address")
                }
            } else {
                problem("address", "is missing", hint: "an email channel needs an address")
            }
        } else if record.address != nil {
            problem("address", "does not belong to a \(kind.rawValue) channel")
        }
        var hours: OpeningHours?
        if let written = record.hours {
            do {
                hours = try readHours(written)
            } catch {
                problem("hours", acceptsWrittenForms ? "\"\(written)\" cannot be read at character \(error.column): \(error.reason)"
                                                     : "\"\(written)\" does not parse at column \(error.column): \(error.reason)",
                        hint: acceptsWrittenForms ? "write e.g. mån–fre 8–16.30; helgdagar stängt (or Mo-Fr 08:00-16:30; PH off)"
                                                  : "see docs/data-formats.md; e.g. Mo-Fr 09:00-16:00; PH off")
            }
        }
        let notes = notes(record.notes, field: "\(field).notes", problems: &problems)
        // Every text of the channel that can be printed passes the gate; a URL or e-mail address
        // with an invisible direction character is refused like any other text.
        let label = record.label.map { printable($0, kind: .label, file: file, entry: entry, field: "\(field).label", problems: &problems) }
        for (subfield, text) in [("display", record.display), ("url", record.url), ("address", record.address)] {
            if let text { _ = printable(text, kind: .label, file: file, entry: entry, field: "\(field).\(subfield)", problems: &problems) }
        }
        guard problems.count == before, let address else { return nil }
        return Channel(kind: kind, address: address, hours: hours, label: label, notes: notes)
    }

    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !text.contains(" ") else { return false }
        return !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}

extension PhoneNumber.Problem {
    var isAboutDisplay: Bool {
        if case .displayDiffers = self { return true }
        return false
    }
}

/// Passes a written text through the one gate for printable text (`PrintableText`), reporting a
/// refusal with its file, entry and field, and returns the text as it will be printed (NFC).
public func printable(_ text: String, kind: Limits.TextKind, file: String, entry: String?, field: String,
                      problems: inout [Diagnostic]) -> String {
    do {
        return try PrintableText.check(text, kind: kind)
    } catch {
        problems.append(Diagnostic(file: file, entry: entry, field: field, message: error.message, hint: error.hint))
        return text
    }
}

/// An https address whose host is printed as it is written: ASCII letters, digits, dots and
/// hyphens only. A host written with percent escapes would be decoded when printed, and
/// "%E2%80%AE" would put a right-to-left override on the poster past every text check.
public func httpsAddress(_ text: String) -> URL? {
    guard let url = URL(string: text), url.scheme == "https", !text.contains(where: \.isWhitespace),
          let host = url.host(percentEncoded: true), host.contains("."), !host.hasPrefix("."), !host.hasSuffix("."),
          host.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" })
    else { return nil }
    return url
}
