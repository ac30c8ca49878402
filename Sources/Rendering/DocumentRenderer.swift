import Catalogue
import Diagnostics
import Drawing
import PDFFinishing
import Foundation
import InputRules
import Layout
import Localization
import Municipalities
import Templates
import Translations
import Workspace

public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    case pdf, svg, png
    /// The slides as a video a shop screen plays in a loop (H.264 in MP4, through ffmpeg).
    case mp4
}

/// Which paper a PDF is made for.
public enum PrintVariant: String, Sendable, Hashable, CaseIterable {
    /// RGB and tagged: for the screen, the web and, with bleed and crop marks, digital print.
    case standard
    /// A desk printer, which cannot print to the edge: the page scaled into a white margin.
    case office
    /// Offset print: PDF/X-4 in CMYK for the usual European condition (FOGRA39), through Ghostscript.
    case pdfx

    /// The white margin of the office variant, in millimetres; most desk printers need 4 to 5.
    public static let officeMargin = 5.0
}

/// How a document is put on paper (`--print`, `--bleed`, `--crop-marks`).
public struct PrintOptions: Sendable, Hashable {
    public var variant: PrintVariant
    /// Millimetres of bleed; at most what the template's art has (document.yaml `bleed`).
    public var bleed: Double
    public var cropMarks: Bool

    public init(variant: PrintVariant = .standard, bleed: Double = 0, cropMarks: Bool = false) {
        self.variant = variant
        self.bleed = bleed
        self.cropMarks = cropMarks
    }

    public static let screen = PrintOptions()
    public var isScreen: Bool { self == .screen }

    /// For file names and cache keys: "", "-bleed3-marks", "-office", "-pdfx-bleed3".
    public var suffix: String {
        var parts: [String] = []
        if variant != .standard { parts.append(variant.rawValue) }
        if bleed > 0 { parts.append("bleed\(TextForms.plainNumber(bleed))") }
        if cropMarks { parts.append("marks") }
        return parts.map { "-" + $0 }.joined()
    }

    var layout: PrintLayout {
        PrintLayout(bleed: bleed, cropMarks: cropMarks, officeMargin: variant == .office ? PrintVariant.officeMargin : 0)
    }
}

/// What a user asks for: one document, in one language and size, for one municipality.
public struct RenderRequest: Sendable, Hashable {
    public var document: String
    public var language: String
    public var size: String
    public var format: OutputFormat
    public var dpi: Double
    public var markPreliminary: Bool
    /// The public directory's address (`--public-url`): the QR code then leads to the
    /// municipality's page in the document's language.
    public var publicURL: URL?
    public var print: PrintOptions

    public init(document: String, language: String, size: String = "A4", format: OutputFormat, dpi: Double = 150,
                markPreliminary: Bool = false, publicURL: URL? = nil, print: PrintOptions = .screen) {
        self.document = document
        self.language = language
        self.size = size
        self.format = format
        self.dpi = dpi
        self.markPreliminary = markPreliminary
        self.publicURL = publicURL
        self.print = print
    }
}

/// One output file's content; PDF is one file, SVG and PNG one per page.
public struct RenderedPage: Sendable, Hashable {
    /// 1-based; `nil` when the document has one file.
    public var page: Int?
    public var bytes: [UInt8]

    public init(page: Int?, bytes: [UInt8]) {
        self.page = page
        self.bytes = bytes
    }
}

/// Why a document could not be rendered, in words a communicator can act on.
public enum RenderFailure: Error, Sendable, CustomStringConvertible {
    case unknownDocument(String, known: [String])
    case unknownLanguage(String, known: [String])
    case unsupportedSize(String, document: String, sizes: [String])
    case badResolution(Double)
    case noTexts(language: String, [Diagnostic])
    case logo(file: String, LoadedImage.Problem)
    case layout([LayoutProblem])
    case drawing(String)
    case output(path: String, reason: String)
    case data([Diagnostic])
    case print(String)
    /// Ghostscript or ffmpeg could not make the print PDF or the video.
    case converter(String)

