import Catalogue
import Diagnostics
import Drawing
import Foundation
import Municipalities
import Rendering
import Templates
import Translations
import ZIPFoundation

/// Which documents, languages and formats a pack holds.
public struct PackOptions: Sendable {
    public var documents: [String]
    public var languages: [String]
    public var formats: [OutputFormat]
    public var dpi: Double
    public var zip: Bool
    public var markPreliminary: Bool
    /// The public directory's address, for the QR codes (see `RenderRequest.publicURL`).
    public var publicURL: URL?
    /// How the printed documents' PDFs and PNGs are put on paper; the screen documents ignore it.
    public var print: PrintOptions

    public init(documents: [String], languages: [String], formats: [OutputFormat], dpi: Double = 150, zip: Bool = true,
                markPreliminary: Bool = false, publicURL: URL? = nil, print: PrintOptions = .screen) {
        self.publicURL = publicURL
        self.print = print
        self.documents = documents
        self.languages = languages
        self.formats = formats
        self.dpi = dpi
        self.zip = zip
        self.markPreliminary = markPreliminary
    }
}

/// What a pack build did, for the summary a user reads.
public struct PackReport: Sendable {
    public struct Failure: Sendable, CustomStringConvertible {
        public var municipality: String
        public var job: String
        public var reason: String
        public var description: String { "\(municipality): \(job): \(reason)" }

        public init(municipality: String, job: String, reason: String) {
            self.municipality = municipality
            self.job = job
            self.reason = reason
        }
    }

    public init() {}

    public var written = 0
    public var unchanged = 0
    public var failures: [Failure] = []
    public var zips: [URL] = []
    public var manifests: [URL] = []
}

/// One document in one language and format: the unit of work, and of caching.
struct PackJob: Sendable {
    var document: DocumentTemplate
    var language: String
    var format: OutputFormat
    var size: PaperSize
    var print: PrintOptions
    var inputs: String

    var name: String { "\(language)/\(document.id)-\(size.rawValue)\(print.suffix).\(format.rawValue)" }

    /// What a format of a document is made with: screens and SVGs ignore the print options,
    /// a PNG of the PDF/X variant is the RGB page with the same bleed and marks.
    static func print(_ options: PrintOptions, document: DocumentTemplate, format: OutputFormat) -> PrintOptions {
        if document.designSize.isScreen || format == .svg || format == .mp4 { return .screen }
        if format == .png && options.variant == .pdfx { return PrintOptions(bleed: options.bleed, cropMarks: options.cropMarks) }
        return options
    }

    static func applies(_ format: OutputFormat, to document: DocumentTemplate) -> Bool {
        format != .mp4 || document.makesVideo
    }
}

/// Builds packs: every document in every language and format for a municipality, incrementally
/// (only what changed is rendered), atomically (no half-written file ever looks complete) and
/// resumably (a killed build continues where it stopped).
public final class PackBuilder: @unchecked Sendable {
    public let renderer: DocumentRenderer
    public let toolVersion: String
    let templateHashes: [String: String]
    let languageHashes: [String: String]
    let telephonyHash: String
    let languageStates: [String: PackManifest.LanguageState]
    /// Translations loaded once per language for every municipality (and for the web tool's
    /// checks and renders, which use the same builder).
    public let texts: [String: CampaignTexts]
    public let textProblems: [String: String]
    /// Per document, a hash of the catalogue entries it shows.
    var shownHashes: [String: String] = [:]

