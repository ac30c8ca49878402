import ArgumentParser
import Foundation

@main
enum Entry {
    static func main() {
        WebCommands.forwardIfAsked()
        TMV.main()
    }
}

/// `tmv serve`, `tmv users`, `tmv export` and `tmv import` are the web tool's: they run the
/// `tmv-web` program built next to this one, so that the command line itself builds (and
/// starts) without the server's dependencies.
enum WebCommands {
    static let names: Set<String> = ["serve", "users", "export", "import"]

    static func forwardIfAsked() {
        let arguments = CommandLine.arguments
        guard arguments.count > 1, names.contains(arguments[1]) else { return }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0]
        let web = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("tmv-web").path
        guard FileManager.default.isExecutableFile(atPath: web) else {
            FileHandle.standardError.write(Data("tmv: the web tool is not built next to tmv (\(web)); run: swift build -c release --product tmv-web\n".utf8))
            exit(2)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([web] + arguments.dropFirst()).map { strdup($0) }
        argv.append(nil)
        execv(web, &argv)
        FileHandle.standardError.write(Data("tmv: cannot start \(web): \(String(cString: strerror(errno)))\n".utf8))
        exit(2)
    }
}

struct TMV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tmv",
        abstract: "Tillsammans mot våld: helplines, municipalities and campaign material.",
        discussion: """
            Keeps the national helpline catalogue and the municipalities' local contacts, and \
            checks them so that every number and opening hour printed on a poster is right.

            The web tool: tmv serve, tmv users (add, list, remove), tmv export and tmv import \
            (each with --help) run the tmv-web program built beside tmv.
            """,
        version: "0.1.0",
        subcommands: [
            RenderCommand.self, PackCommand.self, DocumentsCommand.self, TranslationsCommand.self, CatalogueCommand.self, MunicipalityCommand.self,
            LanguagesCommand.self,
        ]
    )
}

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The project's Resources folder (default: $TMV_RESOURCES, or found from the current folder).",
        valueName: "path"))
    var resources: String?
}
