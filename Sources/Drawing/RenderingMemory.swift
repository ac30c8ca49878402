import Foundation

/// How this process's allocator treats page-sized buffers, set once before the first render.
///
/// Every PNG allocates and frees a page of pixels (8.7 MB for A4 at 150 dpi) and librsvg
/// allocates as much again for each group of the art. glibc's defaults hand such blocks back to
/// the kernel at once and map them anew the next time, so the kernel zeroes every page of them
/// on every render: measured on a poster PNG at 150 dpi, 43 ms with the defaults, 29 ms with
/// blocks up to 32 MB kept in the process and 128 MB of free memory kept before trimming. Peak
/// memory does not grow: the blocks are reused, not added.
public enum RenderingMemory {
    public static func configure() { _ = applied }

    private static let applied: Void = {
        // glibc's mallopt (malloc.h is not in Swift's Glibc module); absent elsewhere, and then
        // nothing changes.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        // M_MMAP_THRESHOLD, M_TRIM_THRESHOLD and M_TOP_PAD.
        _ = mallopt(-3, 32 << 20)
        _ = mallopt(-1, 128 << 20)
        _ = mallopt(-2, 16 << 20)
    }()
}
