import Foundation

/// Reads an input file whole only after checking that it is an ordinary file within its kind's
/// size limit, so a 1.25 GB "catalogue" is refused at once instead of filling the memory first.
public enum BoundedFile {
    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        case missing(path: String)
        case notAFile(path: String)
        case tooLarge(path: String, bytes: Int, kind: Limits.FileKind)
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case .missing(let path):
                return "\(path) does not exist; check the path"
            case .notAFile(let path):
                return "\(path) is not an ordinary file (a folder, a device or a pipe); give the path of the file itself"
            case .tooLarge(let path, let bytes, let kind):
                return "\(path) is \(Self.size(bytes)); \(kind.described) may be at most \(Self.size(kind.maximumBytes))"
            case .unreadable(let path, let reason):
                return "\(path) cannot be read (\(reason)); check that the file may be read by your user"
            }
        }

        static func size(_ bytes: Int) -> String {
            bytes >= 1024 * 1024 ? "\(bytes / (1024 * 1024)) MB" : bytes >= 1024 ? "\(bytes / 1024) KB" : "\(bytes) bytes"
        }

        /// A sentence without the path, for messages that name the file already.
        public var withoutPath: String {
            switch self {
            case .missing: return "the file does not exist"
            case .notAFile: return "it is not an ordinary file (a folder, a device or a pipe)"
            case .tooLarge(_, let bytes, let kind):
                return "the file is \(Self.size(bytes)); \(kind.described) may be at most \(Self.size(kind.maximumBytes))"
            case .unreadable(_, let reason): return "the file cannot be read (\(reason))"
            }
        }
    }

    public static func read(_ url: URL, kind: Limits.FileKind) throws(Refusal) -> [UInt8] {
        let path = url.path
        // Opened first (following a link, without blocking on a pipe), then judged by what is
        // open: no file can be swapped between the check and the read.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .missing(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        defer { try? handle.close() }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { throw .notAFile(path: path) }
        if Int(status.st_size) > kind.maximumBytes { throw .tooLarge(path: path, bytes: Int(status.st_size), kind: kind) }
        // Read one byte past the limit: a file that grew since it was measured is still refused.
        let data: Data
        do {
            data = try handle.read(upToCount: kind.maximumBytes + 1) ?? Data()
        } catch {
            throw .unreadable(path: path, reason: "reading it failed")
        }
        if data.count > kind.maximumBytes { throw .tooLarge(path: path, bytes: data.count, kind: kind) }
        return [UInt8](data)
    }
}
