import Foundation

/// Geometry in PostScript points (1/72 inch), cairo's unit for PDF and SVG.
public struct Rect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxY: Double { y + height }
    public var maxX: Double { x + width }
}

public struct PageSize: Sendable, Hashable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}

public struct RGBColor: Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Reads `#rrggbb`.
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let value = Int(digits, radix: 16) else { return nil }
        self.init(red: Double((value >> 16) & 0xFF) / 255, green: Double((value >> 8) & 0xFF) / 255,
                  blue: Double(value & 0xFF) / 255)
    }

    public static let black = RGBColor(red: 0, green: 0, blue: 0)
    public static let white = RGBColor(red: 1, green: 1, blue: 1)
}

public enum TextAlignment: String, Sendable, Hashable {
    /// The paragraph's start: left in Swedish, right in Arabic.
    case start
    case center
    case end
}

public enum FontWeight: String, Sendable, Hashable {
    case regular
    case bold
}

/// How a text block looks. Direction comes from the language, alignment is logical (start/end).
public struct TextStyle: Sendable, Hashable {
    public var families: [String]
    public var size: Double
    public var weight: FontWeight
    public var color: RGBColor
    public var alignment: TextAlignment
    /// Line height as a multiple of the font size, the same for every script.
    public var lineHeight: Double
    /// BCP 47 tag, for shaping and for the SVG's reading-order text.
    public var language: String
    public var rightToLeft: Bool

    public init(families: [String], size: Double, weight: FontWeight = .regular, color: RGBColor = .black,
                alignment: TextAlignment = .start, lineHeight: Double = 1.25, language: String, rightToLeft: Bool) {
        self.families = families
        self.size = size
        self.weight = weight
        self.color = color
        self.alignment = alignment
        self.lineHeight = lineHeight
        self.language = language
        self.rightToLeft = rightToLeft
    }
}

/// A block of text placed on a page at its final size (already fitted).
public struct TextBlock: Sendable, Hashable {
    public var text: String
    public var frame: Rect
    public var style: TextStyle
    /// The slot it fills, for messages and for the SVG's text layer.
    public var slot: String
    /// A heading in the PDF's structure (the first on a page is H1, later ones H2).
    public var isHeading: Bool
    /// BCP 47 tag when the text is in another language than the document (a Swedish name in
    /// an Arabic poster), so a screen reader switches voice; shaping follows `style`.
    public var textLanguage: String?

    public init(text: String, frame: Rect, style: TextStyle, slot: String, isHeading: Bool = false, textLanguage: String? = nil) {
        self.text = text
        self.frame = frame
        self.style = style
        self.slot = slot
        self.isHeading = isHeading
        self.textLanguage = textLanguage
    }
}

/// An image: the template's art, a logo. Drawn into its frame keeping its aspect ratio.
public struct ImageBlock: Sendable, Hashable {
    public var image: LoadedImage
    public var frame: Rect
    public var slot: String
    /// What a screen reader says for it (a logo: the municipality's name); nil for decoration.
    public var alternativeText: String?

    public init(image: LoadedImage, frame: Rect, slot: String, alternativeText: String? = nil) {
        self.image = image
        self.frame = frame
        self.slot = slot
        self.alternativeText = alternativeText
    }
}

public struct QRBlock: Sendable, Hashable {
    public var code: QRCode
    public var frame: Rect
    public var color: RGBColor
    /// What a screen reader says for it: where the code leads.
    public var alternativeText: String

    public init(code: QRCode, frame: Rect, color: RGBColor = .black, alternativeText: String = "QR") {
        self.code = code
        self.frame = frame
        self.color = color
        self.alternativeText = alternativeText
    }
}

/// A filled rectangle with optional rounded corners: the boxes behind helpline blocks.
public struct BoxBlock: Sendable, Hashable {
    public var frame: Rect
    public var color: RGBColor
    public var cornerRadius: Double

    public init(frame: Rect, color: RGBColor, cornerRadius: Double = 0) {
        self.frame = frame
        self.color = color
        self.cornerRadius = cornerRadius
    }
}