    public init(renderer: DocumentRenderer, resources: URL, templates: URL, toolVersion: String) {
        self.renderer = renderer
        self.toolVersion = toolVersion
        func hash(_ files: [URL]) -> String {
            Checksum.sha256(files.sorted { $0.path < $1.path }.map { file in
                file.lastPathComponent + ":" + Checksum.sha256([UInt8]((try? Data(contentsOf: file)) ?? Data()))
            }.joined(separator: "\n"))
        }
        var templateHashes: [String: String] = [:]
        for document in renderer.templates.documents {
            let folder = templates.appendingPathComponent(document.id)
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            templateHashes[document.id] = hash(files)
        }
        self.templateHashes = templateHashes
        var languageHashes: [String: String] = [:]
        var states: [String: PackManifest.LanguageState] = [:]
        var texts: [String: CampaignTexts] = [:]
        var textProblems: [String: String] = [:]
        // The eleven translation files are read and checked side by side: before any document
        // can render, this is the only work there is.
        let tags = renderer.languages.tags
        let loadedTexts = LoadedTexts(count: tags.count)
        DispatchQueue.concurrentPerform(iterations: tags.count) { index in
            let result: Result<CampaignTexts, RenderFailure>
            do throws(RenderFailure) { result = .success(try renderer.texts(tags[index])) } catch { result = .failure(error) }
            loadedTexts.set(index, result)
        }
        for (index, language) in tags.enumerated() {
            let translation = resources.appendingPathComponent("translations/\(language).xlf")
            languageHashes[language] = hash([resources.appendingPathComponent("languages/\(language).yaml"), translation])
            do {
                let loaded = try loadedTexts.get(index).get()
                texts[language] = loaded
                let units = loaded.texts.count
                let reviewed = units - loaded.unreviewed.count
                states[language] = PackManifest.LanguageState(
                    review: language == "sv" ? "source" : (loaded.unreviewed.isEmpty ? "reviewed" : "not reviewed"),
                    units: units, reviewedUnits: reviewed,
                    translationsSHA256: Checksum.sha256([UInt8]((try? Data(contentsOf: translation)) ?? Data())))
            } catch {
                textProblems[language] = error.description
            }
        }
        self.languageHashes = languageHashes
        self.languageStates = states
        self.texts = texts
        self.textProblems = textProblems
        let telephony = resources.appendingPathComponent("telephony")
        telephonyHash = hash(((try? FileManager.default.contentsOfDirectory(at: telephony, includingPropertiesForKeys: nil)) ?? []))
        for document in renderer.templates.documents {
            shownHashes[document.id] = Checksum.sha256(helplines(shownIn: document).map { "\($0)" }.joined(separator: "\n"))
        }
    }

    /// The documents that show a helpline: the ones a change to it rebuilds.
    /// `catalogue`: another catalogue than the builder's (a draft about to be published).
    public func documents(showing helpline: String, in catalogue: Catalogue? = nil) -> [String] {
        renderer.templates.documents.filter { document in
            helplines(shownIn: document, in: catalogue ?? renderer.catalogue).contains { $0.id == helpline }
        }.map(\.id)
    }

    /// The helplines a document shows, so a change to one helpline rebuilds only its documents.
    func helplines(shownIn document: DocumentTemplate, in catalogue: Catalogue? = nil) -> [Helpline] {
        var ids: [String] = []
        var groups: [HelplineGroup] = []
        for slot in document.pages.flatMap(\.slots) {
            if let id = slot.option("helpline") { ids.append(id) }
            if let url = slot.option("url"), url.hasPrefix("helpline:") { ids.append(String(url.dropFirst("helpline:".count))) }
            if slot.kind == .helplineList {
                let names = slot.option("groups").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                    ?? HelplineGroup.allCases.map(\.rawValue)
                groups += names.compactMap(HelplineGroup.init(rawValue:))
            }
        }
        return (catalogue ?? renderer.catalogue).helplines.filter { ids.contains($0.id) || !Set(groups).isDisjoint(with: $0.groups) }
    }

    func profileHash(_ profile: MunicipalityProfile) -> String {
        let profileBytes = (try? Data(contentsOf: profile.file)) ?? Data()
        let logoBytes = (try? Data(contentsOf: profile.logo)) ?? Data()
        return Checksum.sha256([UInt8](profileBytes)) + Checksum.sha256([UInt8](logoBytes))
    }

    func jobs(for profile: MunicipalityProfile, options: PackOptions) -> [PackJob] {
        let profileHash = profileHash(profile)
        var jobs: [PackJob] = []
        for id in options.documents {
            guard let document = renderer.templates.document(id: id) else { continue }
            let shown = shownHashes[id] ?? ""
            for language in options.languages {
                for format in options.formats where PackJob.applies(format, to: document) {
                    let print = PackJob.print(options.print, document: document, format: format)
                    let inputs = Checksum.sha256([
                        toolVersion, templateHashes[id] ?? "", languageHashes[language] ?? "", telephonyHash, shown,
                        profileHash, format.rawValue, document.designSize.rawValue, format == .png ? "\(options.dpi)" : "",
                        options.markPreliminary ? "preliminary" : "", options.publicURL?.absoluteString ?? "", print.suffix,
                    ].joined(separator: "\u{1F}"))
                    jobs.append(PackJob(document: document, language: language, format: format, size: document.designSize,
                                        print: print, inputs: inputs))
                }
            }
        }
        return jobs
    }

