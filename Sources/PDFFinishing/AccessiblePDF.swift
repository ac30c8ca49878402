import Foundation

/// A rectangle in PDF user space: points, origin at the page's bottom left.
public struct PDFBox: Sendable, Hashable {
    public var left: Double
    public var bottom: Double
    public var right: Double
    public var top: Double

    public init(left: Double, bottom: Double, right: Double, top: Double) {
        self.left = left
        self.bottom = bottom
        self.right = right
        self.top = top
    }

    var syntax: String { "[\(number(left)) \(number(bottom)) \(number(right)) \(number(top))]" }
}

/// Where a print shop cuts (trim) and how far the art runs past it (bleed).
public struct PrintBoxes: Sendable, Hashable {
    public var trim: PDFBox
    public var bleed: PDFBox

    public init(trim: PDFBox, bleed: PDFBox) {
        self.trim = trim
        self.bleed = bleed
    }
}

/// What the drawing knows and cairo 1.16 cannot write: the document's language, the
/// alternative texts of its figures, what each link does, the print boxes.
public struct AccessibilityEntries: Sendable, Hashable {
    /// BCP 47 tag of the document's language.
    public var language: String
    public var title: String
    /// The alternative text of each `Figure` structure element, in the order they were opened.
    public var figureAlternatives: [String]
    /// Per page, what each link does, in the order the links were made.
    public var linkDescriptions: [[String]]
    /// Per page; nil where the page is its own trim (no bleed asked for).
    public var boxes: [PrintBoxes?]
    /// Fixed, so identical input gives identical output.
    public var created: String
    /// Per heading and paragraph element, in the order they were opened: its language when it
    /// is not the document's (a Swedish name inside an Arabic poster), else nil.
    public var textLanguages: [String?] = []

    public init(language: String, title: String, figureAlternatives: [String], linkDescriptions: [[String]],
                boxes: [PrintBoxes?], created: String) {
        self.language = language
        self.title = title
        self.figureAlternatives = figureAlternatives
        self.linkDescriptions = linkDescriptions
        self.boxes = boxes
        self.created = created
    }
}

/// Completes cairo's tagged PDF into an accessible one (PDF/UA-1's machine-checkable part).
///
/// cairo 1.16 writes the structure tree and marked content, but takes no /Lang, /Alt or
/// annotation /Contents, and an `Artifact` tag makes it write a damaged file. So the drawing
/// tags decoration as the standard structure type `Private`, and this turns each such sequence
/// into an artifact and removes the element from the tree.
public enum AccessiblePDF {
    /// The structure type the drawing uses for decoration; nothing else may use it.
    public static let decorationTag = "Private"

    public static func finish(_ pdf: [UInt8], _ entries: AccessibilityEntries) throws(FinishingError) -> [UInt8] {
        let document = try QPDFDocument(bytes: pdf, name: "the drawn PDF")
        let root = document.root
        document.set(root, "/Lang", document.text(entries.language))
        document.set(root, "/ViewerPreferences", document.parse("<< /DisplayDocTitle true >>"))
        document.set(root, "/MarkInfo", document.parse("<< /Marked true >>"))
        document.setMetadata(XMPPacket(title: entries.title, language: entries.language, created: entries.created, pdfua: true).bytes)
        document.setInfo("/Producer", XMPPacket.producer)
        try finishStructure(document, figureAlternatives: entries.figureAlternatives, textLanguages: entries.textLanguages)
        for index in 0..<document.pageCount {
            let page = document.page(index)
            try markDecorationAsArtifacts(document, page: page)
            document.set(page, "/Tabs", document.name("/S"))
            let descriptions = index < entries.linkDescriptions.count ? entries.linkDescriptions[index] : []
            var link = 0
            for annotation in document.items(document.get(page, "/Annots"))
            where document.isName(document.get(annotation, "/Subtype"), "/Link") {
                if link < descriptions.count {
                    document.set(annotation, "/Contents", document.text(descriptions[link]))
                }
                link += 1
            }
            if index < entries.boxes.count, let boxes = entries.boxes[index] {
                document.set(page, "/TrimBox", document.parse(boxes.trim.syntax))
                document.set(page, "/BleedBox", document.parse(boxes.bleed.syntax))
            }
        }
        return try document.write()
    }

