import Catalogue
import Diagnostics
import Drawing
import Foundation
import InputRules
import Municipalities
import OpeningHours
import Packs
import Store
import Workspace

/// Moves data between the database and the Resources/ file formats: the first start's seed,
/// `tmv export` and `tmv import`.
public enum DataExchange {
    /// The folders of Resources/ the database keeps (profiles are kept apart, with their logos).
    static let resourceFolders = ["catalogue", "languages", "municipalities", "telephony", "translations"]

    public enum Problem: Error, CustomStringConvertible {
        case invalid([Diagnostic])
        case files(String)

        public var description: String {
            switch self {
            case .invalid(let diagnostics): return diagnostics.map(\.description).joined(separator: "\n")
            case .files(let text): return text
            }
        }
    }

    /// The resource files of a Resources/ folder, as (relative path, text).
    static func resourceFiles(in resources: URL) throws -> [(path: String, text: String)] {
        var files: [(String, String)] = []
        for folder in resourceFolders {
            let url = resources.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".xlf") {
                let file = url.appendingPathComponent(name)
                let bytes: [UInt8]
                do {
                    bytes = try BoundedFile.read(file, kind: name.hasSuffix(".xlf") ? .translation : .catalogue)
                } catch {
                    throw Problem.files("cannot read \(folder)/\(name): \(error)")
                }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw Problem.files("\(folder)/\(name) is not UTF-8 text")
                }
                files.append(("\(folder)/\(name)", text))
            }
        }
        return files
    }

    /// Checks a Resources/ folder exactly as `tmv catalogue validate` does, then puts its files
    /// and every profile (with its logo) in the database. Nothing is stored unless all is valid.
    public static func importFolder(_ resources: URL, into store: Store, actor: String, now: Int,
                                    profilesOnly: [String]? = nil) async throws -> (files: Int, profiles: [String]) {
        let workspace = Workspace(resources: resources)
        var problems: [Diagnostic] = []
        var plan: SwedishNumberPlan?
        var register: MunicipalityRegister?
        do { plan = try workspace.numberPlan() } catch { problems += error.diagnostics }
        do { register = try workspace.register() } catch { problems += error.diagnostics }
        do { _ = try workspace.catalogue() } catch { problems += error.diagnostics }
        do { _ = try workspace.languages() } catch { problems += error.diagnostics }
        guard problems.isEmpty, let plan, let register else { throw Problem.invalid(problems) }
        let files = try resourceFiles(in: resources)
        // Profiles: every folder of profiles/ with a profile.yaml, checked by the same loader.
        var profiles: [(record: MunicipalityProfile.ProfileRecord, code: String, logo: StoredLogo, text: String)] = []
        let profilesFolder = resources.appendingPathComponent("profiles")
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: profilesFolder.path)) ?? []).sorted()
        for folder in folders {
            let file = profilesFolder.appendingPathComponent(folder).appendingPathComponent("profile.yaml")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            let shown = "profiles/\(folder)/profile.yaml"
            do {
                let profile = try MunicipalityProfile.load(from: file, name: shown, register: register, plan: plan)
                if let only = profilesOnly, !only.contains(profile.code) { continue }
                let bytes = try BoundedFile.read(profile.logo, kind: .logo)
                let text = try String(contentsOf: file, encoding: .utf8)
                let record = try MunicipalityProfile.ProfileRecord.read(yaml: text, name: shown)
                profiles.append((record, profile.code,
                                 StoredLogo(sha256: Checksum.sha256(bytes), fileExtension: profile.logo.pathExtension.lowercased(),
                                            bytes: bytes), text))
            } catch let failure as ValidationFailed {
                problems += failure.diagnostics
            } catch {
                problems.append(Diagnostic(file: shown, entry: nil, field: "logo", message: "\(error)"))
            }
        }
        guard problems.isEmpty else { throw Problem.invalid(problems) }
        for file in files {
            try await store.putResourceFile(path: file.path, text: file.text, sha256: Checksum.sha256(file.text))
            if file.path == Store.cataloguePath {
                try await store.recordCatalogue(text: file.text, sha256: Checksum.sha256(file.text), by: actor, at: now,
                                                summary: "imported from a Resources/ folder")
            }
        }
        for profile in profiles {
            try await store.putLogo(profile.logo)
            let before = try await store.profile(code: profile.code)
            var record = profile.record
            record.logo = "logo.\(profile.logo.fileExtension)"
            let yaml = try record.yaml()
            try await store.saveProfile(code: profile.code, yaml: yaml, logoSHA256: profile.logo.sha256, expectedRevision: nil,
                                        by: actor, at: now,
                                        audit: [AuditEntry(at: now, actor: actor, entity: "profile:\(profile.code)", field: "(imported)",
                                                           before: before?.yaml, after: yaml)])
        }
        return (files.count, profiles.map(\.code))
    }

    /// Writes the database's resource files and every profile with its logo as a Resources/
    /// folder, so `tmv pack --all` and a git diff work from it.
    public static func export(from store: Store, to output: URL) async throws -> (files: Int, profiles: Int) {
        let manager = FileManager.default
        let files = try await store.resourceFiles()
        for file in files {
            guard Engine.isSafeRelativePath(file.path) else { throw Problem.files("refusing the stored file name \(file.path)") }
            let target = output.appendingPathComponent(file.path)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: target, options: .atomic)
        }
        let codes = try await store.profileCodes()
        for code in codes {
            guard let stored = try await store.profile(code: code), let logo = try await store.logo(sha256: stored.logoSHA256) else { continue }
            let record = try MunicipalityProfile.ProfileRecord.read(yaml: stored.yaml, name: "profile \(code)")
            let folder = output.appendingPathComponent("profiles/\(Self.folderName(record))")
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            let header = "# \(record.municipality.name) (\(code)): written by `tmv export` from the web tool's database,\n"
                + "# revision \(stored.revision), saved by \(stored.updatedBy).\n"
            try Data((header + stored.yaml).utf8).write(to: folder.appendingPathComponent("profile.yaml"), options: .atomic)
            try Data(logo.bytes).write(to: folder.appendingPathComponent("logo.\(logo.fileExtension)"), options: .atomic)
        }
        return (files.count, codes.count)
    }

    /// "exempelkommun", "malung-salen": the folder a profile is exported to, named as its pack is.
    static func folderName(_ record: MunicipalityProfile.ProfileRecord) -> String {
        let slug = PackBuilder.slug(record.municipality.name)
        return slug.isEmpty ? record.municipality.code : slug
    }

    /// A database from before catalogue versions were kept: what it holds becomes version 1.
    public static func recordSeededCatalogue(_ store: Store, now: Int) async throws {
        guard try await store.latestCatalogue() == nil, let file = try await store.resourceFile(path: Store.cataloguePath) else { return }
        try await store.recordCatalogue(text: file.text, sha256: file.sha256, by: "seed", at: now, summary: "the catalogue as first stored")
    }

    /// The first start: an empty database gets the shipped data and the sample municipality.
    public static func seedIfEmpty(_ store: Store, from resources: URL, now: Int) async throws -> Bool {
        guard try await store.resourceFingerprint().isEmpty else { return false }
        _ = try await importFolder(resources, into: store, actor: "seed", now: now)
        return true
    }
}
