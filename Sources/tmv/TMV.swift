import ArgumentParser

@main
struct TMV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tmv",
        abstract: "Tillsammans mot våld: helplines, municipalities and campaign material.",
        discussion: """
            Keeps the national helpline catalogue and the municipalities' local contacts, and \
            checks them so that every number and opening hour printed on a poster is right.
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
