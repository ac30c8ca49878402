import Catalogue
import Diagnostics
import Drawing
import Foundation
import Layout
import Localization
import Municipalities
import NIOConcurrencyHelpers
import NIOPosix
import OpeningHours
import Packs
import Rendering
import Translations
import Store
import Workspace

/// The web tool's bridge to the rendering engine: the same loading, checks, renderer and pack
/// builder as the command line, fed from the database.
///
/// The database is the truth; each instance keeps a working copy of the files the engine reads
/// (catalogue, translations, profiles and their logos) in its own folder, and brings a profile's
/// copy up to date whenever the database holds a newer revision, so two instances on one
/// PostgreSQL database show the same profile.
public final class Engine: Sendable {
    public let work: URL
    public let installedTemplates: URL
    public let workspace: Workspace
    public let renderer: DocumentRenderer
    public let packs: PackBuilder
    public let register: MunicipalityRegister
    public let plan: SwedishNumberPlan
    /// Each language's texts, read once (by the pack builder): every check and render uses them.
    public var texts: [String: CampaignTexts] { packs.texts }
    let cache = NIOLockedValueBox<[String: LoadedProfile]>([:])

    /// A profile as the engine reads it, at one revision.
    public struct LoadedProfile: Sendable {
        public var stored: StoredProfile
        public var record: MunicipalityProfile.ProfileRecord
        public var profile: MunicipalityProfile
        public var logo: LoadedImage
        public var logoBytes: [UInt8]
        public var logoExtension: String
    }

    public enum Problem: Error, CustomStringConvertible {
        case data([Diagnostic])
        case engine(String)
        case noProfile(String)
        /// A file this document is not made as (a video of a poster): the request's fault.
        case notOffered(String)
        /// A converter (Ghostscript, ffmpeg) failed or is missing: the server's fault.
        case converter(String)

        public var description: String {
            switch self {
            case .data(let diagnostics): return diagnostics.map(\.description).joined(separator: "\n")
            case .engine(let text), .notOffered(let text), .converter(let text): return text
            case .noProfile(let code): return "no profile is saved for municipality \(code)"
            }
        }
    }