/// A clickable area, for `tel:` and `https:` links in the PDF.
public struct LinkArea: Sendable, Hashable {
    public var url: String
    public var frame: Rect
    /// What the link does, for a screen reader (the annotation's /Contents): the text it covers.
    public var description: String

    public init(url: String, frame: Rect, description: String = "") {
        self.url = url
        self.frame = frame
        self.description = description.isEmpty ? url : description
    }
}

public enum PageElement: Sendable, Hashable {
    case box(BoxBlock)
    case image(ImageBlock)
    case text(TextBlock)
    case qr(QRBlock)
}

/// One page, fully laid out: what is drawn where. Tests can read it without drawing.
public struct Page: Sendable, Hashable {
    /// The size the page is laid out at (the template's), in points.
    public var size: PageSize
    /// The output is the laid-out page scaled by this: A3 from an A4 template is √2.
    public var scale: Double = 1
    /// The template's static art, drawn first over the whole page.
    public var art: LoadedImage?
    public var elements: [PageElement]
    public var links: [LinkArea]

    public init(size: PageSize, art: LoadedImage?, elements: [PageElement], links: [LinkArea] = []) {
        self.size = size
        self.art = art
        self.elements = elements
        self.links = links
    }

    /// The paper size of the output, in points: the target ISO size exactly (its aspect ratio
    /// differs from the template's by a fraction of a millimetre).
    public var outputSize: PageSize {
        get { storedOutputSize ?? PageSize(width: size.width * scale, height: size.height * scale) }
        set { storedOutputSize = newValue }
    }
    private var storedOutputSize: PageSize?

    public var textBlocks: [TextBlock] {
        elements.compactMap { if case .text(let block) = $0 { return block } else { return nil } }
    }
}

public struct DocumentMetadata: Sendable, Hashable {
    public var title: String
    public var author: String
    public var subject: String
    public var language: String
    /// Fixed, so identical input gives byte-identical output.
    public var created: String

    public init(title: String, author: String, subject: String, language: String, created: String = "2020-11-15T00:00:00Z") {
        self.title = title
        self.author = author
        self.subject = subject
        self.language = language
        self.created = created
    }
}

/// The pages of one document in one language, ready to export.
public struct LaidOutDocument: Sendable, Hashable {
    public var pages: [Page]
    public var metadata: DocumentMetadata

    public init(pages: [Page], metadata: DocumentMetadata) {
        self.pages = pages
        self.metadata = metadata
    }
}

/// How a page is laid on paper for a print shop or an office printer; none for the screen.
public struct PrintLayout: Sendable, Hashable {
    /// Millimetres the art runs past the trim on every side (3 is the usual).
    public var bleed: Double
    /// Crop marks outside the bleed, at the corners of the trim.
    public var cropMarks: Bool
    /// Millimetres of white kept at every edge, the page scaled down into it, for desk
    /// printers that cannot print to the edge. Excludes bleed and crop marks.
    public var officeMargin: Double

    public init(bleed: Double = 0, cropMarks: Bool = false, officeMargin: Double = 0) {
        self.bleed = bleed
        self.cropMarks = cropMarks
        self.officeMargin = officeMargin
    }

    public static let none = PrintLayout()

    static let pointsPerMillimetre = 72.0 / 25.4
    /// Crop marks start this far outside the bleed, and are this long (millimetres).
    static let markGap = 2.0
    static let markLength = 6.0

    /// The paper around the trim, in points: the bleed, plus room for the marks.
    var margin: Double {
        let bleedPoints = bleed * Self.pointsPerMillimetre
        return cropMarks ? bleedPoints + (Self.markGap + Self.markLength + 1) * Self.pointsPerMillimetre : bleedPoints
    }

    /// The sheet's size for a trimmed page of `trim` points.
    public func mediaSize(trim: PageSize) -> PageSize {
        PageSize(width: trim.width + 2 * margin, height: trim.height + 2 * margin)
    }
}
