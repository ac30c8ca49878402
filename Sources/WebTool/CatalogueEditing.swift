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
        guard CatalogueText.writesFaithfully(entry) else {
            return EntryCheck(catalogue: nil, problems: [Diagnostic(file: "Resources/catalogue/helplines.yaml", entry: entry.id, field: nil,
                                                                    message: "the entry holds a character the catalogue file cannot keep as typed; remove control characters and try again")],
                              layout: [])
        }
        return await check(text: CatalogueText.replacing(entry, in: latest.text), entry: entry.id)
    }

    /// Checks a whole catalogue text about to be saved or published: the data, then the layout of
    /// every document that shows the entry before or after the change, in every language, with
    /// the sample municipality. A check that cannot run counts as a problem, never as a pass.
    func check(text: String, entry id: String) async -> EntryCheck {
        let engine = self.engine
        let catalogue: Catalogue
        do {
            catalogue = try CatalogueText.load(text, plan: engine.plan)
        } catch {
            return EntryCheck(catalogue: nil, problems: error.diagnostics, layout: [])
        }
        guard let sample = try? await engine.profile("0000", store: store) else {
            return EntryCheck(catalogue: catalogue, problems: [],
                              layout: ["the documents cannot be laid out: the sample municipality 0000 is missing from the database"])
        }
        let documents = Set(engine.packs.documents(showing: id)).union(engine.packs.documents(showing: id, in: catalogue))
        let layout: [String]
        do {
            layout = try await NIOThreadPool.singleton.runIfActive { () -> [String] in
                var renderer = engine.renderer
                renderer.catalogue = catalogue
                var found: [String] = []
                for document in documents.sorted() {
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
            }
        } catch {
            return EntryCheck(catalogue: catalogue, problems: [], layout: ["the documents could not be laid out: \(error)"])
        }
        return EntryCheck(catalogue: catalogue, problems: [], layout: layout)
    }

    /// The published version a draft of an entry may be based on: a publish of another entry
    /// since the page was read does not matter, one of this entry does.
    func effectiveBase(_ base: Int, entry id: String, latest: CatalogueVersion) async throws -> Int {
        guard base != latest.version, let older = try await store.catalogueVersion(base) else { return base }
        let then = try? CatalogueText.entry(id, in: older.text)
        let now = try? CatalogueText.entry(id, in: latest.text)
        return then == now ? latest.version : base
    }

    /// Saves a draft after the checks pass; the change log gets the entry before and after.
    func saveDraft(entry: Catalogue.HelplineRecord, expectedRevision: Int, baseVersion: Int, purpose: String,
                   by account: Account) async throws -> Draft {
        let latest = try await publishedCatalogue()
        let published = try? CatalogueText.entry(entry.id, in: latest.text)
        let base = try await effectiveBase(baseVersion, entry: entry.id, latest: latest)
        let changes = CatalogueText.changes(from: published, to: entry)
        let audit = [AuditEntry(at: now, actor: account.email, entity: "helpline:\(entry.id)",
                                field: purpose == "verify" ? "draft (marked verified)" : "draft saved",
                                before: published.map(CatalogueText.yaml(of:)), after: CatalogueText.yaml(of: entry))]
            + changes.map { AuditEntry(at: now, actor: account.email, entity: "helpline:\(entry.id)", field: "draft: \($0.field)",
                                       before: $0.before, after: $0.after) }
        return try await store.saveDraft(helpline: entry.id, entry: CatalogueText.yaml(of: entry), expectedRevision: expectedRevision,
                                         baseVersion: base, purpose: purpose, by: account.email, at: now, audit: audit)
    }

    enum VerifiedOutcome {
        case saved(Draft, published: Catalogue.HelplineRecord)
        case refused(EntryCheck)
    }

    /// "Checked against this source today": a draft in which every figure of the entry (as the
    /// open draft has it, or as published) has that source and date, checked like any draft.
    func saveVerifiedDraft(entry id: String, source: String, expectedRevision: Int?, baseVersion: Int?,
                           by account: Account) async throws -> VerifiedOutcome {
        let latest = try await publishedCatalogue()
        guard let published = try? CatalogueText.entry(id, in: latest.text) else { throw HTTPError(.notFound) }
        let open = try await store.openDraft(helpline: id)
        let current = open.flatMap { try? CatalogueText.entry(fromYAML: $0.entry) } ?? published
        let record = current.markedVerified(on: SwedishLocalTime(clock()).date, against: source)
        let checked = await check(entry: record, in: latest)
        guard checked.isValid else { return .refused(checked) }
        let draft = try await saveDraft(entry: record, expectedRevision: expectedRevision ?? open?.revision ?? 0,
                                        baseVersion: baseVersion ?? open?.baseVersion ?? latest.version, purpose: "verify", by: account)
        return .saved(draft, published: published)
    }

    /// Approves the open draft of an entry and publishes the catalogue with it: a new version, the
    /// engine reloaded, and the packs showing the entry rebuilt in the background.
    ///
    /// The catalogue is checked whole (data and layout) before the transaction, and the
    /// transaction publishes exactly the text that was checked: if the draft or the catalogue
    /// changed in between, nothing is published and the reviewer is told.
    func approve(helpline: String, expectedRevision: Int?, by reviewer: Account) async throws -> CatalogueVersion {
        guard let draft = try await store.openDraft(helpline: helpline) else { throw EditorialError.noSuchDraft }
        if let expectedRevision, expectedRevision != draft.revision { throw EditorialError.draftChanged(by: draft.authors.last ?? "someone") }
        if draft.authors.contains(reviewer.email) { throw EditorialError.ownDraft }
        let latest = try await publishedCatalogue()
        // This entry must not have been published by someone else since the draft was written.
        if try await effectiveBase(draft.baseVersion, entry: helpline, latest: latest) != latest.version {
            throw EditorialError.entryPublishedSince(version: latest.version)
        }
        let entry = try CatalogueText.entry(fromYAML: draft.entry)
        let before = try? CatalogueText.entry(entry.id, in: latest.text)
        let number = latest.version + 1
        let today = SwedishLocalTime(clock()).date.description
        let text = CatalogueText.settingHeader(version: today, revision: number, in: CatalogueText.replacing(entry, in: latest.text))
        let checked = await check(text: text, entry: entry.id)
        if !checked.problems.isEmpty { throw Engine.Problem.data(checked.problems) }
        if !checked.layout.isEmpty { throw Engine.Problem.engine(checked.layout.joined(separator: "; ")) }
        let changes = CatalogueText.changes(from: before, to: entry)
        let summary = "\(entry.name) (\(entry.id)): " + (changes.isEmpty ? "checked, nothing changed" : changes.map(\.field).joined(separator: ", "))
        let at = now
        let audit = [AuditEntry(at: at, actor: reviewer.email, entity: "helpline:\(entry.id)",
                                field: "published as catalogue version \(number) (draft by \(draft.authors.joined(separator: ", ")))",
                                before: before.map(CatalogueText.yaml(of:)), after: CatalogueText.yaml(of: entry))]
            + changes.map { AuditEntry(at: at, actor: reviewer.email, entity: "helpline:\(entry.id)", field: $0.field,
                                       before: $0.before, after: $0.after) }
        let descriptionChanged = before != nil && before?.description != entry.description
        let oldCatalogue = engine.renderer.catalogue
        let newCatalogue = checked.catalogue
        let documents = Set(engine.packs.documents(showing: helpline, in: oldCatalogue))
            .union(newCatalogue.map { engine.packs.documents(showing: helpline, in: $0) } ?? []).sorted()
        let reviewerEmail = reviewer.email
        let result = try await store.approveAndPublish(
            helpline: helpline, expectedRevision: draft.revision, expectedLatest: latest.version, by: reviewerEmail, at: at,
            sha256: { Checksum.sha256($0) }
        ) { _, _, _, translations in
            var files: [String: String] = [:]
            var fileAudit: [AuditEntry] = []
            if descriptionChanged {
                (files, fileAudit) = try Self.descriptionChanged(entry, translations: translations, by: reviewerEmail, at: at)
            }
            return Publication(text: text, summary: summary, audit: audit + fileAudit, files: files)
        }
        // Published. What follows must not report a failure for it: it is logged and retried.
        if !documents.isEmpty {
            let codes = (try? await store.profileCodes()) ?? []
            try? await store.addPackNotices(codes.map {
                PackNotice(code: $0, at: at, catalogueVersion: number, message: entry.name, documents: documents,
                           fields: changes.map(\.field))
            })
        }
        do {
            try await refreshEngine()
        } catch {
            logger.error("catalogue version \(number) is published, but this instance could not load it yet: \(error)")
        }
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
    /// which re-renders only the documents whose inputs changed; the files it re-rendered are
    /// kept per municipality (`rebuiltFiles`). The municipalities' notices were written with the
    /// publish.
    func rebuildPacks(after version: CatalogueVersion, helpline: String) {
        let task = Task {
            let codes = (try? await store.profileCodes()) ?? []
            for code in codes {
                let built = packJobs.withLockedValue { jobs -> Bool in
                    switch jobs[code] {
                    case .ready, .building: return true
                    default: return false
                    }
                }
                guard built else { continue }
                let manifest = instanceFolder.appendingPathComponent("packs/\(code)/manifest.json")
                await waitForPack(code)
                let before = Self.fileInputs(manifest)
                // A build another request started may have begun before the publish: build until
                // the pack is made with the engine that holds it.
                for _ in 0..<3 {
                    try? await startPack(code: code)
                    await waitForPack(code)
                    if case .ready(_, _, let generation, _, _) = packJobs.withLockedValue({ $0[code] }), generation == engineGeneration { break }
                }
                let after = Self.fileInputs(manifest)
                let changed = after.filter { before[$0.key]?.inputs != $0.value.inputs }
                rebuiltFiles.withLockedValue { $0[code] = changed.keys.sorted() }
            }
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
