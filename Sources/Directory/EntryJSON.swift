import Catalogue
import Foundation
import OpeningHours

/// A channel as the catalogue file writes it (the open data has its own `ChannelRecord`).
typealias WrittenChannel = ChannelRecord

/// The helpline JSON of the open data, read back as a catalogue entry: what
/// `PUT /api/v1/helplines/{id}/draft` takes. A client sends what `GET /api/v1/helplines/{id}`
/// returned, changed; what is only computed (reachability, links, calendars, pages) is ignored.
extension OpenData {
    /// The fields a draft is read from; everything else of the record may be sent and is ignored.
    public struct EntryBody: Decodable, Sendable {
        public struct ChannelBody: Decodable, Sendable {
            public var kind: String
            public var address: String
            public var display: String?
            public var label: String?
            public var hours: String?
            public var notes: [String]?
        }
        public struct SourceBody: Decodable, Sendable {
            public var document: String?
            public var verified: String?
        }
        public var id: String?
        public var name: String
        public var organisation: String
        public var description: String
        public var groups: [String]
        public var audiences: [String]
        public var ageMin: Int?
        public var ageMax: Int?
        public var languages: [String]
        public var interpreters: Bool?
        public var signLanguage: Bool?
        public var notes: [String]?
        public var channels: [ChannelBody]
        public var source: SourceBody?
        public var provenance: Catalogue.SourceRecord?
    }

    public enum EntryBodyError: Error, CustomStringConvertible, Equatable {
        case notJSON(String)
        case wrongID(sent: String, address: String)
        case noProvenance

        public var description: String {
            switch self {
            case .notJSON(let reason): return "the body is not a helpline as GET /api/v1/helplines/{id} returns it: \(reason)"
            case .wrongID(let sent, let address): return "the body is helpline '\(sent)', but the address names '\(address)'"
            case .noProvenance: return "the body has no 'provenance': say where each figure comes from, as GET returns it"
            }
        }
    }

    /// Reads a draft body for entry `id`; `published` supplies the provenance when the body has none.
    /// `publishedProvenance`: the published entry's provenance as GET writes it; a body that sends
    /// it back unchanged keeps the entry's `source` exactly as the file has it.
    public static func entry(fromJSON bytes: [UInt8], id: String, published: Catalogue.HelplineRecord?,
                             publishedProvenance: Catalogue.SourceRecord? = nil) throws(EntryBodyError) -> Catalogue.HelplineRecord {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let body: EntryBody
        do {
            body = try decoder.decode(EntryBody.self, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, context) {
            throw .notJSON("'\(Self.path(context.codingPath + [key]))' is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .notJSON("'\(Self.path(context.codingPath))' has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw .notJSON("'\(Self.path(context.codingPath))' is null")
        } catch {
            throw .notJSON("it is not valid JSON")
        }
        if let sent = body.id, sent != id { throw .wrongID(sent: sent, address: id) }
        var sent = body.provenance
        if let given = sent, let publishedProvenance, given == publishedProvenance { sent = nil }
        guard var source = sent ?? published?.source else { throw .noProvenance }
        if sent == nil {
            if let document = body.source?.document { source.document = document }
            if let verified = body.source?.verified { source.verified = verified }
        }
        let channels = body.channels.map { channel -> WrittenChannel in
            var record = WrittenChannel(kind: channel.kind, hours: channel.hours, label: channel.label,
                                       notes: (channel.notes ?? []).isEmpty ? nil : channel.notes)
            switch channel.kind {
            case "chat", "web": record.url = channel.address
            case "email": record.address = channel.address
            default:
                record.number = (try? PhoneNumber(written: channel.address))?.stored ?? channel.address
                // The printed grouping is kept only where it is the catalogue's own choice.
                if let display = channel.display, let previous = published?.channels.first(where: { $0.number == record.number }),
                   previous.display == display {
                    record.display = display
                }
            }
            return record
        }
        let age: AgeRange? = body.ageMin == nil && body.ageMax == nil ? nil : AgeRange(min: body.ageMin, max: body.ageMax)
        // Spaces around a text are never meant to be printed (the form trims them too).
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        return Catalogue.HelplineRecord(
            id: id, organisation: trimmed(body.organisation), name: trimmed(body.name), description: trimmed(body.description), groups: body.groups,
            audiences: body.audiences, age: age, languages: body.languages,
            interpreters: body.interpreters == true ? true : (published?.interpreters == false ? false : nil),
            signLanguage: body.signLanguage == true ? true : (published?.signLanguage == false ? false : nil),
            notes: (body.notes ?? []).isEmpty ? nil : body.notes, channels: channels, source: source)
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    /// A checked provenance written the way the file writes it.
    public static func written(_ provenance: Provenance) -> Catalogue.SourceRecord {
        var report: [String] = []
        var reconstructed: [String] = []
        var elsewhere: [Catalogue.ElsewhereRecord] = []
        for figure in provenance.figures {
            switch figure.origin {
            case .document(let rebuilt):
                report.append(figure.figure)
                if rebuilt { reconstructed.append(figure.figure) }
            case .elsewhere(let source, let checked):
                if let index = elsewhere.firstIndex(where: { $0.source == source && $0.checked == checked.description }) {
                    elsewhere[index].figures.append(figure.figure)
                } else {
                    elsewhere.append(.init(figures: [figure.figure], source: source, checked: checked.description))
                }
            }
        }
        return Catalogue.SourceRecord(document: provenance.document, verified: provenance.verified.description,
                                      remarks: provenance.remarks, report: report.isEmpty ? nil : report,
                                      reconstructed: reconstructed.isEmpty ? nil : reconstructed,
                                      elsewhere: elsewhere.isEmpty ? nil : elsewhere)
    }
}