    public var description: String {
        switch self {
        case .unknownDocument(let id, let known):
            return "there is no document '\(id)'; the documents are: \(known.joined(separator: ", ")) (see tmv documents)"
        case .unknownLanguage(let tag, let known):
            return "'\(tag)' is not one of the campaign's languages: \(known.joined(separator: ", "))"
        case .unsupportedSize(let size, let document, let sizes):
            return "\(document) is not made in size '\(size)'; choose \(sizes.joined(separator: " or "))"
        case .badResolution(let dpi):
            return "\(dpi) dpi is not a sensible resolution; choose between 36 and 600 (150 is the default)"
        case .noTexts(let language, let diagnostics):
            return "the documents have no texts in '\(language)' yet, so nothing was rendered (no Swedish is put in its place)"
                + (diagnostics.isEmpty ? "" : "\n" + diagnostics.map(\.description).joined(separator: "\n"))
        case .logo(let file, let problem):
            return "the municipality's logo \(file) cannot be used: \(problem)"
        case .layout(let problems):
            return problems.map(\.description).joined(separator: "\n")
        case .drawing(let message):
            return "drawing failed: \(message)"
        case .output(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .data(let diagnostics):
            return diagnostics.map(\.description).joined(separator: "\n")
        case .print(let message):
            return message
        case .converter(let message):
            return "the file could not be made: \(message)"
        }
    }
}

/// Renders the campaign's documents. Holds what every render shares (catalogue, templates,
/// languages) as plain values; safe to use from several threads at once.
public struct DocumentRenderer: Sendable {
    public var catalogue: Catalogue
    public var languages: LanguageSet
    public var templates: TemplateLibrary
    public var plan: SwedishNumberPlan
    public var translationsFolder: URL

    public init(catalogue: Catalogue, languages: LanguageSet, templates: TemplateLibrary, plan: SwedishNumberPlan,
                translationsFolder: URL) {
        self.catalogue = catalogue
        self.languages = languages
        self.templates = templates
        self.plan = plan
        self.translationsFolder = translationsFolder
        ProjectFonts.use(families: Set(languages.languages.flatMap(\.fonts)))
    }

    /// Loads everything from a workspace, or only the documents and languages one command needs;
    /// every data problem is reported together.
    public init(workspace: Workspace, documents: Set<String>? = nil, languages only: Set<String>? = nil) throws(RenderFailure) {
        RenderingMemory.configure()
        var problems: [Diagnostic] = []
        var plan: SwedishNumberPlan?
        var catalogue: Catalogue?
        var languages: LanguageSet?
        var templates: TemplateLibrary?
        do { plan = try workspace.numberPlan() } catch { problems += error.diagnostics }
        do { catalogue = try workspace.catalogue() } catch { problems += error.diagnostics }
        do { languages = try workspace.languages(only: only) } catch { problems += error.diagnostics }
        do {
            templates = try TemplateLibrary.load(from: workspace.templatesFolder, only: documents)
        } catch { problems += error.diagnostics }
        guard problems.isEmpty, let plan, let catalogue, let languages, let templates else { throw .data(problems) }
        self.init(catalogue: catalogue, languages: languages, templates: templates, plan: plan,
                  translationsFolder: workspace.resources.appendingPathComponent("translations"))
    }

    /// Checks and loads a municipality's logo.
    /// The same code for `tmv municipality validate`, `render`, `pack` and the web tool, so that
    /// "valid" means the logo will be drawn.
    public static func logo(of profile: MunicipalityProfile) throws(RenderFailure) -> LoadedImage {
        let named = "'\(profile.logo.lastPathComponent)' (of \(profile.file.path))"
        if let problem = MunicipalityProfile.logoPlacementProblem(profile.logo, profileFolder: profile.file.deletingLastPathComponent()) {
            throw .logo(file: named, .hostile(problem))
        }
        let data: [UInt8]
        do {
            data = try BoundedFile.read(profile.logo, kind: .logo)
        } catch {
            throw .logo(file: named, .corrupt(error.withoutPath))
        }
        do {
            return try LoadedImage(data: data)
        } catch {
            throw .logo(file: named, error)
        }
    }

