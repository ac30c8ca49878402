import Catalogue
import Diagnostics
import Drawing
import Foundation
import Hummingbird
import Localization
import NIOConcurrencyHelpers
import NIOPosix
import OpeningHours
import Packs
import Rendering
import Store
import Translations
import Workspace

/// The agency's work on the catalogue: drafts, review, publishing, and the packs a publish
/// rebuilds. The rules are the library modules' (the catalogue's checks, the store's review
/// rules); this file only puts them in order.
extension WebTool {
    /// What the checks say about a draft of one entry.
    struct EntryCheck: Sendable {
        var catalogue: Catalogue?
        var problems: [Diagnostic]
        /// A text that would no longer fit, or a letter no font has, in a document showing the entry.
        var layout: [String]
        var isValid: Bool { catalogue != nil && problems.isEmpty && layout.isEmpty }
    }

    func publishedCatalogue() async throws -> CatalogueVersion {
        guard let latest = try await store.latestCatalogue() else { throw HTTPError(.internalServerError, message: EditorialError.noCatalogue.description) }
        return latest
    }

    /// Checks an entry in the published catalogue exactly as `tmv catalogue validate` checks the
    /// file, then lays out every document showing it in every language.
    func check(entry: Catalogue.HelplineRecord, in latest: CatalogueVersion) async -> EntryCheck {
        let text = CatalogueText.replacing(entry, in: latest.text)
        let engine = self.engine
        let catalogue: Catalogue
        do {
            catalogue = try CatalogueText.load(text, plan: engine.plan)
        } catch {
            return EntryCheck(catalogue: nil, problems: error.diagnostics, layout: [])
        }
        let sample = try? await engine.profile("0000", store: store)
        let layout: [String] = (try? await NIOThreadPool.singleton.runIfActive { () -> [String] in
            guard let sample else { return [] }
            var renderer = engine.renderer
            renderer.catalogue = catalogue
            var found: [String] = []
            for document in engine.packs.documents(showing: entry.id) {
                guard let template = renderer.templates.document(id: document) else { continue }
                for language in renderer.languages.tags {
                    do throws(RenderFailure) {
                        _ = try renderer.layout(RenderRequest(document: document, language: language, size: template.designSize.rawValue,
                                                              format: .pdf, markPreliminary: true),
                                                profile: sample.profile, logo: sample.logo, texts: engine.texts[language])
                    } catch {
                        if !found.contains(error.description) { found.append(error.description) }
                    }
                }
            }
            return found
        }) ?? []
        return EntryCheck(catalogue: catalogue, problems: [], layout: layout)
    }

    /// Saves a draft after the checks pass; the change log gets the entry before and after.
    func saveDraft(entry: Catalogue.HelplineRecord, expectedRevision: Int, baseVersion: Int, purpose: String,
                   by account: Account) async throws -> Draft {
        let published = try? CatalogueText.entry(entry.id, in: try await publishedCatalogue().text)
        let changes = CatalogueText.changes(from: published, to: entry)
        let audit = [AuditEntry(at: now, actor: account.email, entity: "helpline:\(entry.id)",
                                field: purpose == "verify" ? "draft (marked verified)" : "draft saved",
                                before: published.map(CatalogueText.yaml(of:)), after: CatalogueText.yaml(of: entry))]
            + changes.map { AuditEntry(at: now, actor: account.email, entity: "helpline:\(entry.id)", field: "draft: \($0.field)",
                                       before: $0.before, after: $0.after) }
        return try await store.saveDraft(helpline: entry.id, entry: CatalogueText.yaml(of: entry), expectedRevision: expectedRevision,
                                         baseVersion: baseVersion, purpose: purpose, by: account.email, at: now, audit: audit)
    }

    /// Approves the open draft of an entry and publishes the catalogue with it: a new version, the
    /// engine reloaded, and the packs showing the entry rebuilt in the background.
    func approve(helpline: String, expectedRevision: Int?, by reviewer: Account) async throws -> CatalogueVersion {
        let plan = engine.plan
        let today = SwedishLocalTime(clock()).date.description
        let at = now
        let result = try await store.approveAndPublish(
            helpline: helpline, expectedRevision: expectedRevision, by: reviewer.email, at: at,
            sha256: { Checksum.sha256($0) }
        ) { latest, draft, number, translations in
            let entry = try CatalogueText.entry(fromYAML: draft.entry)
            let before = try? CatalogueText.entry(entry.id, in: latest.text)
            let text = CatalogueText.settingHeader(version: today, revision: number, in: CatalogueText.replacing(entry, in: latest.text))
            do throws(ValidationFailed) {
                _ = try CatalogueText.load(text, plan: plan)
            } catch {
                throw Engine.Problem.data(error.diagnostics)
            }
            let changes = CatalogueText.changes(from: before, to: entry)
            let summary = "\(entry.name) (\(entry.id)): " + (changes.isEmpty ? "checked, nothing changed" : changes.map(\.field).joined(separator: ", "))
            let audit = [AuditEntry(at: at, actor: reviewer.email, entity: "helpline:\(entry.id)",
                                    field: "published as catalogue version \(number) (draft by \(draft.authors.joined(separator: ", ")))",
                                    before: before.map(CatalogueText.yaml(of:)), after: CatalogueText.yaml(of: entry))]
                + changes.map { AuditEntry(at: at, actor: reviewer.email, entity: "helpline:\(entry.id)", field: $0.field,
                                           before: $0.before, after: $0.after) }
            var files: [String: String] = [:]
            var fileAudit: [AuditEntry] = []
            if let before, before.description != entry.description {
                (files, fileAudit) = try Self.descriptionChanged(entry, translations: translations, by: reviewer.email, at: at)
            }
            return Publication(text: text, summary: summary, audit: audit + fileAudit, files: files)
        }
        try await refreshEngine()
        rebuildPacks(after: result.version, helpline: helpline)
        return result.version
    }