    /// Writes the database's resource files into `work` and loads the engine from them.
    public init(store: Store, work: URL, installedTemplates: URL, clock: any Clock) async throws {
        self.work = work
        self.installedTemplates = installedTemplates
        let resources = work.appendingPathComponent("Resources")
        let files = try await store.resourceFiles()
        guard !files.isEmpty else { throw Problem.engine("the database holds no catalogue yet; start `tmv serve` once to seed it") }
        let manager = FileManager.default
        try? manager.removeItem(at: resources)
        for file in files {
            let target = resources.appendingPathComponent(file.path)
            guard Self.isSafeRelativePath(file.path) else { throw Problem.engine("refusing the stored file name \(file.path)") }
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: target, options: .atomic)
        }
        let templates = work.appendingPathComponent("Templates")
        try? manager.removeItem(at: templates)
        try manager.createSymbolicLink(at: templates, withDestinationURL: installedTemplates)
        let workspace = Workspace(resources: resources, clock: clock)
        self.workspace = workspace
        var loaded: DocumentRenderer
        do throws(RenderFailure) {
            loaded = try DocumentRenderer(workspace: workspace)
        } catch {
            throw Problem.engine(error.description)
        }
        // The published version's number, for a catalogue first stored before any publish wrote it
        // into the file (the seed, an import): every pack manifest names the version it was built from.
        if loaded.catalogue.revision == nil, let latest = try await store.latestCatalogue(),
           files.first(where: { $0.path == Store.cataloguePath })?.sha256 == latest.sha256 {
            loaded.catalogue.revision = latest.version
        }
        renderer = loaded
        do throws(ValidationFailed) {
            register = try workspace.register()
            plan = try workspace.numberPlan()
        } catch {
            throw Problem.data(error.diagnostics)
        }
        packs = PackBuilder(renderer: renderer, resources: resources, templates: installedTemplates, toolVersion: "tmv-web")
        if let problem = packs.textProblems.values.sorted().first { throw Problem.engine(problem) }
    }

    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.split(separator: "/").contains("..") && !path.contains("\0")
    }

    // MARK: Profiles

    /// The profile at the database's revision, loading (and checking) it when this instance has
    /// an older copy or none.
    public func profile(_ code: String, store: Store) async throws -> LoadedProfile {
        guard let revision = try await store.profileRevision(code: code) else { throw Problem.noProfile(code) }
        if let cached = cache.withLockedValue({ $0[code] }), cached.stored.revision == revision { return cached }
        guard let stored = try await store.profile(code: code) else { throw Problem.noProfile(code) }
        guard let logo = try await store.logo(sha256: stored.logoSHA256) else {
            throw Problem.engine("the logo of municipality \(code) is missing from the database")
        }
        let record = try MunicipalityProfile.ProfileRecord.read(yaml: stored.yaml, name: "profile \(code)")
        let folder = work.appendingPathComponent("profiles/\(code)/\(stored.revision)")
        let loaded = try await NIOThreadPool.singleton.runIfActive { () throws -> LoadedProfile in
            switch self.check(record, logoBytes: logo.bytes, logoExtension: logo.fileExtension, folder: folder, layouts: false) {
            case .valid(let profile, let image):
                return LoadedProfile(stored: stored, record: record, profile: profile, logo: image, logoBytes: logo.bytes,
                                     logoExtension: logo.fileExtension)
            case .invalid(let diagnostics, let layout):
                throw Problem.engine("the saved profile of \(code) no longer passes the checks: "
                    + (diagnostics.map(\.description) + layout).joined(separator: "; "))
            }
        }
        cache.withLockedValue { $0[code] = loaded }
        return loaded
    }

    public enum CheckResult: Sendable {
        case valid(MunicipalityProfile, LoadedImage)
        /// Problems with the fields (file, entry, field) and layout problems (a text that does
        /// not fit, a letter no font has).
        case invalid([Diagnostic], layout: [String])
    }

    /// Checks a profile exactly as `tmv municipality validate` does: the same loader, the same
    /// logo checks, every document laid out in every language.
    /// `keep`: a valid profile's working folder is kept, for `adopt` after it is saved (or
    /// `discard` when it is not).
    public func check(_ record: MunicipalityProfile.ProfileRecord, logoBytes: [UInt8], logoExtension: String,
                      folder: URL? = nil, layouts: Bool = true, keep: Bool = false) -> CheckResult {
        let manager = FileManager.default
        let target = folder ?? work.appendingPathComponent("staging/\(UUID().uuidString)")
        var valid = false
        defer { if folder == nil && !(keep && valid) { try? manager.removeItem(at: target) } }
        var written = record
        written.logo = "logo.\(logoExtension)"
        do {
            try manager.createDirectory(at: target, withIntermediateDirectories: true)
            try Data(logoBytes).write(to: target.appendingPathComponent(written.logo), options: .atomic)
            try Data(written.yaml().utf8).write(to: target.appendingPathComponent("profile.yaml"), options: .atomic)
        } catch {
            return .invalid([Diagnostic(file: "profile", entry: nil, field: nil, message: "cannot prepare the check: \(error.localizedDescription)")],
                            layout: [])
        }
        let profile: MunicipalityProfile
        do {
            profile = try MunicipalityProfile.load(from: target.appendingPathComponent("profile.yaml"), name: "profile",
                                                   register: register, plan: plan)
        } catch {
            return .invalid(error.diagnostics, layout: [])
        }
        let image: LoadedImage
        do {
            image = try DocumentRenderer.logo(of: profile)
        } catch {
            return .invalid([Diagnostic(file: "profile", entry: nil, field: "logo", message: error.description)], layout: [])
        }
        if layouts {
            // An edit can only break what the profile fills; the campaign's own texts are the same
            // for every municipality and are checked where they are made (`tmv translations
            // check`, and every render refuses a text that does not fit).
            let problems = renderer.problems(of: profile, texts: texts, profileSlotsOnly: true)
            if !problems.isEmpty { return .invalid([], layout: problems) }
        }
        valid = true
        return .valid(profile, image)
    }

    /// Takes a checked profile, just saved as `stored`, as this instance's copy: the check has
    /// read and drawn-tested it already, so it is not read again.
    public func adopt(_ profile: MunicipalityProfile, image: LoadedImage, record: MunicipalityProfile.ProfileRecord,
                      stored: StoredProfile, logoBytes: [UInt8], logoExtension: String) {
        let manager = FileManager.default
        let staging = profile.file.deletingLastPathComponent()
        let folder = work.appendingPathComponent("profiles/\(stored.code)/\(stored.revision)")
        try? manager.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? manager.removeItem(at: folder)
        guard (try? manager.moveItem(at: staging, to: folder)) != nil else {
            try? manager.removeItem(at: staging)
            return
        }
        var moved = profile
        moved.file = folder.appendingPathComponent("profile.yaml")
        moved.logo = folder.appendingPathComponent(profile.logo.lastPathComponent)
        let loaded = LoadedProfile(stored: stored, record: record, profile: moved, logo: image, logoBytes: logoBytes,
                                   logoExtension: logoExtension)
        cache.withLockedValue { cache in
            if (cache[stored.code]?.stored.revision ?? 0) < stored.revision { cache[stored.code] = loaded }
        }
    }

    /// A checked profile that was not saved: its working folder goes.
    public func discard(_ profile: MunicipalityProfile) {
        try? FileManager.default.removeItem(at: profile.file.deletingLastPathComponent())
    }

    // MARK: Rendering

    public func render(_ request: RenderRequest, profile: LoadedProfile) async throws -> [RenderedPage] {
        try await NIOThreadPool.singleton.runIfActive {
            do throws(RenderFailure) {
                return try self.renderer.render(request, profile: profile.profile, logo: profile.logo, texts: self.texts[request.language])
            } catch {
                switch error {
                case .print(let message): throw Problem.notOffered(message)
                case .converter(let message): throw Problem.converter(message)
                default: throw Problem.engine(error.description)
                }
            }
        }
    }

    /// How the hours will read in a language, as the documents print them: in a right-to-left
    /// language with the times isolated as the layout isolates them, so a browser shows
    /// 10:00–16:00 in order too.
    public func hoursReading(_ hours: OpeningHours, language: String) -> String? {
        renderer.languages[language].map { Self.hoursReading(hours, in: $0) }
    }

    public static func hoursReading(_ hours: OpeningHours, in campaign: CampaignLanguage) -> String {
        let text = campaign.hoursFormatter.format(hours)
        return campaign.direction == .rightToLeft ? BidiIsolation.isolate(text) : text
    }

    /// The number as the documents print it.
    public func printed(_ number: PhoneNumber) -> String { plan.format(number) }
}
