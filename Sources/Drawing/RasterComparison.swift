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
        let first = Source(a)
        let second = Source(b)
        guard let surfaceA = cairo_image_surface_create_from_png_stream(readFromSource, Unmanaged.passUnretained(first).toOpaque()),
              let surfaceB = cairo_image_surface_create_from_png_stream(readFromSource, Unmanaged.passUnretained(second).toOpaque()) else {
            return nil
        }
        defer {
            cairo_surface_destroy(surfaceA)
            cairo_surface_destroy(surfaceB)
        }
        guard cairo_surface_status(surfaceA) == CAIRO_STATUS_SUCCESS, cairo_surface_status(surfaceB) == CAIRO_STATUS_SUCCESS else { return nil }
        let width = Int(cairo_image_surface_get_width(surfaceA))
        let height = Int(cairo_image_surface_get_height(surfaceA))
        guard width == Int(cairo_image_surface_get_width(surfaceB)), height == Int(cairo_image_surface_get_height(surfaceB)),
              let pixelsA = cairo_image_surface_get_data(surfaceA), let pixelsB = cairo_image_surface_get_data(surfaceB) else { return nil }
        let strideA = Int(cairo_image_surface_get_stride(surfaceA))
        let strideB = Int(cairo_image_surface_get_stride(surfaceB))
        var differing = 0
        for row in 0..<height {
            for column in 0..<width {
                for channel in 0..<3 {
                    let valueA = Int(pixelsA[row * strideA + column * 4 + channel])
                    let valueB = Int(pixelsB[row * strideB + column * 4 + channel])
                    if abs(valueA - valueB) > channelTolerance {
                        differing += 1
                        break
                    }
                }
            }
        }
        return Result(width: width, height: height, differingFraction: Double(differing) / Double(max(1, width * height)))
    }
}