    /// How many files-to-make one municipality's pack holds (the video only for the slides).
    public func jobCount(_ options: PackOptions) -> Int {
        let documents = options.documents.compactMap { renderer.templates.document(id: $0) }
        return documents.reduce(0) { sum, document in
            sum + options.formats.filter { PackJob.applies($0, to: document) }.count * options.languages.count
        }
    }

    public static func folderName(_ profile: MunicipalityProfile) -> String { profile.code }

    /// "exempelkommun-0000.zip"
    public static func zipName(_ profile: MunicipalityProfile) -> String {
        "\(slug(profile.name))-\(profile.code).zip"
    }

    /// A municipality's name as a file name: "Malung-Sälen" → "malung-salen".
    public static func slug(_ name: String) -> String {
        name.lowercased().folding(options: .diacriticInsensitive, locale: Locale(identifier: "sv"))
            .map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    /// Builds (or brings up to date) one municipality's pack under `output/<code>/`.
    public func build(profile: MunicipalityProfile, options: PackOptions, output: URL,
                      progress: @Sendable (_ finished: String, _ rendered: Bool) -> Void = { _, _ in }) throws -> PackReport {
        let folder = output.appendingPathComponent(Self.folderName(profile))
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PackError("cannot create the folder \(folder.path): \(Self.describe(error))")
        }
        let manifestURL = folder.appendingPathComponent("manifest.json")
        let journalURL = folder.appendingPathComponent(".journal.jsonl")
        Self.removeTemporaryFiles(in: folder)
        Self.removeTemporaryFiles(besides: output, named: Self.zipName(profile))
        var recorded: [String: PackManifest.File] = [:]
        if let data = try? Data(contentsOf: manifestURL), let old = try? JSONDecoder().decode(PackManifest.self, from: data) {
            for file in old.files { recorded[file.path] = file }
        }
        // Files finished by a build that was stopped before it wrote its manifest.
        if let journal = try? String(contentsOf: journalURL, encoding: .utf8) {
            for line in journal.split(separator: "\n") {
                if let file = try? JSONDecoder().decode(PackManifest.File.self, from: Data(line.utf8)) { recorded[file.path] = file }
            }
        }
        let logo: LoadedImage
        do {
            logo = try DocumentRenderer.logo(of: profile)
        } catch {
            var failed = PackReport()
            failed.failures = [PackReport.Failure(municipality: profile.name, job: "logo", reason: error.description)]
            return failed
        }
        let jobs = jobs(for: profile, options: options)
        let descriptor = open(journalURL.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PackError("cannot write in \(folder.path): \(AtomicWriter.describe(errno: errno))")
        }
        let journal = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        defer { try? journal.close() }
        let shared = BuildState(journal: journal)
        let known = recorded

        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let job = jobs[index]
            // Up to date: every file of the job is listed with the same inputs and is on disk whole.
            let previous = known.values.filter { $0.document == job.document.id && $0.language == job.language && $0.format == job.format.rawValue }
            if !previous.isEmpty, previous.allSatisfy({ $0.inputs == job.inputs && Self.isOnDisk($0, in: folder) }) {
                shared.lock.withLock {
                    shared.entries[job.name] = previous.sorted { ($0.page ?? 0) < ($1.page ?? 0) }
                    shared.report.unchanged += previous.count
                }
                progress(job.name, false)
                return
            }
            do {
                guard let texts = texts[job.language] else {
                    throw PackError(textProblems[job.language] ?? "no texts in \(job.language)")
                }
                let request = RenderRequest(document: job.document.id, language: job.language, size: job.size.rawValue,
                                            format: job.format, dpi: options.dpi, markPreliminary: options.markPreliminary,
                                            publicURL: options.publicURL, print: job.print)
                let pages = try renderer.render(request, profile: profile, logo: logo, texts: texts)
                let target = folder.appendingPathComponent(job.name)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                let paths = try AtomicWriter.write(pages, to: target)
                // Files of this document an earlier build named otherwise (other print options) go.
                let written = Set(paths.map(\.lastPathComponent))
                for stale in previous where !written.contains((stale.path as NSString).lastPathComponent) {
                    unlink(folder.appendingPathComponent(stale.path).path)
                }
                let files = zip(paths, pages).map { path, page in
                    PackManifest.File(path: "\(job.language)/\(path.lastPathComponent)", document: job.document.id, language: job.language,
                                      format: job.format.rawValue, size: job.size.rawValue, page: page.page, bytes: page.bytes.count,
                                      sha256: Checksum.sha256(page.bytes), inputs: job.inputs)
                }
                shared.lock.withLock {
                    shared.entries[job.name] = files
                    shared.report.written += files.count
                    // The journal only saves work after a kill; a full disk here is reported by the
                    // files and the manifest, not by a crash.
                    for file in files {
                        if let line = try? JSONEncoder().encode(file) { try? shared.journal.write(contentsOf: line + Data("\n".utf8)) }
                    }
                }
                progress(job.name, true)
            } catch {
                let reason = (error as? RenderFailure)?.description ?? (error as? PackError)?.description ?? Self.describe(error)
                // The previous build's files of this document describe older data (an hour that
                // has changed): a failed document leaves no file rather than a stale one.
                for stale in previous { unlink(folder.appendingPathComponent(stale.path).path) }
                shared.lock.withLock {
                    shared.report.failures.append(PackReport.Failure(municipality: profile.name, job: job.name, reason: reason))
                }
                progress(job.name, false)
            }
        }

