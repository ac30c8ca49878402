import Foundation
internal import CCairo

/// A thread's PNG backgrounds (white paper, crop marks, the template's art) kept for reuse:
/// every render of a page at one size and print layout starts from the same pixels. A few
/// pages' worth is kept, the least recently used dropped first.
final class ArtRasters {
    struct Key: Hashable {
        var art: String?
        var pageScale: Double
        var pageSize: PageSize
        var print: PrintLayout
        /// Pixels per point: two resolutions can round to the same image size.
        var scale: Double
        var width: Int32
        var height: Int32
    }

    /// About three A4 pages at 150 dpi per thread.
    static let byteLimit = 28 << 20
    private var kept: [(key: Key, surface: OpaquePointer, bytes: Int)] = []

    static func forCurrentThread() -> ArtRasters {
        perThread("se.tillsammans.ArtRasters", make: ArtRasters.init)
    }

    /// Calls `use` with the kept raster for the key, or with the one `make` draws, which is then
    /// kept unless it alone is larger than the limit (an A3 at 300 dpi is drawn each time).
    func withRaster(for key: Key, make: () throws(RenderError) -> OpaquePointer,
                    _ use: (OpaquePointer) -> Void) throws(RenderError) {
        if let index = kept.firstIndex(where: { $0.key == key }) {
            let entry = kept.remove(at: index)
            kept.append(entry)
            use(entry.surface)
            return
        }
        let surface = try make()
        use(surface)
        let bytes = Int(cairo_image_surface_get_stride(surface)) * Int(cairo_image_surface_get_height(surface))
        guard bytes <= Self.byteLimit else {
            cairo_surface_destroy(surface)
            return
        }
        var total = kept.reduce(bytes) { $0 + $1.bytes }
        while total > Self.byteLimit, let oldest = kept.first {
            cairo_surface_destroy(oldest.surface)
            kept.removeFirst()
            total -= oldest.bytes
        }
        kept.append((key, surface, bytes))
    }

    func forget() {
        for entry in kept { cairo_surface_destroy(entry.surface) }
        kept = []
    }

    deinit { forget() }
}

/// What a rendering thread keeps between documents (laid-out texts, PNG backgrounds), forgotten
/// on request: the benchmark measures a document both as if never seen and as in a pack.
public enum KeptWork {
    public static func forgetOnThisThread() {
        TextEngine.forCurrentThread().forgetLayouts()
        ArtRasters.forCurrentThread().forget()
    }
}
