import Foundation
import InputRules
import PDFFinishing
internal import CCairo
internal import CPangoCairo
internal import CPNG

/// Why drawing failed; rare, since everything is checked during layout.
public struct RenderError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}

/// Collects what cairo writes, so documents render to memory.
private final class ByteSink {
    var bytes: [UInt8] = []
}

private let writeToSink: cairo_write_func_t = { closure, data, length in
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}

private let pngToSink: tmv_png_write_fn = { closure, data, length in
    guard let closure, let data else { return 1 }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: length))
    return 0
}

/// Draws laid-out pages with cairo: one function for PDF, SVG and PNG, so the three agree.
///
/// Each call makes its own surfaces; font maps, laid-out texts, librsvg handles and PNG
/// backgrounds are kept per thread: safe from several threads.
public struct PageRenderer {
    /// libdeflate level for PNGs: 1 with no row filter is several times faster than cairo's
    /// writer (zlib level 6, every filter) for about a tenth more bytes; libdeflate's level 2
    /// and up search harder and took longer than zlib's level 1 here.
    static let pngLevel: Int32 = 1

    public init() {}

    /// All pages in one PDF, with metadata and clickable links, tagged for screen readers
    /// (structure, language, alternative texts: see AccessiblePDF), and on paper as `print` says.
    public func pdf(_ document: LaidOutDocument, print: PrintLayout = .none) throws(RenderError) -> [UInt8] {
        guard let first = document.pages.first else { throw RenderError(message: "the document has no pages") }
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let firstMedia = print.mediaSize(trim: first.outputSize)
        guard let surface = cairo_pdf_surface_create_for_stream(writeToSink, closure, firstMedia.width, firstMedia.height) else {
            throw RenderError(message: "cairo could not make a PDF surface")
        }
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        let metadata = document.metadata
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, metadata.author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, metadata.subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Tillsammans (tmv)")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, metadata.created)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, metadata.created)
        defer { cairo_surface_destroy(surface) }
        let engine = TextEngine.forCurrentThread()
        guard let cr = cairo_create(surface) else { throw RenderError(message: "cairo could not draw") }
        var tags = StructureTags()
        var boxes: [PrintBoxes?] = []
        do {
            defer { cairo_destroy(cr) }
            cairo_tag_begin(cr, "Document", "")
            for (index, page) in document.pages.enumerated() {
                let media = print.mediaSize(trim: page.outputSize)
                if index > 0 { cairo_pdf_surface_set_size(surface, media.width, media.height) }
                boxes.append(printBoxes(page, print: print))
                try drawOnPaper(page, print: print, on: cr, engine: engine, tags: &tags)
                tags.endPage()
                cairo_show_page(cr)
            }
            cairo_tag_end(cr, "Document")
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError(message: "cairo failed to finish the PDF: \(String(cString: cairo_status_to_string(status)))")
        }
        var entries = AccessibilityEntries(language: metadata.language, title: metadata.title, figureAlternatives: tags.figures,
                                           linkDescriptions: tags.links, boxes: boxes, created: metadata.created)
        entries.textLanguages = tags.textLanguages
        do {
            return try AccessiblePDF.finish(sink.bytes, entries)
        } catch {
            throw RenderError(message: "the PDF could not be made accessible: \(error.message)")
        }
    }

    /// TrimBox and BleedBox, when the page is printed with bleed or marks.
    private func printBoxes(_ page: Page, print: PrintLayout) -> PrintBoxes? {
        guard print.bleed > 0 || print.cropMarks else { return nil }
        let margin = print.margin
        let bleed = print.bleed * PrintLayout.pointsPerMillimetre
        let trim = page.outputSize
        return PrintBoxes(
            trim: PDFBox(left: margin, bottom: margin, right: margin + trim.width, top: margin + trim.height),
            bleed: PDFBox(left: margin - bleed, bottom: margin - bleed, right: margin + trim.width + bleed, top: margin + trim.height + bleed))
    }