        var report = shared.report
        let files = jobs.flatMap { shared.entries[$0.name] ?? [] }
        let manifest = PackManifest(
            tool: "tmv \(toolVersion)", municipality: .init(code: profile.code, name: profile.name),
            catalogueVersion: renderer.catalogue.version, catalogueRevision: renderer.catalogue.revision, documents: options.documents, languages: options.languages,
            formats: options.formats.map(\.rawValue),
            sizes: Dictionary(uniqueKeysWithValues: options.documents.compactMap { id in
                renderer.templates.document(id: id).map { (id, $0.designSize.rawValue) }
            }),
            translations: languageStates.filter { options.languages.contains($0.key) }, files: files,
            zip: options.zip ? Self.zipName(profile) : nil)
        // A manifest or ZIP that cannot be written is one more failure of this build, reported
        // beside the files that were written, not an error that hides them.
        let manifestData: Data
        do {
            manifestData = try manifest.encoded()
            let oldManifest = try? Data(contentsOf: manifestURL)
            if oldManifest != manifestData {
                _ = try AtomicWriter.write([RenderedPage(page: nil, bytes: [UInt8](manifestData))], to: manifestURL)
            }
            try? FileManager.default.removeItem(at: journalURL)
            report.manifests.append(manifestURL)
            if options.zip {
                let zipURL = output.appendingPathComponent(Self.zipName(profile))
                if report.written > 0 || oldManifest != manifestData || !FileManager.default.fileExists(atPath: zipURL.path) {
                    try writeZip(files: files, manifest: manifestURL, folder: folder, to: zipURL)
                }
                report.zips.append(zipURL)
            }
        } catch {
            let reason = (error as? RenderFailure)?.description ?? (error as? PackError)?.description ?? Self.describe(error)
            report.failures.append(PackReport.Failure(municipality: profile.name, job: "manifest and ZIP", reason: reason))
            // An older ZIP no longer matches the pack: remove it rather than hand it out.
            if options.zip { unlink(output.appendingPathComponent(Self.zipName(profile)).path) }
        }
        return report
    }

    /// Builds many municipalities' packs side by side. With more municipalities than cores each
    /// core takes a municipality and renders its documents one after another (an inner
    /// dispatch_apply gets no extra threads), so one municipality's manifest and ZIP are written
    /// while the others render. Two profiles with the same code share a folder and are built one
    /// after the other. `profile` reads the profile of an index (nil in `finished` when that
    /// failed); `finished` is called once per index, from any thread, when that pack is done.
    public func buildAll(count: Int, options: PackOptions, output: URL,
                         profile: @Sendable (Int) throws -> MunicipalityProfile,
                         progress: @Sendable (_ municipality: MunicipalityProfile, _ finished: String, _ rendered: Bool) -> Void = { _, _, _ in },
                         finished: @Sendable (_ index: Int, _ profile: MunicipalityProfile?, _ result: Result<PackReport, any Error>) -> Void) {
        let folders = FolderLocks()
        @Sendable func one(_ index: Int) {
            let loaded: MunicipalityProfile
            do {
                loaded = try profile(index)
            } catch {
                finished(index, nil, .failure(error))
                return
            }
            let result = folders.lock(Self.folderName(loaded)).withLock {
                Result<PackReport, any Error> {
                    try build(profile: loaded, options: options, output: output) { name, rendered in progress(loaded, name, rendered) }
                }
            }
            finished(index, loaded, result)
        }
        // One municipality: its documents on every core.
        if count == 1 { one(0) } else { DispatchQueue.concurrentPerform(iterations: count, execute: one) }
    }

    /// Temporary files a killed build left behind (never mistaken for finished ones: they are
    /// hidden and named `.NAME.tmp-UUID`).
    static func removeTemporaryFiles(in folder: URL) {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return }
        for case let file as URL in walker where AtomicWriter.isTemporary(file.lastPathComponent)
            || file.lastPathComponent.hasPrefix(".dat.nosync") {
            try? FileManager.default.removeItem(at: file)
        }
    }

    /// The ZIP's own temporaries, next to the ZIP in the output folder (not inside any pack).
    static func removeTemporaryFiles(besides output: URL, named zipName: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        for name in entries where name.hasPrefix(".\(zipName).tmp-") || name.hasPrefix(".dat.nosync") {
            try? FileManager.default.removeItem(at: output.appendingPathComponent(name))
        }
    }

    /// A Foundation file error as a sentence, not a dump of its user-info dictionary.
    public static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return AtomicWriter.describe(errno: Int32(underlying.code))
        }
        if nsError.domain == NSPOSIXErrorDomain { return AtomicWriter.describe(errno: Int32(nsError.code)) }
        switch nsError.code {
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied: this user may not write there"
        case NSFileWriteOutOfSpaceError: return "the disk is full"
        case NSFileWriteVolumeReadOnlyError: return "the disk is read-only"
        default: return nsError.localizedDescription
        }
    }

    static func isOnDisk(_ file: PackManifest.File, in folder: URL) -> Bool {
        let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(file.path).path)
        return (attributes?[.size] as? NSNumber)?.intValue == file.bytes
    }

    /// The pack as one ZIP, written under a temporary name and renamed.
    func writeZip(files: [PackManifest.File], manifest: URL, folder: URL, to zipURL: URL) throws {
        let temporary = zipURL.deletingLastPathComponent().appendingPathComponent(".\(zipURL.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            let base = folder.deletingLastPathComponent()
            let root = folder.lastPathComponent
            try archive.addEntry(with: "\(root)/manifest.json", relativeTo: base, compressionMethod: .deflate, bufferSize: 1 << 20)
            for file in files {
                // PDFs and PNGs are compressed already; storing them is faster and as small.
                let method: CompressionMethod = file.format == "svg" ? .deflate : .none
                try archive.addEntry(with: "\(root)/\(file.path)", relativeTo: base, compressionMethod: method, bufferSize: 1 << 20)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            // ZIPFoundation reports a full disk as a generic data error: ask the disk itself.
            let free = (try? FileManager.default.attributesOfFileSystem(forPath: zipURL.deletingLastPathComponent().path))?[.systemFreeSize]
            if let free = (free as? NSNumber)?.int64Value, free < 4 * 1024 * 1024 {
                throw PackError("cannot write \(zipURL.path): the disk is full")
            }
            throw PackError("cannot write \(zipURL.path): \(Self.describe(error))")
        }
        if rename(temporary.path, zipURL.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw PackError("cannot write \(zipURL.path): \(AtomicWriter.describe(errno: errno))")
        }
    }
}

/// One lock per pack folder, made when first asked for.
final class FolderLocks: @unchecked Sendable {
    private let lock = NSLock()
    private var locks: [String: NSLock] = [:]

    func lock(_ folder: String) -> NSLock {
        lock.withLock {
            if let existing = locks[folder] { return existing }
            let made = NSLock()
            locks[folder] = made
            return made
        }
    }
}

/// Translations read on several threads, one slot per language.
final class LoadedTexts: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<CampaignTexts, RenderFailure>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<CampaignTexts, RenderFailure>) { lock.withLock { results[index] = result } }

    func get(_ index: Int) -> Result<CampaignTexts, RenderFailure> {
        lock.withLock { results[index] } ?? .failure(.noTexts(language: "?", []))
    }
}

/// What the worker threads of one build share, behind a lock.
final class BuildState: @unchecked Sendable {
    let lock = NSLock()
    var report = PackReport()
    var entries: [String: [PackManifest.File]] = [:]
    let journal: FileHandle

    init(journal: FileHandle) { self.journal = journal }
}

public struct PackError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