    /// Gives each Figure its alternative text and takes the decoration out of the tree.
    static func finishStructure(_ document: QPDFDocument, figureAlternatives: [String], textLanguages: [String?] = []) throws(FinishingError) {
        let treeRoot = document.get(document.root, "/StructTreeRoot")
        guard !document.isNull(treeRoot) else { throw FinishingError("the drawn PDF has no structure tree") }
        var figures = 0
        var texts = 0
        var removed: [QPDFDocument.Object] = []
        func visit(_ element: QPDFDocument.Object) {
            let kids = document.get(element, "/K")
            guard document.isArray(kids) else {
                // An only child is written as the element itself, not in an array.
                if document.isDictionary(kids), document.has(kids, "/S"),
                   document.isName(document.get(kids, "/S"), "/" + decorationTag) {
                    removed.append(kids)
                    document.remove(element, "/K")
                } else if document.isDictionary(kids) {
                    visitElement(kids, parentKids: nil, at: 0)
                }
                return
            }
            var index = 0
            while index < document.count(kids) {
                if visitElement(document.item(kids, index), parentKids: kids, at: index) { continue }
                index += 1
            }
        }
        /// Returns true when the element was removed from `parentKids`.
        @discardableResult
        func visitElement(_ kid: QPDFDocument.Object, parentKids: QPDFDocument.Object?, at index: Int) -> Bool {
            guard document.isDictionary(kid), document.has(kid, "/S") else { return false }
            let type = document.get(kid, "/S")
            if document.isName(type, "/" + decorationTag), let parentKids {
                removed.append(kid)
                document.erase(parentKids, index)
                return true
            }
            if document.isName(type, "/Figure") {
                if figures < figureAlternatives.count {
                    document.set(kid, "/Alt", document.text(figureAlternatives[figures]))
                }
                figures += 1
            }
            if ["/P", "/H1", "/H2"].contains(where: { document.isName(type, $0) }) {
                if texts < textLanguages.count, let language = textLanguages[texts] {
                    document.set(kid, "/Lang", document.text(language))
                }
                texts += 1
            }
            visit(kid)
            return false
        }
        visit(treeRoot)
        guard figures == figureAlternatives.count else {
            throw FinishingError("the PDF has \(figures) figures but \(figureAlternatives.count) alternative texts were given")
        }
        guard textLanguages.isEmpty || texts == textLanguages.count else {
            throw FinishingError("the PDF has \(texts) headings and paragraphs but \(textLanguages.count) were drawn")
        }
        // The parent tree maps each marked-content id back to its element: forget the removed ones.
        let numbers = document.get(document.get(treeRoot, "/ParentTree"), "/Nums")
        for entry in document.items(numbers) where document.isArray(entry) {
            for (index, element) in document.items(entry).enumerated()
            where removed.contains(where: { document.sameObject(element, $0) }) {
                document.setItem(entry, index, document.null())
            }
        }
    }

    /// `/Private << /MCID 3 >> BDC` becomes `/Artifact BMC`: the content is decoration, outside
    /// the structure, as PDF/UA asks.
    static func markDecorationAsArtifacts(_ document: QPDFDocument, page: QPDFDocument.Object) throws(FinishingError) {
        let contents = document.get(page, "/Contents")
        let streams = document.isArray(contents) ? document.items(contents) : [contents]
        for stream in streams where document.isStream(stream) {
            let bytes = try document.streamData(stream)
            if let replaced = artifactsMarked(bytes) { document.replaceStreamDataCompressed(stream, with: replaced) }
        }
    }

    /// The content with each decoration sequence's opening turned into an artifact's; nil when
    /// it has none. A byte scan: a page's content is tens of kilobytes, read on every render.
    static func artifactsMarked(_ content: [UInt8]) -> [UInt8]? {
        let opening = Array("/\(decorationTag)".utf8)
        let replacement = Array("/Artifact BMC".utf8)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        func skipSpace(_ at: inout Int) { while at < content.count, [0x20, 0x0A, 0x0D, 0x09].contains(content[at]) { at += 1 } }
        func expect(_ text: String, _ at: inout Int) -> Bool {
            let expected = Array(text.utf8)
            guard at + expected.count <= content.count, Array(content[at..<at + expected.count]) == expected else { return false }
            at += expected.count
            return true
        }
        while let found = firstIndex(of: opening, in: content, from: index) {
            // /Private << /MCID 12 >> BDC
            var at = found + opening.count
            skipSpace(&at)
            var matched = expect("<<", &at)
            skipSpace(&at)
            matched = matched && expect("/MCID", &at)
            skipSpace(&at)
            let digits = at
            while at < content.count, (0x30...0x39).contains(content[at]) { at += 1 }
            matched = matched && at > digits
            skipSpace(&at)
            matched = matched && expect(">>", &at)
            skipSpace(&at)
            matched = matched && expect("BDC", &at)
            guard matched else { index = found + 1; continue }
            output.append(contentsOf: content[copied..<found])
            output.append(contentsOf: replacement)
            copied = at
            index = at
        }
        guard copied > 0 else { return nil }
        output.append(contentsOf: content[copied...])
        return output
    }

    static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, pattern.count <= bytes.count else { return nil }
        var index = start
        let last = bytes.count - pattern.count
        while index <= last {
            if bytes[index] == first && bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}

func number(_ value: Double) -> String {
    let rounded = (value * 1000).rounded() / 1000
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}