    /// One page as SVG, with the text of every block in reading order and language, since cairo
    /// writes glyphs as outlines that search engines and screen readers cannot read.
    public func svg(_ page: Page, metadata: DocumentMetadata) throws(RenderError) -> [UInt8] {
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        guard let surface = cairo_svg_surface_create_for_stream(writeToSink, closure, page.outputSize.width, page.outputSize.height) else {
            throw RenderError(message: "cairo could not make an SVG surface")
        }
        defer { cairo_surface_destroy(surface) }
        cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT)
        let engine = TextEngine.forCurrentThread()
        guard let cr = cairo_create(surface) else { throw RenderError(message: "cairo could not draw") }
        do {
            defer { cairo_destroy(cr) }
            var tags = StructureTags(enabled: false)
            try draw(page, on: cr, engine: engine, tags: &tags)
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw RenderError(message: "cairo failed to finish the SVG") }
        return SVGTextLayer.insert(into: sink.bytes, page: page, metadata: metadata)
    }

    /// One page as PNG at a resolution, on white, on paper as `print` says.
    public func png(_ page: Page, dpi: Double, print: PrintLayout = .none) throws(RenderError) -> [UInt8] {
        let scale = dpi / 72
        let media = print.mediaSize(trim: page.outputSize)
        let width = Int32((media.width * scale).rounded())
        let height = Int32((media.height * scale).rounded())
        guard width > 0, height > 0, width <= 20000, height <= 20000 else {
            throw RenderError(message: "\(dpi) dpi gives a \(width)×\(height) image; choose between 36 and 600 dpi")
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw RenderError(message: "not enough memory for a \(width)×\(height) image")
        }
        defer { cairo_surface_destroy(surface) }
        let engine = TextEngine.forCurrentThread()
        guard let cr = cairo_create(surface) else { throw RenderError(message: "cairo could not draw") }
        do {
            defer { cairo_destroy(cr) }
            // The paper, crop marks and art are the same for every render of this page at this
            // size, and the art's translucent groups cost librsvg and pixman several full-page
            // composites: they are drawn once per thread and copied in, pixel for pixel what
            // drawing them here would give.
            let key = ArtRasters.Key(art: page.art?.digest, pageScale: page.scale, pageSize: page.size, print: print,
                                     scale: scale, width: width, height: height)
            try ArtRasters.forCurrentThread().withRaster(for: key, make: { () throws(RenderError) -> OpaquePointer in
                try drawBackground(page, print: print, scale: scale, width: width, height: height, engine: engine)
            }) { background in
                cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
                cairo_set_source_surface(cr, background, 0, 0)
                cairo_paint(cr)
                cairo_set_operator(cr, CAIRO_OPERATOR_OVER)
                // The page no longer refers to the background once painted.
                cairo_set_source_rgb(cr, 0, 0, 0)
            }
            cairo_scale(cr, scale, scale)
            var tags = StructureTags(enabled: false)
            try drawOnPaper(page, print: print, on: cr, engine: engine, tags: &tags, layers: .foreground)
        }
        cairo_surface_flush(surface)
        guard let pixels = cairo_image_surface_get_data(surface) else { throw RenderError(message: "cairo gave no pixels") }
        let sink = ByteSink()
        let failed = tmv_png_encode_rgb24(pixels, width, height, cairo_image_surface_get_stride(surface), Self.pngLevel,
                                          pngToSink, Unmanaged.passUnretained(sink).toOpaque())
        guard failed == 0 else { throw RenderError(message: "libpng could not write the PNG") }
        return sink.bytes
    }

    /// White paper with the crop marks and the template's art, as a PNG of the page starts.
    private func drawBackground(_ page: Page, print: PrintLayout, scale: Double, width: Int32, height: Int32,
                                engine: TextEngine) throws(RenderError) -> OpaquePointer {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw RenderError(message: "not enough memory for a \(width)×\(height) image")
        }
        guard let cr = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw RenderError(message: "cairo could not draw")
        }
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        var tags = StructureTags(enabled: false)
        do {
            try drawOnPaper(page, print: print, on: cr, engine: engine, tags: &tags, layers: .background)
        } catch {
            cairo_surface_destroy(surface)
            throw error
        }
        cairo_surface_flush(surface)
        return surface
    }

    /// The page on its sheet: inside the bleed and crop marks, or shrunk into an office margin.
    private func drawOnPaper(_ page: Page, print: PrintLayout, on cr: OpaquePointer, engine: TextEngine,
                             tags: inout StructureTags, layers: Layers = .all) throws(RenderError) {
        let trim = page.outputSize
        cairo_save(cr)
        defer { cairo_restore(cr) }
        if print.officeMargin > 0 {
            let margin = print.officeMargin * PrintLayout.pointsPerMillimetre
            let shrink = min((trim.width - 2 * margin) / trim.width, (trim.height - 2 * margin) / trim.height)
            cairo_translate(cr, (trim.width - trim.width * shrink) / 2, (trim.height - trim.height * shrink) / 2)
            cairo_scale(cr, shrink, shrink)
            // The template's bleed stays off the paper's margin.
            cairo_rectangle(cr, 0, 0, trim.width, trim.height)
            cairo_clip(cr)
            try draw(page, on: cr, engine: engine, tags: &tags, layers: layers)
            return
        }
        let margin = print.margin
        let bleed = print.bleed * PrintLayout.pointsPerMillimetre
        if print.cropMarks && layers != .foreground { drawCropMarks(trim: trim, margin: margin, bleed: bleed, on: cr, tags: &tags) }
        cairo_translate(cr, margin, margin)
        // The art drawn past the trim shows as far as the bleed, and no further.
        cairo_rectangle(cr, -bleed, -bleed, trim.width + 2 * bleed, trim.height + 2 * bleed)
        cairo_clip(cr)
        try draw(page, on: cr, engine: engine, tags: &tags, layers: layers)
    }

    /// What of a page a drawing pass draws: everything (PDF, SVG), or a PNG's kept background
    /// (paper, crop marks and art) and then what lies over it.
    enum Layers {
        case all
        case background
        case foreground
    }

    /// Eight hairlines at the trim's corners, starting outside the bleed, so none shows on the cut sheet.
    private func drawCropMarks(trim: PageSize, margin: Double, bleed: Double, on cr: OpaquePointer, tags: inout StructureTags) {
        let gap = bleed + PrintLayout.markGap * PrintLayout.pointsPerMillimetre
        let length = PrintLayout.markLength * PrintLayout.pointsPerMillimetre
        let left = margin, top = margin, right = margin + trim.width, bottom = margin + trim.height
        tags.begin(.decoration, on: cr)
        cairo_save(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, 0.25)
        for (x, y, outwardX, outwardY) in [(left, top, -1.0, -1.0), (right, top, 1.0, -1.0), (left, bottom, -1.0, 1.0), (right, bottom, 1.0, 1.0)] {
            cairo_move_to(cr, x + outwardX * gap, y)
            cairo_line_to(cr, x + outwardX * (gap + length), y)
            cairo_move_to(cr, x, y + outwardY * gap)
            cairo_line_to(cr, x, y + outwardY * (gap + length))
        }
        cairo_stroke(cr)
        cairo_restore(cr)
        tags.end(.decoration, on: cr)
    }

    private func draw(_ page: Page, on cr: OpaquePointer, engine: TextEngine, tags: inout StructureTags,
                      layers: Layers = .all) throws(RenderError) {
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_scale(cr, page.scale, page.scale)
        if let art = page.art, layers != .foreground {
            tags.begin(.decoration, on: cr)
            do {
                // Art past the page's edge is the template's bleed: shown only where a clip allows.
                try SVGRenderer.draw(art, into: cr, frame: Rect(x: 0, y: 0, width: page.size.width, height: page.size.height))
            } catch {
                throw RenderError(message: "the template's art cannot be drawn: \(error)")
            }
            tags.end(.decoration, on: cr)
        }
        guard layers != .background else { return }
        var linksLeft = page.links
        var headings = 0
        for element in page.elements {
            switch element {
            case .box(let box):
                tags.begin(.decoration, on: cr)
                cairo_save(cr)
                cairo_set_source_rgb(cr, box.color.red, box.color.green, box.color.blue)
                roundedRectangle(cr, box.frame, radius: box.cornerRadius)
                cairo_fill(cr)
                cairo_restore(cr)
                tags.end(.decoration, on: cr)
            case .image(let image):
                let fitted = fit(width: image.image.width, height: image.image.height, into: image.frame)
                let kind: StructureTags.Kind = image.alternativeText.map { .figure($0) } ?? .decoration
                tags.begin(kind, on: cr)
                do {
                    try SVGRenderer.draw(image.image, into: cr, frame: fitted)
                } catch {
                    throw RenderError(message: "the image in slot '\(image.slot)' cannot be drawn: \(error)")
                }
                tags.end(kind, on: cr)
            case .text(let text):
                let kind: StructureTags.Kind = text.isHeading ? .heading(headings == 0 ? 1 : 2) : .paragraph
                if text.isHeading { headings += 1 }
                tags.begin(kind, on: cr, language: text.textLanguage)
                // A link over this text holds the text in the structure (P > Link > text). Opened
                // before the text is drawn: cairo 1.16 writes text still pending when a tag opens
                // after the sequence it belongs to has ended, outside any tag.
                if let index = linksLeft.firstIndex(where: { $0.frame == text.frame }) {
                    tags.link(linksLeft.remove(at: index), on: cr) { engine.draw(text, on: cr) }
                } else {
                    engine.draw(text, on: cr)
                }
                tags.end(kind, on: cr)
            case .qr(let qr):
                tags.begin(.figure(qr.alternativeText), on: cr)
                if let index = linksLeft.firstIndex(where: { $0.frame == qr.frame }) {
                    tags.link(linksLeft.remove(at: index), on: cr) { drawQR(qr, on: cr) }
                } else {
                    drawQR(qr, on: cr)
                }
                tags.end(.figure(qr.alternativeText), on: cr)
            }
        }
        for link in linksLeft {
            tags.begin(.paragraph, on: cr)
            tags.link(link, on: cr) {}
            tags.end(.paragraph, on: cr)
        }
    }

    private func roundedRectangle(_ cr: OpaquePointer, _ frame: Rect, radius: Double) {
        let r = min(radius, frame.width / 2, frame.height / 2)
        guard r > 0 else {
            cairo_rectangle(cr, frame.x, frame.y, frame.width, frame.height)
            return
        }
        cairo_new_sub_path(cr)
        cairo_arc(cr, frame.maxX - r, frame.y + r, r, -Double.pi / 2, 0)
        cairo_arc(cr, frame.maxX - r, frame.maxY - r, r, 0, Double.pi / 2)
        cairo_arc(cr, frame.x + r, frame.maxY - r, r, Double.pi / 2, Double.pi)
        cairo_arc(cr, frame.x + r, frame.y + r, r, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(cr)
    }

    private func drawQR(_ qr: QRBlock, on cr: OpaquePointer) {
        // Four modules of quiet zone on each side, as the standard asks.
        let modules = Double(qr.code.size + 8)
        let side = min(qr.frame.width, qr.frame.height)
        let unit = side / modules
        let originX = qr.frame.x + (qr.frame.width - side) / 2 + 4 * unit
        let originY = qr.frame.y + (qr.frame.height - side) / 2 + 4 * unit
        cairo_save(cr)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_rectangle(cr, originX - 4 * unit, originY - 4 * unit, side, side)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, qr.color.red, qr.color.green, qr.color.blue)
        // One rectangle per run of dark modules in a row, not one per module: the same image in
        // a third of the path operations the PDF must write out as numbers.
        for row in 0..<qr.code.size {
            var column = 0
            while column < qr.code.size {
                guard qr.code.isDark(row: row, column: column) else { column += 1; continue }
                let start = column
                while column < qr.code.size && qr.code.isDark(row: row, column: column) { column += 1 }
                cairo_rectangle(cr, originX + Double(start) * unit, originY + Double(row) * unit, Double(column - start) * unit, unit)
            }
        }
        cairo_fill(cr)
        cairo_restore(cr)
    }
}

