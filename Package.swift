// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Tillsammans",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tmv", targets: ["tmv"]),
        .executable(name: "tmv-benchmark", targets: ["Benchmark"]),
        .executable(name: "tmv-web", targets: ["tmv-web"]),
        .library(name: "Catalogue", targets: ["Catalogue"]),
        .library(name: "OpeningHours", targets: ["OpeningHours"]),
        .library(name: "Municipalities", targets: ["Municipalities"]),
        .library(name: "Localization", targets: ["Localization"]),
        .library(name: "Drawing", targets: ["Drawing"]),
        .library(name: "Workspace", targets: ["Workspace"]),
        .library(name: "DataFiles", targets: ["DataFiles"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // The web tool's parts (only `tmv-web` and its tests build them; `tmv` stays quick to build).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.0"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
    ],
    targets: [
        // C libraries, found through pkg-config; only the Drawing module (and PDFFinishing, for qpdf) imports them.
        .systemLibrary(name: "CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CRsvg", pkgConfig: "librsvg-2.0",
                       providers: [.apt(["librsvg2-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng16",
                       providers: [.apt(["libpng-dev", "libdeflate-dev"])]),
        .systemLibrary(name: "CQPDF", pkgConfig: "libqpdf",
                       providers: [.apt(["libqpdf-dev", "zlib1g-dev"])]),

        .target(name: "Diagnostics"),
        .target(name: "InputRules"),
        .target(name: "DataFiles", dependencies: ["Diagnostics", "InputRules", "Yams"]),
        .target(name: "OpeningHours", dependencies: ["Diagnostics"]),
        .target(name: "Localization", dependencies: ["Diagnostics", "DataFiles", "InputRules", "OpeningHours"]),
        .target(name: "Catalogue", dependencies: ["Diagnostics", "DataFiles", "InputRules", "OpeningHours", "Localization", "Yams"]),
        .target(name: "Municipalities", dependencies: ["Diagnostics", "DataFiles", "Catalogue", "InputRules", "OpeningHours", "Yams"]),
        // What cairo cannot write into a PDF (language, alternative texts, print boxes, PDF/X), added by qpdf.
        .target(name: "PDFFinishing", dependencies: ["CQPDF", "InputRules"]),
        .target(name: "Drawing", dependencies: ["InputRules", "PDFFinishing", "CCairo", "CPangoCairo", "CRsvg", "CLibXML2", "CQRencode", "CPNG"]),
        .target(name: "Templates", dependencies: ["Diagnostics", "DataFiles", "Drawing", "InputRules"]),
        .target(name: "Translations", dependencies: ["Diagnostics", "Drawing", "InputRules"]),
        .target(name: "Layout", dependencies: [
            "Catalogue", "Drawing", "InputRules", "Localization", "Municipalities", "OpeningHours", "Templates", "Translations",
        ]),
        .target(name: "Workspace", dependencies: [
            "Diagnostics", "OpeningHours", "Localization", "Catalogue", "Municipalities",
        ]),
        .target(name: "Rendering", dependencies: [
            "Catalogue", "Diagnostics", "Drawing", "Layout", "Localization", "Municipalities", "PDFFinishing", "Templates", "Translations",
            "Workspace",
        ]),
        .target(name: "Packs", dependencies: [
            "Catalogue", "Diagnostics", "Drawing", "Municipalities", "Rendering", "Templates", "Translations", "Workspace",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .executableTarget(name: "tmv", dependencies: [
            "Packs", "Layout",
            "Rendering", "Templates",
            "Workspace", "Catalogue", "OpeningHours", "Localization", "Municipalities", "Drawing",
            "Diagnostics",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The public directory: reachability in every language, open data, HSDS and iCalendar exports.
        .target(name: "Directory", dependencies: [
            "Catalogue", "Drawing", "Localization", "Municipalities", "OpeningHours", "Translations",
        ]),

        // The web tool: storage over SQLite or PostgreSQL through one SQL layer, the server, its shell.
        .target(name: "Store", dependencies: [
            "Diagnostics", "Municipalities", "Catalogue",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "SQLiteKit", package: "sqlite-kit"),
            .product(name: "PostgresKit", package: "postgres-kit"),
        ]),
        .target(name: "WebTool", dependencies: [
            "Store", "Directory", "Rendering", "Packs", "Municipalities", "Catalogue", "OpeningHours", "Localization", "Workspace",
            "Diagnostics", "Drawing", "Templates", "InputRules", "Translations", "Layout",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "MultipartKit", package: "multipart-kit"),
        ]),
        .executableTarget(name: "tmv-web", dependencies: [
            "WebTool", "Store", "OpeningHours", "Workspace", "Layout",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .executableTarget(name: "Benchmark", dependencies: ["Municipalities", "Packs", "Rendering", "Templates", "Workspace"]),

        .testTarget(name: "DataFilesTests", dependencies: ["DataFiles"]),
        .testTarget(name: "InputRulesTests", dependencies: ["InputRules"]),
        .testTarget(name: "OpeningHoursTests", dependencies: ["OpeningHours", "Localization", "Catalogue", "Workspace"]),
        .testTarget(name: "LocalizationTests", dependencies: ["Localization", "OpeningHours", "Diagnostics"]),
        .testTarget(name: "CatalogueTests", dependencies: ["Catalogue", "DataFiles", "Diagnostics", "Workspace"]),
        .testTarget(name: "MunicipalitiesTests", dependencies: ["Municipalities", "Catalogue", "DataFiles", "Diagnostics", "Workspace"]),
        .testTarget(name: "DrawingTests", dependencies: ["Drawing"]),
        .testTarget(name: "PDFFinishingTests", dependencies: ["PDFFinishing", "Drawing"]),
        .testTarget(name: "LayoutTests", dependencies: ["Layout"]),
        .testTarget(name: "TranslationsTests", dependencies: ["Translations", "Diagnostics"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Drawing", "Translations", "Municipalities", "Workspace"]),
        .testTarget(name: "PacksTests", dependencies: [
            "Packs", "Drawing", "Municipalities", "Rendering", "Workspace", "tmv",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "tmvTests", dependencies: ["tmv"]),
        .testTarget(name: "DirectoryTests", dependencies: ["Directory", "Catalogue", "OpeningHours", "Workspace", "Packs"]),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        .testTarget(name: "WebToolTests", dependencies: [
            "WebTool", "Store", "Directory", "Catalogue", "OpeningHours", "Rendering", "Packs", "Translations",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "SQLKit", package: "sql-kit"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