    /// A new Swedish description is the new source of its translations: the Swedish file takes
    /// it, and in every other language the unit goes back to `initial` (its old text stays until
    /// a translator writes the new one, and the documents carry the preliminary mark meanwhile).
    static func descriptionChanged(_ entry: Catalogue.HelplineRecord, translations: [String: String], by actor: String, at: Int) throws
        -> ([String: String], [AuditEntry]) {
        let unitID = "helpline.\(entry.id).description"
        let source = entry.description.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var files: [String: String] = [:]
        var audit: [AuditEntry] = []
        for (path, text) in translations.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".xlf") {
            var file: TranslationFile
            do {
                file = try TranslationFile.read(data: Array(text.utf8), name: path)
            } catch {
                throw Engine.Problem.data(error.diagnostics)
            }
            guard let index = file.units.firstIndex(where: { $0.id == unitID }) else { continue }
            let old = file.units[index]
            file.units[index].source = source
            if file.targetLanguage != nil && file.targetLanguage != file.sourceLanguage {
                file.units[index].state = .initial
            }
            files[path] = file.xliff()
            audit.append(AuditEntry(at: at, actor: actor, entity: "translation:\(file.targetLanguage ?? file.sourceLanguage)", field: unitID,
                                    before: "\(old.state.rawValue): \(old.source)", after: "\(file.units[index].state.rawValue): \(source)"))
        }
        return (files, audit)
    }

    func reject(helpline: String, expectedRevision: Int?, comment: String, by reviewer: Account) async throws -> Draft {
        try await store.rejectDraft(helpline: helpline, expectedRevision: expectedRevision, by: reviewer.email, comment: comment, at: now,
                                    audit: [AuditEntry(at: now, actor: reviewer.email, entity: "helpline:\(helpline)",
                                                       field: "draft sent back", before: nil, after: comment)])
    }

    // MARK: Packs after a publish

    /// The packs built on this instance are brought up to date by the incremental pack builder,
    /// which re-renders only the documents whose inputs changed; every municipality is told on
    /// its page which of its documents changed, and why.
    func rebuildPacks(after version: CatalogueVersion, helpline: String) {
        let documents = engine.packs.documents(showing: helpline)
        let task = Task {
            let codes = (try? await store.profileCodes()) ?? []
            var notices: [PackNotice] = []
            for code in codes {
                let built = packJobs.withLockedValue { jobs -> Bool in
                    if case .ready = jobs[code] { return true }
                    return false
                }
                var rebuilt = documents
                if built {
                    let manifest = instanceFolder.appendingPathComponent("packs/\(code)/manifest.json")
                    let before = Self.fileInputs(manifest)
                    try? await startPack(code: code)
                    await waitForPack(code)
                    let after = Self.fileInputs(manifest)
                    let changed = after.filter { before[$0.key]?.inputs != $0.value.inputs }
                    rebuilt = Set(changed.values.map(\.document)).sorted()
                    rebuiltFiles.withLockedValue { $0[code] = changed.keys.sorted() }
                }
                guard !documents.isEmpty else { continue }
                notices.append(PackNotice(code: code, at: now, catalogueVersion: version.version, message: version.summary,
                                          documents: rebuilt))
            }
            try? await store.addPackNotices(notices)
        }
        pendingRebuilds.withLockedValue { $0.append(task) }
    }

    /// Waits for every rebuild started by a publish (tests, and a clean shutdown).
    func waitForRebuilds() async {
        let tasks = pendingRebuilds.withLockedValue { tasks in defer { tasks = [] }; return tasks }
        for task in tasks { await task.value }
    }

    func waitForPack(_ code: String) async {
        for _ in 0..<6000 {
            if case .building = packJobs.withLockedValue({ $0[code] }) {
                try? await Task.sleep(for: .milliseconds(100))
            } else {
                return
            }
        }
    }

    /// Each file of a pack's manifest: its document and the hash of what it was made from.
    static func fileInputs(_ manifest: URL) -> [String: (document: String, inputs: String)] {
        guard let data = try? Data(contentsOf: manifest), let decoded = try? JSONDecoder().decode(PackManifest.self, from: data) else { return [:] }
        return Dictionary(decoded.files.map { ($0.path, ($0.document, $0.inputs)) }, uniquingKeysWith: { first, _ in first })
    }
}