/// Scales a width and height into a frame keeping the aspect ratio, centred.
public func fit(width: Double, height: Double, into frame: Rect) -> Rect {
    guard width > 0, height > 0 else { return frame }
    let scale = min(frame.width / width, frame.height / height)
    let w = width * scale
    let h = height * scale
    return Rect(x: frame.x + (frame.width - w) / 2, y: frame.y + (frame.height - h) / 2, width: w, height: h)
}

/// Adds the page's text, invisible, in reading order and with its language, to cairo's SVG.
enum SVGTextLayer {
    static func insert(into svg: [UInt8], page: Page, metadata: DocumentMetadata) -> [UInt8] {
        var text = String(decoding: svg, as: UTF8.self)
        var layer = "<title>\(escape(metadata.title))</title>\n<desc>\(escape(metadata.subject))</desc>\n"
        layer += "<g id=\"tmv-text\" fill-opacity=\"0\" aria-hidden=\"false\">\n"
        for block in page.textBlocks {
            let direction = block.style.rightToLeft ? "rtl" : "ltr"
            let language = block.textLanguage ?? block.style.language
            let anchor = (block.style.rightToLeft ? block.frame.maxX : block.frame.x) * page.scale
            let baseline = (block.frame.y + block.style.size) * page.scale
            layer += "<text id=\"text-\(escape(block.slot))\" xml:lang=\"\(language)\" direction=\"\(direction)\" "
            layer += "x=\"\(format(anchor))\" y=\"\(format(baseline))\" font-size=\"\(format(block.style.size * page.scale))\">"
            layer += escape(block.text) + "</text>\n"
        }
        layer += "</g>\n"
        if let range = text.range(of: "</svg>", options: .backwards) {
            text.replaceSubrange(range, with: layer + "</svg>")
        }
        if let open = text.range(of: "<svg ") {
            text.replaceSubrange(open, with: "<svg xml:lang=\"\(metadata.language)\" ")
        }
        return Array(text.utf8)
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    static func escape(_ text: String) -> String { TextForms.xmlEscaped(text) }
}

/// The PDF's structure as the page is drawn: each element opened with cairo's tags, and what
/// cairo cannot record (alternative texts, link descriptions) kept for AccessiblePDF.
struct StructureTags {
    enum Kind {
        case decoration
        case heading(Int)
        case paragraph
        case figure(String)

