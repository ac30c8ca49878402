import Foundation

/// What a pack holds and what it was made from: written as manifest.json next to the files,
/// so a printer can check every file and a rebuild knows what changed.
public struct PackManifest: Codable, Sendable, Equatable {
    public struct Municipality: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
    }

    public struct LanguageState: Codable, Sendable, Equatable {
        /// "source", "reviewed" (every unit checked), or "not reviewed".
        public var review: String
        public var units: Int
        public var reviewedUnits: Int
        /// SHA-256 of the language's translation file: its version.
        public var translationsSHA256: String

        enum CodingKeys: String, CodingKey {
            case review, units
            case reviewedUnits = "reviewed_units"
            case translationsSHA256 = "translations_sha256"
        }
    }

    public struct File: Codable, Sendable, Equatable {
        /// Relative to the municipality's folder: `sv/poster-victim-A4.pdf`.
        public var path: String
        public var document: String
        public var language: String
        public var format: String
        public var size: String
        public var page: Int?
        public var bytes: Int
        public var sha256: String
        /// A hash of everything the file was made from; equal inputs need no new render.
        public var inputs: String
    }

    public var tool: String
    public var municipality: Municipality
    public var catalogueVersion: String
    /// The published catalogue version (the web tool's number) the pack was built from; absent
    /// for a catalogue file nobody published through the web tool.
    public var catalogueRevision: Int?
    public var documents: [String]
    public var languages: [String]
    public var formats: [String]
    public var sizes: [String: String]
    public var translations: [String: LanguageState]
    public var files: [File]
    public var zip: String?

    enum CodingKeys: String, CodingKey {
        case tool, municipality, documents, languages, formats, sizes, translations, files, zip
        case catalogueVersion = "catalogue_version"
        case catalogueRevision = "catalogue_revision"
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