    /// Everything a render of this profile would check, for every document, language and size,
    /// without drawing: the logo, then each layout (a name that does not fit, a letter no font
    /// has). Empty when every document in every language will render.
    /// `texts`: each language's texts already read (a server reads them once, not per check).
    /// `profileSlotsOnly`: lay out only what the profile fills (see `LayoutInput`), for a check
    /// of an edited profile whose campaign texts are known to be fine.
    public func problems(of profile: MunicipalityProfile, texts preloaded: [String: CampaignTexts] = [:],
                         profileSlotsOnly: Bool = false) -> [String] {
        let logo: LoadedImage
        do {
            logo = try Self.logo(of: profile)
        } catch {
            return [error.description]
        }
        var found: [String] = []
        var seen = Set<String>()
        // Each language's texts read once, not once per document.
        for language in languages.tags {
            let texts: CampaignTexts
            do throws(RenderFailure) {
                if let already = preloaded[language] { texts = already } else { texts = try self.texts(language) }
            } catch {
                found.append(error.description)
                continue
            }
            for document in templates.documents {
                // One size per document is enough: a document is laid out at its design size and
                // every other size scales that layout whole (DocumentLayout), so what fits, and
                // which letters need a font, is the same in every size.
                do {
                    // As render and pack make them by default: with the preliminary mark.
                    _ = try layout(RenderRequest(document: document.id, language: language, size: document.designSize.rawValue,
                                                 format: .pdf, markPreliminary: true),
                                   profile: profile, logo: logo, texts: texts, profileSlotsOnly: profileSlotsOnly)
                } catch {
                    if seen.insert(error.description).inserted { found.append(error.description) }
                }
            }
        }
        return found
    }

    /// Forgets what this thread keeps between documents (laid-out texts, fitted sizes, PNG
    /// backgrounds), so the next render costs what a document never seen costs.
    public static func forgetKeptWorkOnThisThread() {
        KeptWork.forgetOnThisThread()
        forgetFittedSizesOnThisThread()
    }

    public func texts(_ language: String) throws(RenderFailure) -> CampaignTexts {
        do {
            return try CampaignTexts.load(language: language, folder: translationsFolder)
        } catch {
            throw .noTexts(language: language, error.diagnostics)
        }
    }

    /// Lays out a document, checking everything; nothing is drawn yet.
    public func layout(_ request: RenderRequest, profile: MunicipalityProfile, logo: LoadedImage,
                       texts: CampaignTexts? = nil, profileSlotsOnly: Bool = false) throws(RenderFailure) -> LaidOutDocument {
        guard let document = templates.document(id: request.document) else {
            throw .unknownDocument(request.document, known: templates.documents.map(\.id))
        }
        guard let language = languages[request.language] else {
            throw .unknownLanguage(request.language, known: languages.tags)
        }
        guard let size = PaperSize(name: request.size), document.sizes.contains(size) else {
            throw .unsupportedSize(request.size, document: document.id, sizes: document.sizes.map(\.rawValue))
        }
        let campaignTexts: CampaignTexts
        if let texts { campaignTexts = texts } else { campaignTexts = try self.texts(language.tag) }
        var input = LayoutInput(document: document, size: size, language: language, texts: campaignTexts,
                                catalogue: catalogue, profile: profile, logo: logo, plan: plan,
                                markPreliminary: request.markPreliminary)
        input.profileSlotsOnly = profileSlotsOnly
        input.publicURL = request.publicURL
        do {
            return try DocumentLayout().layout(input)
        } catch {
            throw .layout(error.problems)
        }
    }

