/// A problem found in a file a person wrote (a catalogue, a profile, a language file).
///
/// Problems are values, not thrown errors, so one run can report every problem at once and the
/// command-line tool decides how to print them. Each one says where it is (file, entry, field,
/// line) in words a communicator can act on, and may carry a hint about how to fix it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    public var severity: Severity
    /// The file the problem is in, as the user named it (or as it was found).
    public var file: String
    /// The entry inside the file: a helpline's id, a contact's id, a municipality code.
    public var entry: String?
    /// The field of the entry, as written in the file, e.g. `channels[1].hours`.
    public var field: String?
    /// The 1-based line in the file, when known.
    public var line: Int?
    public var message: String
    public var hint: String?

    public init(
        _ severity: Severity = .error, file: String, entry: String? = nil, field: String? = nil,
        line: Int? = nil, message: String, hint: String? = nil
    ) {
        self.severity = severity
        self.file = file
        self.entry = entry
        self.field = field
        self.line = line
        self.message = message
        self.hint = hint
    }

    /// `file:line: error: entry 'bris', field 'channels[0].number': message (hint)`
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        var text = "\(location): \(severity.rawValue): "
        var place: [String] = []
        if let entry { place.append("entry '\(entry)'") }
        if let field { place.append("field '\(field)'") }
        if !place.isEmpty { text += place.joined(separator: ", ") + ": " }
        text += message
        if let hint { text += " (\(hint))" }
        return text
    }
}

/// Collects the problems of one run.
public struct DiagnosticList: Sendable, Hashable {
    public private(set) var items: [Diagnostic] = []

    public init(_ items: [Diagnostic] = []) { self.items = items }

    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }
    public mutating func append(contentsOf other: DiagnosticList) { items.append(contentsOf: other.items) }
    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }

    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var isEmpty: Bool { items.isEmpty }
}

/// Thrown when a file had problems that make its content unusable; carries every problem found.
public struct ValidationFailed: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
