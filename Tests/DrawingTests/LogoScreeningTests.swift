import Foundation
import Testing
@testable import Drawing

/// Review 2026-11-29: D3 (an image inside an SVG escapes the pixel limit), D14 (the standard
/// SVG 1.1 DOCTYPE refused), D16 (deep nesting).
@Suite("Logo screening")
struct LogoScreeningTests {
    /// A PNG header (signature and IHDR) claiming the given size: all the screen reads.
    func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        for value in [width, height] { bytes += [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        bytes += [8, 6, 0, 0, 0, 0, 0, 0, 0]
        return bytes
    }

    func svg(embedding png: [UInt8]) -> [UInt8] {
        Array("""
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">
            <image width="100" height="100" xlink:href="data:image/png;base64,\(Data(png).base64EncodedString())"/></svg>
            """.utf8)
    }

    @Test func anImageInsideAnSVGHasTheSamePixelLimit() {
        #expect(throws: LoadedImage.Problem.tooManyPixels(width: 20000, height: 20000,
                                                          limit: "8000 pixels a side and 40 megapixels")) {
            try LoadedImage(data: svg(embedding: pngHeader(width: 20000, height: 20000)))
        }
    }

    @Test func theStandardSVGDoctypeIsAccepted() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
            <svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><rect width="40" height="20" fill="#123456"/></svg>
            """
        let image = try LoadedImage(data: Array(text.utf8))
        #expect(image.kind == .svg)
        #expect(image.width == 40)
    }

    @Test func aDoctypeDeclaringEntitiesIsStillRefused() {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>
            <svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text>&a;</text></svg>
            """
        #expect(throws: LoadedImage.Problem.self) { try LoadedImage(data: Array(text.utf8)) }
    }

    @Test func deepNestingIsRefusedWithTheLimit() {
        let text = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
            + String(repeating: "<g>", count: 100) + String(repeating: "</g>", count: 100) + "</svg>"
        do {
            _ = try LoadedImage(data: Array(text.utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("the limit is 64"))
        }
    }
}
