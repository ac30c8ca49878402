import Foundation

/// Writes files so that none is ever half-written: each goes to a temporary name in the same
/// folder and is renamed into place only when all of them were written. The pages of one
/// document are put in place as a set, under a lock on their folder, so two renders to the same
/// name never leave pages of both.
public enum AtomicWriter {
    /// The file names for a rendered document: `poster.png`, or `brochure-1.png`, `brochure-2.png`.
    public static func paths(for output: URL, pages: [RenderedPage]) -> [URL] {
        pages.map { page in
            guard let number = page.page else { return output }
            let base = output.deletingPathExtension().lastPathComponent
            return output.deletingLastPathComponent().appendingPathComponent("\(base)-\(number).\(output.pathExtension)")
        }
    }

    /// Whether a file name is one of this writer's temporaries (`.NAME.tmp-UUID`), which a killed
    /// run may leave behind and the next run removes.
    public static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.contains(".tmp-")
    }

    public static func write(_ pages: [RenderedPage], to output: URL) throws(RenderFailure) -> [URL] {
        let folder = output.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .output(path: output.path, reason: "the folder \(folder.path) does not exist (create it first)")
        }
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .output(path: output.path, reason: "it is a folder; give a file name")
        }
        let targets = paths(for: output, pages: pages)
        var temporaries: [URL] = []
        func cleanUp() {
            for file in temporaries { unlink(file.path) }
        }
        for (index, page) in pages.enumerated() {
            let temporary = folder.appendingPathComponent(".\(targets[index].lastPathComponent).tmp-\(UUID().uuidString)")
            temporaries.append(temporary)
            if let reason = writeFile(temporary.path, page.bytes) {
                cleanUp()
                throw .output(path: targets[index].path, reason: reason)
            }
        }
        // Rename the whole set while holding the folder's lock; drop pages a longer earlier
        // version of the document left (brochure-6.png after a 5-page brochure).
        let folderDescriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folderDescriptor >= 0, flock(folderDescriptor, LOCK_EX) == 0 else {
            let reason = describe(errno: errno)
            if folderDescriptor >= 0 { close(folderDescriptor) }
            cleanUp()
            throw .output(path: output.path, reason: "the folder cannot be locked for writing (\(reason))")
        }
        defer {
            flock(folderDescriptor, LOCK_UN)
            close(folderDescriptor)
        }
        for (index, temporary) in temporaries.enumerated() {
            if rename(temporary.path, targets[index].path) != 0 {
                let reason = describe(errno: errno)
                // Never a set of new and old pages: the pages already put in place go too.
                for placed in targets.prefix(index) where pages.count > 1 { unlink(placed.path) }
                cleanUp()
                throw .output(path: targets[index].path, reason: reason)
            }
        }
        if pages.count > 1 || pages.first?.page != nil {
            var next = pages.count + 1
            while true {
                let stale = paths(for: output, pages: [RenderedPage(page: next, bytes: [])])[0]
                guard unlink(stale.path) == 0 else { break }
                next += 1
            }
        }
        return targets
    }

    /// Writes bytes to a new file; returns why it failed, in words, or nil.
    static func writeFile(_ path: String, _ bytes: [UInt8]) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return describe(errno: errno) }
        let failure = write(bytes: bytes, toDescriptor: descriptor)
        if failure != nil { unlink(path) }
        return failure
    }

    /// Writes all bytes and closes the descriptor; returns why it failed, in words, or nil.
    public static func write(bytes: [UInt8], toDescriptor descriptor: Int32) -> String? {
        guard descriptor >= 0 else { return describe(errno: errno) }
        var written = 0
        let failure: String? = bytes.withUnsafeBytes { buffer -> String? in
            guard let base = buffer.baseAddress else { return nil }
            while written < buffer.count {
                let result = Foundation.write(descriptor, base + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return describe(errno: errno)
                }
                written += result
            }
            return nil
        }
        if close(descriptor) != 0, failure == nil {
            return describe(errno: errno)
        }
        return failure
    }

    /// A system error as a communicator can act on it.
    public static func describe(errno code: Int32) -> String {
        switch code {
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "your disk quota is used up"
        case EACCES, EPERM: return "permission denied: this user may not write there"
        case EROFS: return "the disk is read-only"
        case ENOENT: return "the folder does not exist"
        default: return String(cString: strerror(code))
        }
    }
}
