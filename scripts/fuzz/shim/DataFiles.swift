// Stands in for the DataFiles module in the phone fuzz binary only (see build.sh): PhoneNumber.swift
// imports DataFiles for SwedishNumberPlan.load, which reads YAML through Yams and is not what is
// fuzzed. Same names and signatures as Sources/DataFiles/YAMLFile.swift; every load fails.
import Diagnostics
import Foundation
import InputRules

public struct Node: Sendable {}

public struct YAMLFile {
    public let name: String
    public let root: Node

    public init(contentsOf url: URL, name: String? = nil, kind: Limits.FileKind) throws(ValidationFailed) {
        throw ValidationFailed([Diagnostic(file: name ?? url.path, message: "YAML is not read in the fuzz build")])
    }
}

public struct RecordDecoder: Sendable {
    public let file: String

    public init(file: String) { self.file = file }

    public func decode<T: Codable>(
        _ type: T.Type, from node: Node, entry: String?, fieldPrefix: String? = nil
    ) -> (value: T?, problems: [Diagnostic]) {
        (nil, [Diagnostic(file: file, entry: entry, field: fieldPrefix, message: "YAML is not read in the fuzz build")])
    }
}
