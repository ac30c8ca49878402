import Foundation

/// The offset print variant: the drawn PDF converted to CMYK by Ghostscript, then marked as
/// PDF/X-4 for FOGRA39 (ISO Coated v2, the usual European offset condition) with qpdf.
///
/// cairo writes RGB only; Ghostscript 10.0 knows no PDF/X-4 mode (its PDF/X-3 mode flattens
/// the art into a picture and drops the text), so its plain CMYK conversion is used, which keeps
/// text as text and embeds every font, and what PDF/X-4 adds is written here: the output intent
/// with the ICC profile, TrimBox and BleedBox on every page, the XMP identification, /Trapped.
/// No open PDF/X validator exists to confirm conformance (see the README).
public enum PrintPDF {
    /// The output condition's registered name (ICC characterization data registry).
    public static let outputCondition = "FOGRA39"

    public static func pdfx(_ pdf: [UInt8], title: String, created: String = "2020-11-15T00:00:00Z") throws(FinishingError) -> [UInt8] {
        let profile = try ICCProfile.fogra39()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-pdfx-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("drawn.pdf")
        let output = folder.appendingPathComponent("cmyk.pdf")
        // The boxes as drawn; Ghostscript may not carry them over.
        let drawn = try QPDFDocument(bytes: pdf, name: "the drawn PDF")
        var boxes: [(trim: String, bleed: String)] = []
        for index in 0..<drawn.pageCount {
            let page = drawn.page(index)
            let media = drawn.unparse(drawn.get(page, "/MediaBox"))
            let trim = drawn.has(page, "/TrimBox") ? drawn.unparse(drawn.get(page, "/TrimBox")) : media
            let bleed = drawn.has(page, "/BleedBox") ? drawn.unparse(drawn.get(page, "/BleedBox")) : trim
            boxes.append((trim, bleed))
        }
        let language = drawn.string(drawn.get(drawn.root, "/Lang")) ?? "sv"
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(pdf).write(to: input)
        } catch {
            throw FinishingError("cannot write a temporary file for Ghostscript: \(error.localizedDescription)")
        }
        try ExternalProgram.run("gs", [
            "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite", "-dCompatibilityLevel=1.6",
            "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK", "-sOutputICCProfile=\(profile.path)",
            "-dEmbedAllFonts=true", "-dSubsetFonts=true", "-dAutoRotatePages=/None", "-dPreserveAnnots=false",
            "-sOutputFile=\(output.path)", input.path,
        ], package: "ghostscript")
        let converted: [UInt8]
        do {
            converted = Array(try Data(contentsOf: output))
        } catch {
            throw FinishingError("Ghostscript wrote no PDF: \(error.localizedDescription)")
        }
        let iccBytes: [UInt8]
        do {
            iccBytes = Array(try Data(contentsOf: profile))
        } catch {
            throw FinishingError("cannot read the ICC profile \(profile.path): \(error.localizedDescription)")
        }
        let document = try QPDFDocument(bytes: converted, name: "Ghostscript's CMYK PDF")
        guard document.pageCount == boxes.count else {
            throw FinishingError("Ghostscript's PDF has \(document.pageCount) pages, the drawn one \(boxes.count)")
        }
        let root = document.root
        let iccStream = document.indirect(document.newStream(iccBytes, dictionary: ["/N": document.parse("4")]))
        let intent = document.parse("""
            << /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (\(outputCondition)) \
            /OutputCondition (Coated FOGRA39 \\(ISO 12647-2:2004\\)) /RegistryName (http://www.color.org) \
            /Info (Coated FOGRA39, characterization data FOGRA39L, profile made with ArgyllCMS colprof) >>
            """)
        document.set(intent, "/DestOutputProfile", iccStream)
        let intents = document.parse("[]")
        document.append(intents, intent)
        document.set(root, "/OutputIntents", intents)
        document.set(root, "/Lang", document.text(language))
        let id = stableIdentifier(of: pdf)
        let xmp = XMPPacket(title: title, language: language, created: created, pdfua: false, pdfx: true, documentID: id).bytes
        document.set(root, "/Metadata", document.indirect(document.newStream(xmp, dictionary: [
            "/Type": document.name("/Metadata"), "/Subtype": document.name("/XML"),
        ])))
        for index in 0..<document.pageCount {
            let page = document.page(index)
            document.set(page, "/TrimBox", document.parse(boxes[index].trim))
            document.set(page, "/BleedBox", document.parse(boxes[index].bleed))
            // PDF/X allows no annotations on the printed area; links are for the screen variant.
            document.remove(page, "/Annots")
        }
        let date = pdfDate(created)
        document.setInfo("/Title", title)
        document.setInfo("/GTS_PDFXVersion", "PDF/X-4")
        document.setInfo("/CreationDate", date)
        document.setInfo("/ModDate", date)
        document.setInfo("/Producer", "Tillsammans (tmv) with cairo, Ghostscript and qpdf")
        let info = document.get(document.trailer, "/Info")
        if !document.isNull(info) { document.set(info, "/Trapped", document.name("/False")) }
        return try document.write()
    }

    /// "2020-11-15T00:00:00Z" as PDF writes dates: "D:20201115000000Z".
    static func pdfDate(_ iso: String) -> String {
        "D:" + iso.filter { $0.isNumber }.prefix(14) + "Z"
    }

    /// A UUID-shaped identifier derived from the content, so the same input gives the same file.
    static func stableIdentifier(of bytes: [UInt8]) -> String {
        // FNV-1a over the bytes, twice with different offsets: identity, not security.
        func fnv(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
            return hash
        }
        let hex = String(format: "%016llx%016llx", fnv(0xcbf29ce484222325), fnv(0x84222325cbf29ce4))
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}

