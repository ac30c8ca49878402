import DataFiles
import Diagnostics
import Drawing
import Foundation
import InputRules

/// The sizes a document is made in: ISO paper in millimetres, and screens in pixels (drawn in
/// millimetres at 96 pixels to the inch, so a PNG at 96 dpi has exactly the screen's pixels).
/// Templates are drawn at one size and scaled to the others.
public enum PaperSize: String, Sendable, Hashable, CaseIterable, Codable {
    case a3 = "A3", a4 = "A4", a5 = "A5", a6 = "A6"
    /// A shop screen or TV, landscape (full HD).
    case screen = "1920x1080"
    /// A square social media image.
    case square = "1080x1080"
    /// A social media story, portrait.
    case story = "1080x1920"

    /// Screens are made at this resolution, so a PNG has the screen's exact pixels.
    public static let screenDPI = 96.0

    public var millimetres: (width: Double, height: Double) {
        switch self {
        case .a3: return (297, 420)
        case .a4: return (210, 297)
        case .a5: return (148, 210)
        case .a6: return (105, 148)
        case .screen, .square, .story:
            let pixels = self.pixels ?? (0, 0)
            return (Double(pixels.width) * 25.4 / Self.screenDPI, Double(pixels.height) * 25.4 / Self.screenDPI)
        }
    }

    /// Width and height in pixels for a screen; nil for paper.
    public var pixels: (width: Int, height: Int)? {
        switch self {
        case .screen: return (1920, 1080)
        case .square: return (1080, 1080)
        case .story: return (1080, 1920)
        case .a3, .a4, .a5, .a6: return nil
        }
    }

    public var isScreen: Bool { pixels != nil }

    public init?(name: String) {
        let written = name.trimmingCharacters(in: .whitespaces)
        guard let size = PaperSize(rawValue: written.uppercased()) ?? PaperSize(rawValue: written.lowercased().replacingOccurrences(of: "×", with: "x")) else {
            return nil
        }
        self = size
    }

    /// For messages: "A3, A4, A5, A6, 1920x1080, 1080x1080 or 1080x1920".
    static var allNames: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
}

/// Points per millimetre: templates are in mm, cairo's pages in points.
public let pointsPerMillimetre = 72.0 / 25.4

/// The kinds of slot a template can hold; each is filled by its own code in the Layout module.
public enum SlotKind: String, Sendable, Hashable, CaseIterable {
    /// A translated text: headline, body, label.
    case text
    /// A national helpline's web address, numbers and hours.
    case helpline
    /// The municipality's local contacts ("HJÄLP LOKALT").
    case localContacts = "local-contacts"
    case logo
    case qr
    /// Helplines grouped as in the children's brochure, flowing over as many pages as needed.
    case helplineList = "helpline-list"
    /// Where "preliminary translation" goes when it is shown; without one, at the foot of the page.
    case preliminaryMark = "preliminary-mark"
}

/// A place in a template that the engine fills, with how its content behaves.
public struct Slot: Sendable, Hashable {
    public var id: String
    public var kind: SlotKind
    /// In the template's units (mm), top-left origin.
    public var frame: Rect
    /// The slot's `tmv:` attributes (text, font, size, align, color, helpline, ...).
    public var options: [String: String]
    public var line: Int

    public func option(_ name: String) -> String? { options[name] }
}

/// One page design: the art librsvg draws, and its slots.
public struct PageTemplate: Sendable, Hashable {
    public var file: String
    public var art: LoadedImage
    public var slots: [Slot]
    /// Repeated while the document's flowing content lasts.
    public var repeats: Bool
}

/// A document of the campaign (a poster, the brochure) as its template folder describes it.
public struct DocumentTemplate: Sendable, Hashable {
    public var id: String
    /// Translation unit of the document's title (PDF metadata).
    public var titleUnit: String
    public var audience: String
    public var designSize: PaperSize
    public var sizes: [PaperSize]
    public var pages: [PageTemplate]
    /// Millimetres the art runs past the trim where it reaches the page's edge: the most bleed
    /// a print shop can be given (`tmv render --bleed`), at the design size.
    public var bleed: Double

    /// Only the 1920×1080 slides are made into a video (`mp4`), for the shop screens.
    public var makesVideo: Bool { designSize == .screen }

    /// The bleed the art allows at an offered size (a larger size scales the art with it).
    public func bleed(at size: PaperSize) -> Double {
        let design = designSize.millimetres, target = size.millimetres
        return bleed * min(target.width / design.width, target.height / design.height)
    }

    /// The template XML namespace of slot attributes, kept by Inkscape.
    public static let namespace = "https://tillsammans.example/template/1"

