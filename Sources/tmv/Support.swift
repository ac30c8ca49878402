import ArgumentParser
import Layout
import Diagnostics
import Foundation
import OpeningHours
import Rendering
import Workspace

extension CommonOptions {
    func workspace(at instant: Date? = nil) throws -> Workspace {
        do {
            let folder = try Workspace.locate(explicit: resources)
            return Workspace(resources: folder, clock: instant.map(FixedClock.init) ?? SystemClock())
        } catch {
            printError("tmv: \(error.description)")
            throw ExitCode(2)
        }
    }
}

/// The renderer for a command; on data problems prints them and exits non-zero.
func loadRenderer(_ workspace: Workspace) throws -> DocumentRenderer {
    do {
        return try DocumentRenderer(workspace: workspace)
    } catch {
        printError("tmv: \(error.description)")
        throw ExitCode.failure
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs a load step; on problems prints every one of them and exits non-zero.
func loadOrExit<T>(_ load: () throws(ValidationFailed) -> T) throws -> T {
    do {
        return try load()
    } catch {
        report(error.diagnostics)
        throw ExitCode.failure
    }
}

func report(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics { printError(diagnostic.description) }
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.count - errors
    var summary: [String] = []
    if errors > 0 { summary.append("\(errors) error\(errors == 1 ? "" : "s")") }
    if warnings > 0 { summary.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
    if !summary.isEmpty { printError(summary.joined(separator: ", ")) }
}

/// A plain text table whose columns line up in a terminal.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    print(String(decoding: data, as: UTF8.self))
}

/// `--public-url` read and checked, or the command stops with a message that says what to write.
func publicDirectory(_ text: String?) throws -> URL? {
    guard let text else { return nil }
    guard let url = LayoutInput.publicURL(parsing: text) else {
        throw ValidationError("--public-url \(text) is not a web address; write e.g. https://stod.example.se")
    }
    return url
}