        var tag: String {
            switch self {
            case .decoration: return AccessiblePDF.decorationTag
            case .heading(let level): return "H\(level)"
            case .paragraph: return "P"
            case .figure: return "Figure"
            }
        }
    }

    /// Off for PNG and SVG, which have no structure.
    var enabled = true
    private(set) var figures: [String] = []
    /// Per heading and paragraph, in order: its language when it is not the document's.
    private(set) var textLanguages: [String?] = []
    private(set) var links: [[String]] = [[]]

    init(enabled: Bool = true) { self.enabled = enabled }

    mutating func begin(_ kind: Kind, on cr: OpaquePointer, language: String? = nil) {
        guard enabled else { return }
        switch kind {
        case .figure(let alternative): figures.append(alternative)
        case .heading, .paragraph: textLanguages.append(language)
        case .decoration: break
        }
        cairo_tag_begin(cr, kind.tag, "")
    }

    func end(_ kind: Kind, on cr: OpaquePointer) {
        guard enabled else { return }
        cairo_tag_end(cr, kind.tag)
    }

    /// A clickable area around what `drawContent` draws. cairo 1.16 takes the rectangle in the
    /// page's own coordinates, not the drawing's: the frame is converted through the current
    /// transformation (the scale of A3, the bleed's margin, the office variant's shrinking).
    mutating func link(_ link: LinkArea, on cr: OpaquePointer, drawContent: () -> Void) {
        guard enabled else { return drawContent() }
        var (left, top) = (link.frame.x, link.frame.y)
        var (right, bottom) = (link.frame.maxX, link.frame.maxY)
        cairo_user_to_device(cr, &left, &top)
        cairo_user_to_device(cr, &right, &bottom)
        let attributes = "uri='\(link.url.replacingOccurrences(of: "'", with: "%27"))' rect=[\(left) \(top) \(right - left) \(bottom - top)]"
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attributes)
        drawContent()
        cairo_tag_end(cr, CAIRO_TAG_LINK)
        links[links.count - 1].append(link.description)
    }

    mutating func endPage() { links.append([]) }
}
