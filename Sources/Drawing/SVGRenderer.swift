import Foundation
internal import CCairo
internal import CRsvg

/// librsvg, for templates' art and SVG logos. A handle is made per use: librsvg handles must
/// not be shared between threads.
enum SVGRenderer {
    static func handle(_ data: [UInt8]) throws(LoadedImage.Problem) -> OpaquePointer {
        var error: UnsafeMutablePointer<GError>?
        let handle = data.withUnsafeBufferPointer { buffer in
            rsvg_handle_new_from_data(buffer.baseAddress, gsize(buffer.count), &error)
        }
        if let error {
            let message = error.pointee.message.map { String(cString: $0) } ?? "librsvg could not read it"
            g_error_free(error)
            if let handle { g_object_unref(UnsafeMutableRawPointer(handle)) }
            throw .corrupt(message)
        }
        guard let handle else { throw .corrupt("librsvg could not read it") }
        return OpaquePointer(handle)
    }

    static func intrinsicSize(_ data: [UInt8]) throws(LoadedImage.Problem) -> (width: Double, height: Double) {
        let handle = try handle(data)
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
        var width = 0.0
        var height = 0.0
        if rsvg_handle_get_intrinsic_size_in_pixels(UnsafeMutablePointer(handle), &width, &height) != 0, width > 0, height > 0 {
            return (width, height)
        }
        var hasViewBox: gboolean = 0
        var viewBox = RsvgRectangle()
        rsvg_handle_get_intrinsic_dimensions(UnsafeMutablePointer(handle), nil, nil, nil, nil, &hasViewBox, &viewBox)
        guard hasViewBox != 0, viewBox.width > 0, viewBox.height > 0 else {
            throw .corrupt("it has neither a size nor a viewBox")
        }
        return (viewBox.width, viewBox.height)
    }

    /// Draws the raster wrapper small and checks that the image decoded to visible pixels.
    static func checkRasterDecodes(_ svg: [UInt8], width: Int, height: Int) throws(LoadedImage.Problem) {
        let side = 32
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(side), Int32(side)) else {
            throw .corrupt("out of memory")
        }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw .corrupt("out of memory") }
        defer { cairo_destroy(cr) }
        try draw(svg, into: cr, frame: Rect(x: 0, y: 0, width: Double(side), height: Double(side)))
        cairo_surface_flush(surface)
        guard let pixels = cairo_image_surface_get_data(surface) else { throw .corrupt("it could not be decoded") }
        let stride = Int(cairo_image_surface_get_stride(surface))
        for row in 0..<side {
            for column in 0..<side where pixels[row * stride + column * 4 + 3] != 0 { return }
        }
        throw .corrupt("it decodes to no visible pixels; the file may be damaged")
    }

    /// Draws a loaded image with the calling thread's parsed handle for it.
    static func draw(_ image: LoadedImage, into cr: OpaquePointer, frame: Rect) throws(LoadedImage.Problem) {
        let cache = HandleCache.forCurrentThread()
        let handle: OpaquePointer
        if let cached = cache.handles[image.digest] {
            handle = cached
        } else {
            handle = try self.handle(image.svg)
            cache.store(handle, for: image.digest)
        }
        try render(handle, into: cr, frame: frame)
    }

    /// Draws an SVG into a frame, centred and scaled to fit, keeping its aspect ratio.
    static func draw(_ data: [UInt8], into cr: OpaquePointer, frame: Rect) throws(LoadedImage.Problem) {
        let handle = try handle(data)
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
        try render(handle, into: cr, frame: frame)
    }

    static func render(_ handle: OpaquePointer, into cr: OpaquePointer, frame: Rect) throws(LoadedImage.Problem) {        var viewport = RsvgRectangle(x: frame.x, y: frame.y, width: frame.width, height: frame.height)
        var error: UnsafeMutablePointer<GError>?
        let ok = rsvg_handle_render_document(UnsafeMutablePointer(handle), cr, &viewport, &error)
        if let error {
            let message = error.pointee.message.map { String(cString: $0) } ?? "librsvg could not draw it"
            g_error_free(error)
            throw .corrupt(message)
        }
        if ok == 0 { throw .corrupt("librsvg could not draw it") }
    }
}

/// Parsed librsvg handles of one thread (handles must not be shared between threads), so a
/// template's art is parsed once per thread, not once per page.
final class HandleCache {
    var handles: [String: OpaquePointer] = [:]
    static let limit = 64

    static func forCurrentThread() -> HandleCache {
        perThread("se.tillsammans.HandleCache", make: HandleCache.init)
    }

    func store(_ handle: OpaquePointer, for digest: String) {
        if handles.count >= Self.limit { clear() }
        handles[digest] = handle
    }

    func clear() {
        for handle in handles.values { g_object_unref(UnsafeMutableRawPointer(handle)) }
        handles.removeAll()
    }

    deinit { clear() }
}
