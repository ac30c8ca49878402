import Foundation
import SQLKit

/// What a person may do in the web tool.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// Edits one municipality's profile and downloads its documents.
    case municipalEditor = "municipal-editor"
    case agencyEditor = "agency-editor"
    case agencyReviewer = "agency-reviewer"
    /// Translates one or more languages.
    case translator
    case admin
}

/// A person who can sign in.
public struct Account: Sendable, Hashable, Codable {
    public var id: String
    public var email: String
    public var passwordHash: String
    public var role: Role
    /// The municipality a `municipal-editor` edits.
    public var municipality: String?
    /// The languages a `translator` translates.
    public var languages: [String]
    public var createdAt: Int
    /// A password made by `tmv users add` is for the first sign-in only: the person must choose
    /// her own before she can do anything else.
    public var mustChangePassword: Bool

    public init(id: String = UUID().uuidString.lowercased(), email: String, passwordHash: String, role: Role,
                municipality: String?, languages: [String], createdAt: Int, mustChangePassword: Bool = false) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.role = role
        self.municipality = municipality
        self.languages = languages
        self.createdAt = createdAt
        self.mustChangePassword = mustChangePassword
    }

    /// Agency staff write drafts of catalogue entries and read the change log.
    public var mayEditCatalogue: Bool { [.agencyEditor, .agencyReviewer, .admin].contains(role) }
    /// Approves or sends back a draft (never one the same person wrote: the store refuses that).
    public var mayReviewCatalogue: Bool { [.agencyReviewer, .admin].contains(role) }

    /// Whether this person may change the texts of a language.
    public func mayTranslate(_ language: String) -> Bool {
        role == .admin || (role == .translator && languages.contains(language))
    }

    /// Whether this person may see and change a municipality's profile and documents.
    public func mayEdit(municipality code: String) -> Bool {
        switch role {
        case .municipalEditor: return municipality == code
        case .admin: return true
        case .agencyEditor, .agencyReviewer, .translator: return false
        }
    }
}

/// A municipality's profile as saved: its file's text and its logo, by content.
public struct StoredProfile: Sendable, Hashable {
    public var code: String
    public var yaml: String
    public var logoSHA256: String
    /// Grows by one with each save; a form sends the revision it was read at, so a second save
    /// from an older page is refused instead of silently overwriting the first.
    public var revision: Int
    public var updatedAt: Int
    public var updatedBy: String

    public init(code: String, yaml: String, logoSHA256: String, revision: Int, updatedAt: Int, updatedBy: String) {
        self.code = code
        self.yaml = yaml
        self.logoSHA256 = logoSHA256
        self.revision = revision
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

public struct StoredLogo: Sendable, Hashable {
    public var sha256: String
    public var fileExtension: String
    public var bytes: [UInt8]

    public init(sha256: String, fileExtension: String, bytes: [UInt8]) {
        self.sha256 = sha256
        self.fileExtension = fileExtension
        self.bytes = bytes
    }
}

/// One line of the change log: who changed what, when, from what to what.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: String
    public var at: Int
    public var actor: String
    /// "profile:0000", "account:a@b.se".
    public var entity: String
    public var field: String
    public var before: String?
    public var after: String?

    public init(at: Int, actor: String, entity: String, field: String, before: String?, after: String?) {
        self.id = UUID().uuidString.lowercased()
        self.at = at
        self.actor = actor
        self.entity = entity
        self.field = field
        self.before = before
        self.after = after
    }
}

public enum StoreError: Error, CustomStringConvertible, Equatable {
    case emailTaken(String)
    case noSuchAccount(String)
    case staleRevision(expected: Int, found: Int)
    case noSuchProfile(String)

    public var description: String {
        switch self {
        case .emailTaken(let email): return "an account for \(email) already exists"
        case .noSuchAccount(let email): return "no account has the address \(email)"
        case .staleRevision:
            return "someone else saved this profile after you opened it; your changes are kept below, check them against the saved profile and save again"
        case .noSuchProfile(let code): return "no profile is saved for municipality \(code)"
        }
    }
}

// MARK: - Rows as the tables hold them

struct AccountRow: Codable {
    var id: String
    var email: String
    var password_hash: String
    var role: String
    var municipality: String?
    var languages: String
    var created_at: Int
    var must_change_password: Int

    init(_ account: Account) {
        id = account.id
        email = account.email
        password_hash = account.passwordHash
        role = account.role.rawValue
        municipality = account.municipality
        languages = account.languages.joined(separator: ",")
        created_at = account.createdAt
        must_change_password = account.mustChangePassword ? 1 : 0
    }

    var account: Account? {
        guard let role = Role(rawValue: role) else { return nil }
        return Account(id: id, email: email, passwordHash: password_hash, role: role, municipality: municipality,
                       languages: languages.split(separator: ",").map(String.init), createdAt: created_at,
                       mustChangePassword: must_change_password != 0)
    }
}

struct ProfileRow: Codable {
    var code: String
    var yaml: String
    var logo_sha256: String
    var revision: Int
    var updated_at: Int
    var updated_by: String

    var profile: StoredProfile {
        StoredProfile(code: code, yaml: yaml, logoSHA256: logo_sha256, revision: revision, updatedAt: updated_at,
                      updatedBy: updated_by)
    }
}

struct AuditRow: Codable {
    var id: String
    var at: Int
    var actor: String
    var entity: String
    var field: String
    var before: String?
    var after: String?
}
