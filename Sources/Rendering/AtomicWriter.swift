import Foundation

/// Writes files so that none is ever half-written: each goes to a temporary name in the same
/// folder and is renamed into place only when all of them were written.
public enum AtomicWriter {
    /// The file names for a rendered document: `poster.png`, or `brochure-1.png`, `brochure-2.png`.
    public static func paths(for output: URL, pages: [RenderedPage]) -> [URL] {
        pages.map { page in
            guard let number = page.page else { return output }
            let base = output.deletingPathExtension().lastPathComponent
            return output.deletingLastPathComponent().appendingPathComponent("\(base)-\(number).\(output.pathExtension)")
        }
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
            for file in temporaries { try? FileManager.default.removeItem(at: file) }
        }
        for (index, page) in pages.enumerated() {
            let temporary = folder.appendingPathComponent(".\(targets[index].lastPathComponent).tmp-\(UUID().uuidString)")
            guard FileManager.default.createFile(atPath: temporary.path, contents: Data(page.bytes)) else {
                cleanUp()
                throw .output(path: output.path, reason: "the folder is not writable")
            }
            temporaries.append(temporary)
        }
        for (index, temporary) in temporaries.enumerated() {
            if rename(temporary.path, targets[index].path) != 0 {
                let reason = String(cString: strerror(errno))
                cleanUp()
                throw .output(path: targets[index].path, reason: reason)
            }
        }
        return targets
    }
}
