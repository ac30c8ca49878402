import Foundation
internal import CPangoCairo

/// The fonts the campaign's languages name, and only those, as a fontconfig set of their own.
///
/// Pango's default font map asks fontconfig, which on first use reads the configuration and the
/// caches of every font on the system (290 here) and matches against all of them: a quarter of
/// the time of a one-poster `tmv render`. The documents use three families (Noto Sans, Noto Sans
/// Arabic, Noto Sans Hebrew) in two weights, six files; a set of those answers every match the
/// same way, and a letter none of them has shows as missing instead of silently coming from some
/// other font (which the layout checks refuse either way).
public enum ProjectFonts {
    /// Folders searched for the families' files; `TMV_FONT_DIRS` (colon-separated) comes first.
    static var folders: [String] {
        (ProcessInfo.processInfo.environment["TMV_FONT_DIRS"]?.split(separator: ":").map(String.init) ?? [])
            + ["/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto"]
    }

    final class State: @unchecked Sendable {
        let lock = NSLock()
        var families: Set<String> = []
        var config: OpaquePointer?
        var built = false
    }
    static let state = State()

    /// Names the families every document may use. Until this is called, or when a family's files
    /// are not found, text engines use fontconfig's system-wide set.
    public static func use(families: Set<String>) {
        state.lock.withLock {
            guard families != state.families else { return }
            state.families = families
            state.built = false
            // The old set is not destroyed: font maps made with it may still hold it.
            state.config = nil
        }
    }

    /// The files of a family in the two weights the documents use: "Noto Sans Arabic" ->
    /// NotoSansArabic-Regular.ttf and NotoSansArabic-Bold.ttf.
    static func files(of family: String) -> [String]? {
        let stem = family.replacingOccurrences(of: " ", with: "")
        var found: [String] = []
        for weight in ["Regular", "Bold"] {
            let candidates = folders.flatMap { folder in ["ttf", "otf"].map { "\(folder)/\(stem)-\(weight).\($0)" } }
            guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else { return nil }
            found.append(file)
        }
        return found
    }

    /// The shared configuration, made once; nil when the system-wide set must be used.
    static func configuration() -> OpaquePointer? {
        state.lock.withLock {
            if state.built { return state.config }
            state.built = true
            // TMV_SYSTEM_FONTS=1 uses the system-wide set, to compare the two.
            guard !state.families.isEmpty, ProcessInfo.processInfo.environment["TMV_SYSTEM_FONTS"] == nil else { return nil }
            var files: [String] = []
            for family in state.families.sorted() {
                guard let familyFiles = self.files(of: family) else { return nil }
                files += familyFiles
            }
            guard let config = FcConfigCreate() else { return nil }
            for file in files where FcConfigAppFontAddFile(config, file) == 0 {
                FcConfigDestroy(config)
                return nil
            }
            state.config = config
            return config
        }
    }
}
