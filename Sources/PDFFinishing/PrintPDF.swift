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

    public static func pdfx(_ pdf: [UInt8], title: String, created: String) throws(FinishingError) -> [UInt8] {
        let profile = try ICCProfile.fogra39()
        let iccBytes: [UInt8]
        do {
            iccBytes = Array(try Data(contentsOf: profile))
        } catch {
            throw FinishingError("cannot read the ICC profile \(profile.path): \(error.localizedDescription)")
        }
        try ICCProfile.checkIsCMYK(iccBytes, path: profile.path)
        // The boxes as drawn: Ghostscript rounds the MediaBox and may drop the others.
        let drawn = try QPDFDocument(bytes: pdf, name: "the drawn PDF")
        var boxes: [(media: String, trim: String, bleed: String)] = []
        for index in 0..<drawn.pageCount {
            let page = drawn.page(index)
            let media = drawn.unparse(drawn.get(page, "/MediaBox"))
            let trim = drawn.has(page, "/TrimBox") ? drawn.unparse(drawn.get(page, "/TrimBox")) : media
            let bleed = drawn.has(page, "/BleedBox") ? drawn.unparse(drawn.get(page, "/BleedBox")) : trim
            boxes.append((media, trim, bleed))
        }
        let language = drawn.string(drawn.get(drawn.root, "/Lang")) ?? "sv"
        let converted = try ExternalProgram.inScratchFolder("pdfx") { (folder) throws(FinishingError) -> [UInt8] in
            let input = folder.appendingPathComponent("drawn.pdf")
            let output = folder.appendingPathComponent("cmyk.pdf")
            try ExternalProgram.write(pdf, to: input)
            try ExternalProgram.run("gs", [
                "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite", "-dCompatibilityLevel=1.6",
                "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK", "-sOutputICCProfile=\(profile.path)",
                "-dEmbedAllFonts=true", "-dSubsetFonts=true", "-dAutoRotatePages=/None", "-dPreserveAnnots=false",
                "-sOutputFile=\(output.path)", input.path,
            ], package: "ghostscript", timeout: 120)
            return try ExternalProgram.read(output, made: "Ghostscript")
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
        let xmp = XMPPacket(title: title, language: language, created: created, pdfua: false, pdfx: true,
                            documentID: stableIdentifier(of: pdf))
        document.setMetadata(xmp.bytes)
        for index in 0..<document.pageCount {
            let page = document.page(index)
            // The drawn page's own boxes, so TrimBox ⊆ BleedBox ⊆ MediaBox holds exactly.
            document.set(page, "/MediaBox", document.parse(boxes[index].media))
            document.remove(page, "/CropBox")
            document.remove(page, "/ArtBox")
            document.set(page, "/TrimBox", document.parse(boxes[index].trim))
            document.set(page, "/BleedBox", document.parse(boxes[index].bleed))
            // PDF/X allows no annotations on the printed area; links are for the screen variant.
            document.remove(page, "/Annots")
            blendInCMYK(document, page)
        }
        let date = pdfDate(created)
        document.setInfo("/Title", title)
        document.setInfo("/GTS_PDFXVersion", "PDF/X-4")
        document.setInfo("/CreationDate", date)
        document.setInfo("/ModDate", date)
        document.setInfo("/Producer", XMPPacket.producer)
        document.set(document.get(document.trailer, "/Info"), "/Trapped", document.name("/False"))
        return try document.write()
    }

    /// Ghostscript converts the colours but leaves cairo's transparency groups blending in
    /// DeviceRGB, which PDF/X-4 does not allow with a CMYK output intent: they blend in CMYK,
    /// on the page and in every form it draws, however deep.
    static func blendInCMYK(_ document: QPDFDocument, _ object: QPDFDocument.Object, depth: Int = 0) {
        guard depth < 32 else { return }
        let group = document.get(object, "/Group")
        if document.isDictionary(group), document.isName(document.get(group, "/CS"), "/DeviceRGB") {
            document.set(group, "/CS", document.name("/DeviceCMYK"))
        }
        let forms = document.get(document.get(object, "/Resources"), "/XObject")
        guard document.isDictionary(forms) else { return }
        for key in document.keys(forms) {
            let form = document.get(forms, key)
            if document.isStream(form) { blendInCMYK(document, form, depth: depth + 1) }
        }
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
        making.lock()  // one maker per process; between processes, see the move below
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
        try ExternalProgram.run("colprof", ["-qm", "-D", "Coated FOGRA39 (Tillsammans, from FOGRA39L)", "FOGRA39L"], in: work,
                                package: "argyll", timeout: 600)
        do {
            // Moved in whole: a profile is either there complete or not at all.
            try FileManager.default.moveItem(at: work.appendingPathComponent("FOGRA39L.icc"), to: profile)
        } catch {
            // Another process (a server, a pack) made it meanwhile.
            if FileManager.default.fileExists(atPath: profile.path) { return profile }
            throw FinishingError("colprof made no profile: \(error.localizedDescription)")
        }
        return profile
    }

    /// An output intent for offset print needs a CMYK profile: the header's colour space
    /// (bytes 16 to 19) says "CMYK".
    static func checkIsCMYK(_ bytes: [UInt8], path: String) throws(FinishingError) {
        guard bytes.count > 128, Array(bytes[16..<20]) == Array("CMYK".utf8) else {
            throw FinishingError("\(path) is not a CMYK ICC profile; the print variant needs one (FOGRA39, ISO Coated v2)")
        }
    }
}

/// Runs a program from Debian's packages (Ghostscript, colprof, ffmpeg), with its error output
/// in the message if it fails, in a scratch folder of its own.
public enum ExternalProgram {
    /// Runs `name`, stopping it after `timeout` seconds: a hung converter must not hold a pack
    /// worker or a server thread for ever.
    public static func run(_ name: String, _ arguments: [String], in folder: URL? = nil, package: String,
                           timeout: Double) throws(FinishingError) {
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
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw FinishingError("cannot start \(name): \(error.localizedDescription)")
        }
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        // Read to the end before waiting: a full pipe would otherwise stop the program.
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        if process.terminationReason == .uncaughtSignal {
            throw FinishingError("\(name) was stopped after \(Int(timeout)) s")
        }
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw FinishingError("\(name) failed (exit \(process.terminationStatus)): \(text.suffix(600))")
        }
    }

    /// A fresh folder under the system's temporary folder, removed afterwards whatever happens.
    public static func inScratchFolder<T>(_ purpose: String, _ body: (URL) throws(FinishingError) -> T) throws(FinishingError) -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-\(purpose)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FinishingError("cannot make a temporary folder: \(error.localizedDescription)")
        }
        return try body(folder)
    }

    public static func write(_ bytes: [UInt8], to file: URL) throws(FinishingError) {
        do {
            try Data(bytes).write(to: file)
        } catch {
            throw FinishingError("cannot write the temporary file \(file.lastPathComponent): \(error.localizedDescription)")
        }
    }

    public static func read(_ file: URL, made program: String) throws(FinishingError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: file))
        } catch {
            throw FinishingError("\(program) wrote no \(file.pathExtension.uppercased()): \(error.localizedDescription)")
        }
    }

    /// Absolute folders of PATH only: a relative entry (".") must not pick up a program from
    /// wherever the command was started.
    public static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":").map(String.init) + ["/usr/bin"] where folder.hasPrefix("/") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
