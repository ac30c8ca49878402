internal import CPangoCairo

/// SHA-256 through GLib, which Pango already brings, so packs can be checked and cached without
/// another library.
public enum Checksum {
    public static func sha256(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { buffer -> String in
            guard let digest = g_compute_checksum_for_data(G_CHECKSUM_SHA256, buffer.baseAddress, gsize(buffer.count)) else {
                return ""
            }
            defer { g_free(digest) }
            return String(cString: digest)
        }
    }

    public static func sha256(_ text: String) -> String { sha256(Array(text.utf8)) }
}