/// The FOGRA39 ICC profile. Debian ships FOGRA's characterization data (icc-profiles-free), not a
/// profile; ArgyllCMS's colprof makes one from it once (about 20 s) and it is kept in the cache.
public enum ICCProfile {
    static let characterization = URL(fileURLWithPath: "/usr/share/color/icc/FOGRA39L.ti3")
    private static let making = NSLock()

    /// `TMV_ICC_PROFILE` names a profile to use instead (e.g. the ECI's ISOcoated_v2).
    public static func fogra39() throws(FinishingError) -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment["TMV_ICC_PROFILE"], !given.isEmpty { return URL(fileURLWithPath: given) }
        let cache: URL
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            cache = URL(fileURLWithPath: xdg).appendingPathComponent("tillsammans")
        } else {
            cache = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/tillsammans")
        }
        let profile = cache.appendingPathComponent("FOGRA39L.icc")
        making.lock()
        defer { making.unlock() }
        if FileManager.default.fileExists(atPath: profile.path) { return profile }
        guard FileManager.default.fileExists(atPath: characterization.path) else {
            throw FinishingError("the FOGRA39 characterization data is missing (\(characterization.path)): install icc-profiles-free (scripts/setup.sh does)")
        }
        let work = cache.appendingPathComponent("making-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: characterization, to: work.appendingPathComponent("FOGRA39L.ti3"))
        } catch {
            throw FinishingError("cannot prepare \(cache.path) for the ICC profile: \(error.localizedDescription)")
        }
        FileHandle.standardError.write(Data("tmv: making the FOGRA39 ICC profile once with ArgyllCMS (about 20 seconds)\n".utf8))
        try ExternalProgram.run("colprof", ["-qm", "-D", "Coated FOGRA39 (Tillsammans, from FOGRA39L)", "FOGRA39L"], in: work, package: "argyll")
        do {
            // Moved in whole: a profile is either there complete or not at all.
            try FileManager.default.moveItem(at: work.appendingPathComponent("FOGRA39L.icc"), to: profile)
        } catch {
            throw FinishingError("colprof made no profile: \(error.localizedDescription)")
        }
        return profile
    }
}

/// Runs a program from Debian's packages (Ghostscript, colprof, ffmpeg), with its error output
/// in the message if it fails.
public enum ExternalProgram {
    public static func run(_ name: String, _ arguments: [String], in folder: URL? = nil, package: String) throws(FinishingError) {
        guard let path = locate(name) else {
            throw FinishingError("\(name) is not installed: apt-get install \(package) (scripts/setup.sh installs it)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw FinishingError("cannot start \(name): \(error.localizedDescription)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw FinishingError("\(name) failed (exit \(process.terminationStatus)): \(text.suffix(600))")
        }
    }

    public static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") + ["/usr/bin"] {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