    struct Manifest: Codable {
        struct PageEntry: Codable {
            var template: String
            var repeats: Bool?
        }
        var id: String
        var title: String
        var audience: String
        var size: String
        var sizes: [String]
        var bleed: Double?
        var pages: [PageEntry]
    }

    /// Reads `document.yaml` and the page SVGs of one template folder.
    public static func load(folder: URL, displayPrefix: String) throws(ValidationFailed) -> DocumentTemplate {
        let manifestName = "\(displayPrefix)/document.yaml"
        let file = try YAMLFile(contentsOf: folder.appendingPathComponent("document.yaml"), name: manifestName, kind: .template)
        let decoded = RecordDecoder(file: manifestName).decode(Manifest.self, from: file.root, entry: nil)
        var problems = decoded.problems
        guard let manifest = decoded.value else { throw ValidationFailed(problems) }
        guard let designSize = PaperSize(name: manifest.size) else {
            throw ValidationFailed(problems + [Diagnostic(file: manifestName, field: "size", message: "'\(manifest.size)' is not \(PaperSize.allNames)")])
        }
        var sizes: [PaperSize] = []
        for (index, name) in manifest.sizes.enumerated() {
            if let size = PaperSize(name: name) { sizes.append(size) } else {
                problems.append(Diagnostic(file: manifestName, field: "sizes[\(index)]", message: "'\(name)' is not \(PaperSize.allNames)"))
            }
        }
        var pages: [PageTemplate] = []
        for (index, entry) in manifest.pages.enumerated() {
            let pageName = "\(displayPrefix)/\(entry.template)"
            do {
                pages.append(try loadPage(folder.appendingPathComponent(entry.template), name: pageName,
                                          size: designSize, repeats: entry.repeats ?? false))
            } catch {
                problems += error.diagnostics
            }
            if entry.template.contains("/") {
                problems.append(Diagnostic(file: manifestName, field: "pages[\(index)].template", message: "must be a file in the template's folder"))
            }
        }
        let bleed = manifest.bleed ?? 0
        if !(0...25).contains(bleed) {
            problems.append(Diagnostic(file: manifestName, field: "bleed", message: "\(bleed) mm is not a bleed; give the millimetres the art runs past the page's edge, 0 to 25"))
        }
        if sizes.contains(where: \.isScreen) != designSize.isScreen {
            problems.append(Diagnostic(file: manifestName, field: "sizes", message: "a document is made either for paper or for screens, not both"))
        }
        if pages.filter(\.repeats).count > 1 {
            problems.append(Diagnostic(file: manifestName, field: "pages", message: "only one page may repeat"))
        }
        if !problems.isEmpty { throw ValidationFailed(problems) }
        return DocumentTemplate(id: manifest.id, titleUnit: manifest.title, audience: manifest.audience,
                                designSize: designSize, sizes: sizes, pages: pages, bleed: bleed)
    }

    static func loadPage(_ url: URL, name: String, size: PaperSize, repeats: Bool) throws(ValidationFailed) -> PageTemplate {
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(url, kind: .template)
        } catch {
            throw ValidationFailed([Diagnostic(file: name, message: error.withoutPath)])
        }
        let document: XMLDocument
        do {
            document = try XMLDocument(data: bytes)
        } catch {
            throw ValidationFailed([Diagnostic(file: name, line: error.line, message: "the SVG is not well-formed: \(error.message)")])
        }
        var problems: [Diagnostic] = []
        let root = document.root
        let expected = size.millimetres
        let viewBox = (root.attribute("viewBox") ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        if viewBox.count != 4 || abs(viewBox[2] - expected.width) > 0.01 || abs(viewBox[3] - expected.height) > 0.01 || viewBox[0] != 0 || viewBox[1] != 0 {
            problems.append(Diagnostic(file: name, line: root.line,
                                       message: "the page must have viewBox=\"0 0 \(TextForms.plainNumber(expected.width)) \(TextForms.plainNumber(expected.height))\" (millimetres of \(size.rawValue))"))
        }
        var slots: [Slot] = []
        var ids = Set<String>()
        collectSlots(root, hidden: false, offset: (0, 0), file: name, slots: &slots, problems: &problems)
        for slot in slots where !ids.insert(slot.id).inserted {
            problems.append(Diagnostic(file: name, entry: slot.id, line: slot.line, message: "two slots have the id '\(slot.id)'"))
        }
        let art: LoadedImage
        do {
            art = try LoadedImage(templateArt: bytes)
        } catch {
            throw ValidationFailed(problems + [Diagnostic(file: name, message: "librsvg cannot draw the template: \(error)")])
        }
        if !problems.isEmpty { throw ValidationFailed(problems) }
        return PageTemplate(file: name, art: art, slots: slots, repeats: repeats)
    }

