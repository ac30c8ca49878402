import ArgumentParser
import Foundation
import Hummingbird
import Layout
import HummingbirdBcrypt
import OpeningHours
import Store
import WebTool
import Workspace

/// The web tool's commands. `tmv serve`, `tmv users`, `tmv export` and `tmv import` run this
/// program, so the command line itself builds without the server's dependencies.
@main
struct TmvWeb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tmv",
        abstract: "The Tillsammans web tool and its database.",
        subcommands: [Serve.self, Users.self, Export.self, Import.self])
}

/// Where the data lives: the same options for every command that uses the database.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The folder for the embedded database and the working files.")
    var data: String = "Output/web-data"

    @Option(help: "A PostgreSQL database instead of the embedded one: postgres://USER:PASSWORD@HOST/DATABASE")
    var database: String?

    @Option(help: "The project's Resources folder (found by itself when run from the project).")
    var resources: String?

    var dataFolder: URL { URL(fileURLWithPath: data).standardizedFileURL }

    func installedResources() throws -> URL {
        do {
            return try Workspace.locate(explicit: resources)
        } catch {
            fail(error.description)
        }
    }

    func configuration() throws -> WebToolConfiguration {
        let resources = try installedResources()
        return WebToolConfiguration(dataFolder: dataFolder, databaseURL: database ?? ProcessInfo.processInfo.environment["TMV_DATABASE"],
                                    installedResources: resources,
                                    pagesFolder: resources.deletingLastPathComponent().appendingPathComponent("WebPages"))
    }

    /// Runs `body` on the opened database and closes it afterwards, whatever happens.
    func withStore<T>(_ body: (Store) async throws -> T) async throws -> T {
        let store = try await openStore()
        do {
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }

    func openStore() async throws -> Store {
        do {
            let store = try await Store.open(data: dataFolder, databaseURL: database ?? ProcessInfo.processInfo.environment["TMV_DATABASE"])
            _ = try await DataExchange.seedIfEmpty(store, from: try installedResources(), now: Int(Date().timeIntervalSince1970))
            return store
        } catch let error as Store.OpenError {
            fail(error.description)
        } catch let error as DataExchange.Problem {
            fail(error.description)
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tmv: \(message)\n".utf8))
    exit(1)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web tool.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port: Int = 8080

    @Option(help: "A fixed time for demonstrations and tests, e.g. 2026-12-24T22:00 (Swedish time) or ISO 8601 with an offset.")
    var now: String?

    @Flag(help: "Mark the session cookie Secure: use when the tool is served over https (behind TLS).")
    var secureCookies = false

    @Option(help: "The address people open the tool at, e.g. https://tmv.example.se (checked against the Origin of changes).")
    var publicOrigin: String?

    @Flag(help: "Show fictional municipalities (the sample, 0000) on the public pages and in the open data: for demonstrations, never in production.")
    var showFictional = false

    @Option(name: .customLong("public-url"),
            help: ArgumentHelp("The public directory's address: QR codes on the documents it renders lead to {URL}/{language}/kommun/{code}.", valueName: "url"))
    var publicURL: String?

    func run() async throws {
        var configuration = try database.configuration()
        configuration.host = host
        configuration.port = port
        configuration.secureCookies = secureCookies
        configuration.publicOrigin = publicOrigin
        configuration.showFictional = showFictional
        if let publicURL {
            guard let url = LayoutInput.publicURL(parsing: publicURL) else { fail("--public-url \(publicURL) is not a web address; write e.g. https://stod.example.se") }
            configuration.publicURL = url
            if publicOrigin == nil, let scheme = url.scheme, let host = url.host {
                configuration.publicOrigin = "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
            }
        }
        if let now {
            guard let instant = SwedishLocalTime.instant(parsing: now) else { fail("--now \(now) is not a time; write e.g. 2026-12-24T22:00") }
            configuration.fixedNow = instant
        }
        let started = Date()
        let tool: WebTool
        do {
            tool = try await WebTool.start(configuration)
        } catch {
            fail("\(error)")
        }
        let app = tool.application()
        let ready = Date().timeIntervalSince(started)
        // Written at once, not buffered: whoever started the server (a script, a log) sees it.
        FileHandle.standardOutput.write(Data(("Tillsammans: the public directory at http://\(host):\(port)/ and the web tool at "
            + "http://\(host):\(port)/verktyg/  (\(tool.store.engineName), ready in \(Int(ready * 1000)) ms)\n").utf8))
        for warning in tool.startWarnings { FileHandle.standardError.write(Data("tmv: warning: \(warning)\n".utf8)) }
        try await app.runService()
    }
}

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage who can sign in.",
                                                    subcommands: [Add.self, List.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account and print its one-time password.")

        @Argument(help: "The person's e-mail address.") var email: String
        @Option(help: "municipal-editor, agency-editor, agency-reviewer, translator or admin.") var role: String
        @Option(help: "The municipality (four-digit code) a municipal-editor edits.") var municipality: String?
        @Option(help: "The languages a translator translates, e.g. ar,so.") var languages: String?
        @Flag(help: "Read the password from standard input instead of making one.") var passwordStdin = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                fail("'\(role)' is not a role; use one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let email = email.trimmingCharacters(in: .whitespaces).lowercased()
            guard email.contains("@"), !email.contains(" ") else { fail("'\(email)' is not an e-mail address") }
            if role == .municipalEditor {
                guard let municipality, municipality.count == 4, municipality.allSatisfy(\.isNumber) else {
                    fail("a municipal-editor needs --municipality CODE (four digits, e.g. 0000 for Exempelkommun)")
                }
            } else if municipality != nil {
                fail("only a municipal-editor has a municipality")
            }
            let languageList = (languages ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if role == .translator && languageList.isEmpty { fail("a translator needs --languages, e.g. --languages ar,so") }
            var password: String
            if passwordStdin {
                password = readLine(strippingNewline: true) ?? ""
                guard password.count >= 12 else { fail("the password must have at least 12 characters") }
            } else {
                let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                password = String((0..<16).map { _ in alphabet.randomElement() ?? "x" })
            }
            let account = Account(email: email, passwordHash: Bcrypt.hash(password, cost: 11), role: role,
                                  municipality: municipality, languages: languageList, createdAt: Int(Date().timeIntervalSince1970),
                                  mustChangePassword: !passwordStdin)
            do {
                try await database.withStore { store in
                    if role == .municipalEditor, let municipality, try await store.profile(code: municipality) == nil {
                        fail("no profile is saved for municipality \(municipality); import it first (tmv import)")
                    }
                    try await store.add(account)
                    try await store.record([AuditEntry(at: account.createdAt, actor: "tmv users add", entity: "account:\(email)",
                                                       field: "(created)", before: nil,
                                                       after: "\(role.rawValue)\(municipality.map { " of \($0)" } ?? "")")])
                }
            } catch let error as StoreError {
                fail(error.description)
            }
            if passwordStdin {
                print("Added \(email) (\(role.rawValue)).")
            } else {
                print("Added \(email) (\(role.rawValue)). One-time password: \(password)")
                print("(At the first sign-in the tool asks for a password of the person's own.)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            for account in try await database.withStore({ try await $0.accounts() }) {
                var line = "\(account.email)  \(account.role.rawValue)"
                if let municipality = account.municipality { line += "  \(municipality)" }
                if !account.languages.isEmpty { line += "  \(account.languages.joined(separator: ","))" }
                print(line)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account; its sessions end.")
        @Argument(help: "The person's e-mail address.") var email: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do {
                try await database.withStore { store in
                    try await store.removeAccount(email: email.lowercased())
                    try await store.record([AuditEntry(at: Int(Date().timeIntervalSince1970), actor: "tmv users remove",
                                                       entity: "account:\(email.lowercased())", field: "(removed)", before: nil, after: nil)])
                }
            } catch let error as StoreError {
                fail(error.description)
            }
            print("Removed \(email).")
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the database's catalogue, translations and profiles as Resources/ files (--output), or the published directory as Open Referral HSDS 3 (--hsds).")
    @Option(help: "The folder to write (a Resources/ folder).") var output: String?
    @Option(help: ArgumentHelp("The folder to write the HSDS 3 export to (organizations.json, services.json).", valueName: "folder"))
    var hsds: String?
    @Flag(help: "With --hsds: include fictional municipalities (the sample), for tests and demonstrations.")
    var includeFictional = false
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if (output == nil) == (hsds == nil) { throw ValidationError("give either --output FOLDER or --hsds FOLDER") }
    }

    func run() async throws {
        if let hsds {
            let tool: WebTool
            do {
                tool = try await WebTool.start(try database.configuration())
            } catch {
                fail("\(error)")
            }
            do {
                let written = try await tool.writeHSDS(to: URL(fileURLWithPath: hsds), includeFictional: includeFictional)
                await tool.stop()
                print("Wrote the HSDS 3 export (\(written.organizations) organizations, \(written.services) services) to \(hsds).")
            } catch {
                await tool.stop()
                fail("nothing was written to \(hsds): \(error)")
            }
            return
        }
        guard let output else { return }
        let result = try await database.withStore { try await DataExchange.export(from: $0, to: URL(fileURLWithPath: output)) }
        print("Wrote \(result.files) files and \(result.profiles) profiles to \(output).")
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read a Resources/ folder into the database, checked as `tmv catalogue validate` and `tmv municipality validate` check.")
    @Argument(help: "A Resources/ folder (catalogue/, languages/, municipalities/, telephony/, translations/, profiles/).") var folder: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        do {
            let result = try await database.withStore {
                try await DataExchange.importFolder(URL(fileURLWithPath: folder), into: $0, actor: "tmv import",
                                                   now: Int(Date().timeIntervalSince1970))
            }
            print("Imported \(result.files) files and \(result.profiles.count) profiles (\(result.profiles.joined(separator: ", "))).")
        } catch let error as DataExchange.Problem {
            fail("nothing was imported:\n\(error.description)")
        }
    }
}
