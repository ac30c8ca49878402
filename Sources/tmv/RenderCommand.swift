import ArgumentParser
import Diagnostics
import Foundation
import Rendering
import Templates
import Workspace

extension OutputFormat: ExpressibleByArgument {}

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one document for a municipality, in one language, as PDF, SVG or PNG.",
        discussion: """
            Everything is checked before anything is written: texts that do not fit their slot, \
            letters no font has, a missing local contact or a bad logo stop the render with a \
            message, and no file is left half-written. A document with several pages gives one \
            PDF, or one SVG or PNG per page (FILE-1.png, FILE-2.png, ...).
            """)

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp("The document (see tmv documents).", valueName: "id"))
    var document: String
    @Option(help: ArgumentHelp("The language, e.g. sv, ar, se.", valueName: "tag"))
    var language: String
    @Option(help: ArgumentHelp("The municipality profile file.", valueName: "profile"))
    var municipality: String
    @Option(help: "pdf, svg, png, or mp4 (the slides as a video).")
    var format: OutputFormat
    @Option(help: ArgumentHelp("Paper size: A4, A3 (posters), A5 (brochure); screens have one size each (see tmv documents).", valueName: "size"))
    var size: String?
    @OptionGroup var paper: PrintArguments
    @Option(help: ArgumentHelp("Resolution of a PNG.", valueName: "n"))
    var dpi: Double = 150
    @Option(name: .customLong("public-url"),
            help: ArgumentHelp("The public directory's address (as given to tmv serve --public-url): the QR code then leads to {URL}/{language}/kommun/{code}.", valueName: "url"))
    var publicURL: String?
    @Option(help: ArgumentHelp("The file to write.", valueName: "file"))
    var output: String
    /// On by default: until a qualified translator has reviewed a language, its pages say so.
    @Flag(inversion: .prefixedNo,
          help: "Print a small \"preliminary translation\" mark when some of the language's texts are not reviewed (on unless --no-mark-preliminary).")
    var markPreliminary = true

    func run() throws {
        let workspace = try common.workspace()
        let directoryURL = try publicDirectory(publicURL)
        let printing = try paper.options()
        let profile = try loadOrExit { () throws(ValidationFailed) in
            try workspace.profile(at: URL(fileURLWithPath: municipality), name: municipality)
        }
        do {
            // Only what this one document needs: one template, one language (a whole-process render
            // is dominated by start-up, not drawing).
            let renderer = try DocumentRenderer(workspace: workspace, documents: [document], languages: [language])
            let chosenSize = size ?? renderer.templates.document(id: document)?.designSize.rawValue ?? "A4"
            let logo = try DocumentRenderer.logo(of: profile)
            let request = RenderRequest(document: document, language: language, size: chosenSize, format: format, dpi: dpi,
                                        markPreliminary: markPreliminary, publicURL: directoryURL, print: printing)
            let pages = try renderer.render(request, profile: profile, logo: logo)
            let written = try AtomicWriter.write(pages, to: URL(fileURLWithPath: output))
            for (file, page) in zip(written, pages) {
                print("wrote \(file.path) (\(page.bytes.count / 1024) KB)")
            }
        } catch {
            printError("tmv: \(error.description)")
            throw ExitCode.failure
        }
    }
}

struct DocumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents", abstract: "List the campaign's documents and their sizes.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let workspace = try common.workspace()
        let library = try loadOrExit { () throws(ValidationFailed) in
            try TemplateLibrary.load(from: workspace.templatesFolder)
        }
        var table = TextTable(header: ["DOCUMENT", "FOR", "SIZES", "PAGES"])
        for document in library.documents {
            let pages = document.pages.contains(where: \.repeats) ? "\(document.pages.count)+" : "\(document.pages.count)"
            table.rows.append([document.id, document.audience, document.sizes.map(\.rawValue).joined(separator: ", "), pages])
        }
        print(table.render())
    }
}

/// How a PDF or PNG is put on paper; one reader for `tmv render` and `tmv pack`.
struct PrintArguments: ParsableArguments {
    @Option(name: .customLong("print"),
            help: ArgumentHelp("office: a white margin for desk printers; pdfx: PDF/X-4 in CMYK (FOGRA39) for offset print, with 3 mm bleed unless --bleed says otherwise.", valueName: "variant"))
    var variant: String?
    @Option(help: ArgumentHelp("Millimetres of bleed for a print shop (3 is the usual): the art runs past the trim, and the PDF carries TrimBox and BleedBox.", valueName: "mm"))
    var bleed: Double?
    @Flag(name: .customLong("crop-marks"), help: "Crop marks at the trim's corners, outside the bleed.")
    var cropMarks = false

    func options() throws -> PrintOptions {
        var variant = PrintVariant.standard
        if let name = self.variant {
            let known = PrintVariant.allCases.filter { $0 != .standard }.map(\.rawValue)
            guard let chosen = PrintVariant(rawValue: name.lowercased()), chosen != .standard else {
                throw ValidationError("--print '\(name)' is not a print variant; use \(known.joined(separator: " or "))")
            }
            variant = chosen
        }
        if let bleed, !(0...25).contains(bleed) {
            throw ValidationError("--bleed \(bleed) is not a bleed in millimetres; 3 is the usual")
        }
        if variant == .office && ((bleed ?? 0) > 0 || cropMarks) {
            throw ValidationError("--print office keeps the art inside a white margin for desk printers; leave out --bleed and --crop-marks")
        }
        return PrintOptions(variant: variant, bleed: bleed ?? (variant == .pdfx ? 3 : 0), cropMarks: cropMarks)
    }
}
