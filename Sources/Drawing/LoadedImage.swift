import Foundation
import InputRules
internal import CRsvg

/// An image checked and ready to draw: a template's art or a municipality's logo.
///
/// A logo is untrusted input. SVG is refused when it declares entities, holds scripts or event
/// handlers, or refers to anything outside itself (other files, the network); PNG and JPEG are
/// refused above a size and pixel limit. Raster images are drawn through librsvg as an embedded
/// data: image, so nothing is ever read beyond the bytes given here.
public struct LoadedImage: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case svg, png, jpeg
    }

    public var kind: Kind
    /// The SVG librsvg draws: the file itself, or a wrapper embedding the raster image.
    let svg: [UInt8]
    /// SHA-256 of `svg`: identifies the parsed librsvg handle each thread keeps.
    let digest: String
    /// Intrinsic size in CSS pixels (SVG) or pixels (raster), for the aspect ratio.
    public var width: Double
    public var height: Double

    public struct Limits: Sendable, Hashable {
        public var maximumBytes: Int
        public var maximumPixelsPerSide: Int
        public var maximumPixels: Int

        public init(maximumBytes: Int = InputRules.Limits.FileKind.logo.maximumBytes,
                    maximumPixelsPerSide: Int = InputRules.Limits.rasterPixelsPerSide,
                    maximumPixels: Int = InputRules.Limits.rasterPixels) {
            self.maximumBytes = maximumBytes
            self.maximumPixelsPerSide = maximumPixelsPerSide
            self.maximumPixels = maximumPixels
        }
    }

    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case tooLarge(bytes: Int, limit: Int)
        case tooManyPixels(width: Int, height: Int, limit: String)
        case unsupportedType
        case corrupt(String)
        case hostile(String)

        public var description: String {
            switch self {
            case .tooLarge(let bytes, let limit):
                return "the image is \(bytes / 1024) KB; the limit is \(limit / 1024 / 1024) MB (export a smaller file)"
            case .tooManyPixels(let width, let height, let limit):
                return "the image is \(width)×\(height) pixels; the limit is \(limit) (scale it down)"
            case .unsupportedType:
                return "the image is not SVG, PNG or JPEG (save it in one of those)"
            case .corrupt(let reason):
                return "the image cannot be read: \(reason) (open it in an image editor and save it again)"
            case .hostile(let reason):
                return "the SVG is refused: \(reason) (export a plain SVG, for example Inkscape's \"Plain SVG\")"
            }
        }
    }

    /// Checks and loads image bytes; the type is taken from the content, not the file name.
    public init(data: [UInt8], limits: Limits = Limits()) throws(Problem) {
        if data.count > limits.maximumBytes { throw .tooLarge(bytes: data.count, limit: limits.maximumBytes) }
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            let (width, height) = try RasterHeader.png(data)
            try Self.checkPixels(width: width, height: height, limits: limits)
            try self.init(raster: data, kind: .png, mime: "image/png", width: width, height: height)
        } else if data.starts(with: [0xFF, 0xD8, 0xFF]) {
            let (width, height) = try RasterHeader.jpeg(data)
            try Self.checkPixels(width: width, height: height, limits: limits)
            try self.init(raster: data, kind: .jpeg, mime: "image/jpeg", width: width, height: height)
        } else if Self.looksLikeXML(data) {
            try Self.screen(svg: data)
            let size = try SVGRenderer.intrinsicSize(data)
            self.init(kind: .svg, svg: data, width: size.width, height: size.height)
        } else {
            throw .unsupportedType
        }
    }

    private init(kind: Kind, svg: [UInt8], width: Double, height: Double) {
        self.kind = kind
        self.svg = svg
        self.digest = Checksum.sha256(svg)
        self.width = width
        self.height = height
    }

    /// A template's own art, trusted (it is part of the project), so not screened.
    public init(templateArt data: [UInt8]) throws(Problem) {
        let size = try SVGRenderer.intrinsicSize(data)
        self.init(kind: .svg, svg: data, width: size.width, height: size.height)
    }

    private init(raster: [UInt8], kind: Kind, mime: String, width: Int, height: Int) throws(Problem) {
        let wrapper = """
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" \
            width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)">\
            <image width="\(width)" height="\(height)" xlink:href="data:\(mime);base64,\(Data(raster).base64EncodedString())"/>\
            </svg>
            """
        let svg = Array(wrapper.utf8)
        try SVGRenderer.checkRasterDecodes(svg, width: width, height: height)
        self.init(kind: kind, svg: svg, width: Double(width), height: Double(height))
    }

    static func checkPixels(width: Int, height: Int, limits: Limits) throws(Problem) {
        let limit = "\(limits.maximumPixelsPerSide) pixels a side and \(limits.maximumPixels / 1_000_000) megapixels"
        if width <= 0 || height <= 0 { throw .corrupt("it has no pixels") }
        if width > limits.maximumPixelsPerSide || height > limits.maximumPixelsPerSide || width * height > limits.maximumPixels {
            throw .tooManyPixels(width: width, height: height, limit: limit)
        }
    }

    static func looksLikeXML(_ data: [UInt8]) -> Bool {
        let head = String(decoding: data.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return head.hasPrefix("<")
    }

    /// Refuses SVG features that reach outside the file or run code.
    static func screen(svg data: [UInt8]) throws(Problem) {
        let document: XMLDocument
        do {
            document = try XMLDocument(data: data)
        } catch {
            if error.message.lowercased().contains("entit") {
                throw .hostile("it uses XML entities (\(error.message))")
            }
            throw .corrupt("it is not well-formed XML (\(error.description))")
        }
        if !document.declaredEntities.isEmpty {
            throw .hostile("it declares XML entities (\(document.declaredEntities.prefix(3).joined(separator: ", ")))")
        }
        // A DOCTYPE without entities (Inkscape and Illustrator write SVG 1.1's) is harmless: the
        // parser never loads the DTD it names, and entities are refused above.
        guard document.root.name == "svg" else { throw .corrupt("its root element is <\(document.root.name)>, not <svg>") }
        let depth = Self.depth(of: document.root)
        if depth > InputRules.Limits.xmlDepth {
            throw .hostile("its elements nest \(depth) deep; the limit is \(InputRules.Limits.xmlDepth)")
        }
        let elements = document.root.allElements
        if elements.count > InputRules.Limits.svgElements {
            throw .hostile("it has \(elements.count) elements; the limit is \(InputRules.Limits.svgElements)")
        }
        for element in elements {
            if !element.entityReferences.isEmpty { throw .hostile("it uses XML entities") }
            let name = element.name.lowercased()
            if name == "script" { throw .hostile("it contains a script (line \(element.line))") }
            if name == "foreignobject" { throw .hostile("it embeds foreign content (line \(element.line))") }
            if name == "style" && (element.allText.contains("@import") || Self.hasExternalURL(css: element.allText)) {
                throw .hostile("its style sheet loads another file (line \(element.line))")
            }
            for attribute in element.attributes {
                let attributeName = attribute.name.lowercased()
                if attributeName.hasPrefix("on") { throw .hostile("it has an event handler '\(attribute.name)' (line \(element.line))") }
                if attributeName == "href" || attributeName == "src" {
                    let value = attribute.value.trimmingCharacters(in: .whitespaces)
                    let internalReference = value.hasPrefix("#")
                    let embeddedImage = value.hasPrefix("data:image/png") || value.hasPrefix("data:image/jpeg")
                    if !internalReference && !embeddedImage {
                        throw .hostile("it refers to an outside resource '\(value.prefix(60))' (line \(element.line))")
                    }
                    if embeddedImage { try Self.checkEmbedded(value, line: element.line) }
                }
                if attributeName == "style" && Self.hasExternalURL(css: attribute.value) {
                    throw .hostile("a style refers to an outside resource (line \(element.line))")
                }
            }
        }
    }

    /// An image inside an SVG gets the same pixel limits as a logo file: a 65 KB SVG can carry a
    /// 20000×20000 PNG that takes gigabytes to decode.
    static func checkEmbedded(_ uri: String, line: Int) throws(Problem) {
        guard let comma = uri.firstIndex(of: ","), uri[..<comma].hasSuffix(";base64") else {
            throw .hostile("an embedded image on line \(line) is not base64-encoded")
        }
        let payload = uri[uri.index(after: comma)...].filter { !$0.isWhitespace }
        guard let decoded = Data(base64Encoded: String(payload)) else {
            throw .corrupt("an embedded image on line \(line) is not valid base64")
        }
        let bytes = [UInt8](decoded)
        let limits = Limits()
        let width: Int, height: Int
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            (width, height) = try RasterHeader.png(bytes)
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            (width, height) = try RasterHeader.jpeg(bytes)
        } else {
            throw .corrupt("an embedded image on line \(line) is neither PNG nor JPEG")
        }
        try checkPixels(width: width, height: height, limits: limits)
    }

    static func depth(of element: XMLElement) -> Int {
        var deepest = 1
        var stack: [(XMLElement, Int)] = [(element, 1)]
        while let (current, level) = stack.popLast() {
            deepest = max(deepest, level)
            for child in current.children { stack.append((child, level + 1)) }
        }
        return deepest
    }

    static func hasExternalURL(css: String) -> Bool {
        var rest = Substring(css)
        while let range = rest.range(of: "url(") {
            let after = rest[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
            if !after.hasPrefix("#") { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}

/// Width and height from PNG and JPEG headers, read before any decoder sees the pixels.
enum RasterHeader {
    static func png(_ data: [UInt8]) throws(LoadedImage.Problem) -> (Int, Int) {
        guard data.count >= 24, Array(data[12..<16]) == Array("IHDR".utf8) else { throw .corrupt("its PNG header is damaged") }
        func be32(_ offset: Int) -> Int {
            Int(data[offset]) << 24 | Int(data[offset + 1]) << 16 | Int(data[offset + 2]) << 8 | Int(data[offset + 3])
        }
        return (be32(16), be32(20))
    }

    static func jpeg(_ data: [UInt8]) throws(LoadedImage.Problem) -> (Int, Int) {
        var index = 2
        while index + 9 < data.count {
            guard data[index] == 0xFF else { throw .corrupt("its JPEG structure is damaged") }
            let marker = data[index + 1]
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { index += 2; continue }
            let length = Int(data[index + 2]) << 8 | Int(data[index + 3])
            let isFrame = (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
            if isFrame {
                let height = Int(data[index + 5]) << 8 | Int(data[index + 6])
                let width = Int(data[index + 7]) << 8 | Int(data[index + 8])
                return (width, height)
            }
            if length < 2 { throw .corrupt("its JPEG structure is damaged") }
            index += 2 + length
        }
        throw .corrupt("it has no JPEG frame header")
    }
}
