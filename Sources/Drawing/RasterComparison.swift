import Foundation
internal import CCairo

/// Compares two PNG images pixel by pixel; golden-image tests use it to catch layout regressions.
public enum RasterComparison {
    public struct Result: Sendable, Hashable {
        public var width: Int
        public var height: Int
        /// Share of pixels whose colour differs by more than the tolerance in any channel.
        public var differingFraction: Double
    }

    private final class Source {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    private static let readFromSource: cairo_read_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
        let source = Unmanaged<Source>.fromOpaque(closure).takeUnretainedValue()
        let count = Int(length)
        guard source.offset + count <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
        for index in 0..<count { data[index] = source.bytes[source.offset + index] }
        source.offset += count
        return CAIRO_STATUS_SUCCESS
    }

    /// `nil` when either image cannot be read or the sizes differ.
    public static func compare(_ a: [UInt8], _ b: [UInt8], channelTolerance: Int = 24) -> Result? {
        guard let first = RasterImage(png: a), let second = RasterImage(png: b),
              first.width == second.width, first.height == second.height else { return nil }
        var differing = 0
        for row in 0..<first.height {
            for column in 0..<first.width {
                let pixelA = first.pixel(x: column, y: row)
                let pixelB = second.pixel(x: column, y: row)
                if abs(Int(pixelA.red) - Int(pixelB.red)) > channelTolerance || abs(Int(pixelA.green) - Int(pixelB.green)) > channelTolerance
                    || abs(Int(pixelA.blue) - Int(pixelB.blue)) > channelTolerance {
                    differing += 1
                }
            }
        }
        return Result(width: first.width, height: first.height,
                      differingFraction: Double(differing) / Double(max(1, first.width * first.height)))
    }

    fileprivate static func decode(_ png: [UInt8]) -> (width: Int, height: Int, pixels: [UInt8], stride: Int)? {
        let source = Source(png)
        guard let surface = cairo_image_surface_create_from_png_stream(readFromSource, Unmanaged.passUnretained(source).toOpaque()) else {
            return nil
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else { return nil }
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        return (width, height, Array(UnsafeBufferPointer(start: data, count: stride * height)), stride)
    }
}

/// A PNG's pixels, for tests that look at what was drawn where.
public struct RasterImage: Sendable {
    public let width: Int
    public let height: Int
    private let pixels: [UInt8]
    private let stride: Int

    public init?(png: [UInt8]) {
        guard let decoded = RasterComparison.decode(png) else { return nil }
        width = decoded.width
        height = decoded.height
        pixels = decoded.pixels
        stride = decoded.stride
    }

    /// cairo's pixels are native-endian 32-bit words: blue, green, red, alpha in memory here.
    public func pixel(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8) {
        guard x >= 0, y >= 0, x < width, y < height else { return (0, 0, 0) }
        let offset = y * stride + x * 4
        return (pixels[offset + 2], pixels[offset + 1], pixels[offset])
    }
}
