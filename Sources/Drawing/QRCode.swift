internal import CQRencode

/// A QR code's modules, made by libqrencode, drawn as squares so it stays sharp at any size.
public struct QRCode: Sendable, Hashable {
    public var text: String
    /// Modules per side.
    public var size: Int
    /// Row-major, true for dark.
    public var modules: [Bool]

    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case cannotEncode(String)
        public var description: String {
            switch self {
            case .cannotEncode(let text): return "'\(text)' cannot be made into a QR code (it may be too long)"
            }
        }
    }

    /// Error correction level M: survives a scuffed poster, still small for a URL.
    public init(encoding text: String) throws(Problem) {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { throw .cannotEncode(text) }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        var modules = [Bool](repeating: false, count: width * width)
        if let data = code.pointee.data {
            for index in 0..<(width * width) { modules[index] = data[index] & 1 == 1 }
        }
        self.text = text
        self.size = width
        self.modules = modules
    }

    public func isDark(row: Int, column: Int) -> Bool { modules[row * size + column] }
}