    /// Finds slot elements: any element with a `tmv:slot` attribute, inside a hidden layer, with at
    /// most translations above it (as Inkscape writes layers).
    static func collectSlots(_ element: XMLElement, hidden: Bool, offset: (Double, Double), file: String,
                             slots: inout [Slot], problems: inout [Diagnostic]) {
        let style = (element.attribute("style") ?? "").replacingOccurrences(of: " ", with: "")
        let isHidden = hidden || style.contains("display:none") || element.attribute("display") == "none"
        var here = offset
        if let transform = element.attribute("transform") {
            if let translation = parseTranslate(transform) {
                here = (offset.0 + translation.0, offset.1 + translation.1)
            } else if element.allElements.contains(where: { $0.attribute("slot", namespace: namespace) != nil }) {
                problems.append(Diagnostic(file: file, entry: element.attribute("id"), line: element.line,
                                           message: "slots may only be moved, not scaled or rotated ('\(transform)')",
                                           hint: "in Inkscape, remove the transform (Object › Transform) or redraw the slot"))
                return
            }
        }
        if let kindName = element.attribute("slot", namespace: namespace) {
            let id = element.attribute("id") ?? "line \(element.line)"
            guard let kind = SlotKind(rawValue: kindName) else {
                problems.append(Diagnostic(file: file, entry: id, line: element.line, message: "'\(kindName)' is not a kind of slot",
                                           hint: "use one of: \(SlotKind.allCases.map(\.rawValue).joined(separator: ", "))"))
                return
            }
            guard element.name == "rect", let x = number(element.attribute("x") ?? "0"), let y = number(element.attribute("y") ?? "0"),
                  let width = number(element.attribute("width") ?? ""), let height = number(element.attribute("height") ?? ""),
                  width > 0, height > 0 else {
                problems.append(Diagnostic(file: file, entry: id, line: element.line, message: "a slot must be a <rect> with a width and height"))
                return
            }
            if !isHidden {
                problems.append(Diagnostic(file: file, entry: id, line: element.line,
                                           message: "the slot is visible and would be printed",
                                           hint: "keep slots in a hidden layer (style=\"display:none\")"))
            }
            var options: [String: String] = [:]
            for attribute in element.attributes where attribute.namespace == namespace && attribute.name != "slot" {
                options[attribute.name] = attribute.value
            }
            slots.append(Slot(id: id, kind: kind,
                              frame: Rect(x: x + here.0, y: y + here.1, width: width, height: height),
                              options: options, line: element.line))
            return
        }
        for child in element.children {
            collectSlots(child, hidden: isHidden, offset: here, file: file, slots: &slots, problems: &problems)
        }
    }


    static func number(_ text: String) -> Double? {
        Double(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "mm", with: ""))
    }

    static func parseTranslate(_ transform: String) -> (Double, Double)? {
        let text = transform.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("translate("), text.hasSuffix(")") else { return nil }
        let inner = text.dropFirst("translate(".count).dropLast()
        let parts = inner.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Double($0) }
        switch parts.count {
        case 1: return (parts[0], 0)
        case 2: return (parts[0], parts[1])
        default: return nil
        }
    }
}

/// All documents under Templates/.
public struct TemplateLibrary: Sendable {
    public var documents: [DocumentTemplate]

    public func document(id: String) -> DocumentTemplate? { documents.first { $0.id == id } }

    /// The campaign's documents, in the order of the agency's material: the four printed ones,
    /// then the slides for shop screens and the social media images.
    public static let documentIDs = ["poster-victim", "poster-relative", "poster-perpetrator", "brochure-children",
                                     "slides", "social-square", "social-story"]
    /// The printed documents (the national build's and the benchmark's set).
    public static let printedDocumentIDs = Array(documentIDs.prefix(4))

    /// `only`: the documents one command needs (a single render reads one template, not four).
    public static func load(from folder: URL, displayPrefix: String = "Templates", only: Set<String>? = nil) throws(ValidationFailed) -> TemplateLibrary {
        var problems: [Diagnostic] = []
        var documents: [DocumentTemplate] = []
        for id in documentIDs where only?.contains(id) ?? true {
            do {
                let document = try DocumentTemplate.load(folder: folder.appendingPathComponent(id), displayPrefix: "\(displayPrefix)/\(id)")
                if document.id != id {
                    problems.append(Diagnostic(file: "\(displayPrefix)/\(id)/document.yaml", field: "id", message: "is '\(document.id)' but the folder is \(id)"))
                }
                documents.append(document)
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw ValidationFailed(problems) }
        return TemplateLibrary(documents: documents)
    }
}