    /// Whether the print options and format suit the document; every check before anything is drawn.
    func check(_ request: RenderRequest, document: DocumentTemplate, size: PaperSize) throws(RenderFailure) {
        let print = request.print
        if size.isScreen {
            guard print.isScreen else {
                throw .print("\(document.id) is made for screens; --print, --bleed and --crop-marks are for paper")
            }
        } else if request.format == .mp4 {
            throw .print("\(document.id) is printed, not shown on a screen; mp4 is made of the slides (tmv documents lists them)")
        }
        if request.format == .mp4 && !document.makesVideo {
            throw .print("\(document.id) is not a slideshow; mp4 is made of the 1920×1080 slides")
        }
        if print.variant == .pdfx && request.format != .pdf {
            throw .print("--print pdfx makes a PDF; use --format pdf")
        }
        if print.variant == .office && (print.bleed > 0 || print.cropMarks) {
            throw .print("--print office keeps the art inside a white margin, so it has no bleed or crop marks")
        }
        let allowed = (document.bleed(at: size) * 10).rounded(.down) / 10
        guard (0...allowed).contains(print.bleed) else {
            throw .print("\(document.id)'s art runs \(TextForms.plainNumber(allowed)) mm past the edge at \(size.rawValue), so the bleed can be at most that (3 is the usual)")
        }
        if request.format == .svg && !print.isScreen {
            throw .print("--print, --bleed and --crop-marks are for PDF and PNG, not SVG")
        }
    }

    /// Renders to memory: the PDF, one SVG or PNG per page, or the slides as one video.
    public func render(_ request: RenderRequest, profile: MunicipalityProfile, logo: LoadedImage,
                       texts: CampaignTexts? = nil) throws(RenderFailure) -> [RenderedPage] {
        guard (36...600).contains(request.dpi) else { throw .badResolution(request.dpi) }
        if let document = templates.document(id: request.document), let size = PaperSize(name: request.size) {
            try check(request, document: document, size: size)
        }
        if request.print.variant == .pdfx {
            // Made once (about 20 s), before the clock below starts.
            do { _ = try ICCProfile.fogra39() } catch { throw .print(error.message) }
        }
        // The time budget per document (Limits.renderSeconds), checked between the steps: every
        // input is bounded, so this catches what the limits did not foresee.
        let started = DispatchTime.now().uptimeNanoseconds
        let overBudget = "\(request.document) in \(request.language) took more than \(Int(Limits.renderSeconds)) s, the limit per document"
        func isOverBudget() -> Bool { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 > Limits.renderSeconds }
        let laidOut = try layout(request, profile: profile, logo: logo, texts: texts)
        if isOverBudget() { throw .drawing(overBudget) }
        let isScreen = PaperSize(name: request.size)?.isScreen ?? false
        // A screen's PNG has its exact pixels, whatever resolution was asked for.
        let dpi = isScreen ? PaperSize.screenDPI : request.dpi
        let renderer = PageRenderer()
        var pages: [RenderedPage] = []
        var slides: [[UInt8]] = []
        do throws(RenderError) {
            switch request.format {
            case .pdf:
                pages = [RenderedPage(page: nil, bytes: try renderer.pdf(laidOut, print: request.print.layout))]
            case .svg, .png:
                for (index, page) in laidOut.pages.enumerated() {
                    let bytes = request.format == .svg ? try renderer.svg(page, metadata: laidOut.metadata)
                        : try renderer.png(page, dpi: dpi, print: request.print.layout)
                    pages.append(RenderedPage(page: laidOut.pages.count > 1 ? index + 1 : nil, bytes: bytes))
                    if index + 1 < laidOut.pages.count, isOverBudget() { throw RenderError(message: overBudget) }
                }
            case .mp4:
                for page in laidOut.pages { slides.append(try renderer.png(page, dpi: dpi)) }
            }
        } catch {
            throw .drawing(error.message)
        }
        // What Ghostscript and ffmpeg make of the drawing; their failures are theirs, not the drawing's.
        if request.print.variant == .pdfx, let drawn = pages.first {
            do {
                pages = [RenderedPage(page: nil, bytes: try PrintPDF.pdfx(drawn.bytes, title: laidOut.metadata.title,
                                                                         created: laidOut.metadata.created))]
            } catch {
                throw .converter(error.message)
            }
        }
        if request.format == .mp4 { pages = [RenderedPage(page: nil, bytes: try SlideVideo.encode(slides))] }
        // Ghostscript and ffmpeg are bounded by their inputs, which were drawn within the budget.
        if isOverBudget() && request.format != .mp4 && request.print.variant != .pdfx { throw .drawing(overBudget) }
        return pages
    }
}
