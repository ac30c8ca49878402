import Foundation
import Rendering

/// One pack build at a time per output folder: a second `tmv pack` into the same folder would
/// remove the first one's temporary files as leftovers of a killed build. Held with flock(2), so
/// a killed build releases it with its process and never leaves a stale lock behind.
public final class OutputLock {
    private let descriptor: Int32
    public let folder: URL

    public struct Busy: Error, CustomStringConvertible {
        public var folder: String
        public var description: String {
            "another tmv pack is writing into \(folder) right now; wait for it to finish, or give another --output"
        }
    }

    public init(folder: URL) throws {
        self.folder = folder
        let path = folder.appendingPathComponent(".tmv-pack.lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PackError("cannot write in \(folder.path): \(AtomicWriter.describe(errno: errno))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            close(descriptor)
            throw Busy(folder: folder.path)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
