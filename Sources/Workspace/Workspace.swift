import Catalogue
import Diagnostics
import Foundation
import Localization
import Municipalities
import OpeningHours

/// Everything the project reads from outside (its data folder and the clock), in one value
/// passed down, so tests and a future server supply their own.
public struct Workspace: Sendable {
    /// The Resources/ folder: catalogue/, languages/, municipalities/, telephony/, profiles/.
    public var resources: URL
    public var clock: any Clock

    public init(resources: URL, clock: any Clock = SystemClock()) {
        self.resources = resources
        self.clock = clock
    }

    public enum LocateError: Error, CustomStringConvertible {
        case notFound(searched: [String])
        case notAResourcesFolder(String)

        public var description: String {
            switch self {
            case .notFound(let searched):
                return "cannot find the project's Resources folder (looked in: \(searched.joined(separator: ", "))); run tmv from the project folder or pass --resources PATH"
            case .notAResourcesFolder(let path):
                return "\(path) is not a Tillsammans Resources folder (it has no catalogue/helplines.yaml)"
            }
        }
    }

    /// Finds Resources/: an explicit path, then $TMV_RESOURCES, then the current folder and its
    /// parents, then the folders above the running executable (a `swift build` tree).
    public static func locate(
        explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String = CommandLine.arguments.first ?? ""
    ) throws(LocateError) -> URL {
        func isResources(_ url: URL) -> Bool {
            FileManager.default.fileExists(atPath: url.appendingPathComponent("catalogue/helplines.yaml").path)
        }
        if let path = explicit ?? environment["TMV_RESOURCES"] {
            let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: currentDirectory)).standardizedFileURL
            guard isResources(url) else { throw .notAResourcesFolder(path) }
            return url
        }
        var searched: [String] = []
        var starts = [URL(fileURLWithPath: currentDirectory)]
        if !executable.isEmpty {
            starts.append(URL(fileURLWithPath: executable, relativeTo: URL(fileURLWithPath: currentDirectory))
                .standardizedFileURL.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for start in starts {
            var folder = start.standardizedFileURL
            for _ in 0..<8 {
                let candidate = folder.appendingPathComponent("Resources")
                searched.append(candidate.path)
                if isResources(candidate) { return candidate }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        throw .notFound(searched: Array(searched.prefix(3)))
    }

    public var catalogueFile: URL { resources.appendingPathComponent("catalogue/helplines.yaml") }
    public var languagesFolder: URL { resources.appendingPathComponent("languages") }
    public var telephonyFolder: URL { resources.appendingPathComponent("telephony") }
    public var registerFile: URL { resources.appendingPathComponent("municipalities/municipalities.yaml") }
    /// Templates/ sits next to Resources/.
    public var templatesFolder: URL { resources.deletingLastPathComponent().appendingPathComponent("Templates") }
    public var sampleProfile: URL { resources.appendingPathComponent("profiles/exempelkommun/profile.yaml") }

    public func numberPlan() throws(ValidationFailed) -> SwedishNumberPlan {
        try SwedishNumberPlan.load(from: telephonyFolder, displayPrefix: display(telephonyFolder))
    }

    public func languages(only: Set<String>? = nil) throws(ValidationFailed) -> LanguageSet {
        try LanguageSet.load(from: languagesFolder, displayPrefix: display(languagesFolder), only: only)
    }

    /// The shipped catalogue, or another catalogue file.
    public func catalogue(at file: URL? = nil, name: String? = nil) throws(ValidationFailed) -> Catalogue {
        let url = file ?? catalogueFile
        return try Catalogue.load(from: url, name: name ?? display(url), plan: numberPlan())
    }

    public func register() throws(ValidationFailed) -> MunicipalityRegister {
        try MunicipalityRegister.load(from: registerFile, name: display(registerFile))
    }

    public func profile(at file: URL, name: String? = nil) throws(ValidationFailed) -> MunicipalityProfile {
        try MunicipalityProfile.load(from: file, name: name ?? file.path, register: register(), plan: numberPlan())
    }

    /// Reads profiles one after another with the register and number plan read once: what a
    /// national build of 290 profiles needs.
    public func profileReader() throws(ValidationFailed) -> @Sendable (URL) throws(ValidationFailed) -> MunicipalityProfile {
        let register = try register()
        let plan = try numberPlan()
        return { (file: URL) throws(ValidationFailed) -> MunicipalityProfile in
            try MunicipalityProfile.load(from: file, name: file.path, register: register, plan: plan)
        }
    }

    /// A path inside Resources/ shown relative to the project, as people see it in the tree.
    func display(_ url: URL) -> String {
        let base = resources.deletingLastPathComponent().standardizedFileURL.path
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }
}
