import DataFiles
import Diagnostics
import Foundation
import InputRules

/// One of Sweden's 21 counties (län).
public struct County: Sendable, Hashable, Codable {
    /// Two digits, e.g. "01" for Stockholms län.
    public var code: String
    public var name: String
}

/// One of Sweden's 290 municipalities (kommuner), with its official four-digit code.
public struct Municipality: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var county: County
}

/// All municipalities and counties, from Resources/municipalities/municipalities.yaml.
public struct MunicipalityRegister: Sendable {
    public var source: String
    public var counties: [County]
    public var municipalities: [Municipality]

    public func municipality(code: String) -> Municipality? { municipalities.first { $0.code == code } }

    /// Finds a county by its code ("01"), its name ("Stockholms län") or its name's first word
    /// ("Stockholm", "stockholms"), ignoring case.
    public func county(matching text: String) -> County? {
        let wanted = text.lowercased()
        return counties.first { county in
            let name = county.name.lowercased()
            return county.code == text || name == wanted || name.hasPrefix(wanted)
                || name.replacingOccurrences(of: " län", with: "") == wanted
        }
    }

    struct FileRecord: Codable {
        struct CountyRecord: Codable {
            var code: String
            var name: String
            var municipalities: [MunicipalityRecord]
        }
        struct MunicipalityRecord: Codable {
            var code: String
            var name: String
        }
        var source: String
        var counties: [CountyRecord]
    }

    public static func load(from url: URL, name: String? = nil) throws(ValidationFailed) -> MunicipalityRegister {
        let shown = name ?? url.path
        let file = try YAMLFile(contentsOf: url, name: shown, kind: .register)
        let decoded = RecordDecoder(file: shown).decode(FileRecord.self, from: file.root, entry: nil)
        var problems = decoded.problems
        guard let record = decoded.value else { throw ValidationFailed(problems) }
        var counties: [County] = []
        var municipalities: [Municipality] = []
        var seenCodes = Set<String>()
        var seenCounties = Set<String>()
        for (countyIndex, countyRecord) in record.counties.enumerated() {
            let county = County(code: countyRecord.code, name: countyRecord.name)
            let field = "counties[\(countyIndex)]"
            if county.code.count != 2 || !county.code.allSatisfy(\.isNumber) {
                problems.append(Diagnostic(file: shown, entry: county.name, field: "\(field).code",
                                           message: "'\(county.code)' is not a two-digit county code"))
            }
            if !seenCounties.insert(county.code).inserted {
                problems.append(Diagnostic(file: shown, entry: county.name, field: "\(field).code",
                                           message: "county code \(county.code) is used twice"))
            }
            counties.append(county)
            for (index, item) in countyRecord.municipalities.enumerated() {
                let itemField = "\(field).municipalities[\(index)].code"
                if item.code.count != 4 || !item.code.allSatisfy(\.isNumber) || !item.code.hasPrefix(county.code) {
                    problems.append(Diagnostic(file: shown, entry: item.name, field: itemField,
                                               message: "'\(item.code)' is not a four-digit code starting with the county's \(county.code)"))
                }
                if !seenCodes.insert(item.code).inserted {
                    problems.append(Diagnostic(file: shown, entry: item.name, field: itemField,
                                               message: "municipality code \(item.code) is used twice"))
                }
                municipalities.append(Municipality(code: item.code, name: item.name, county: county))
            }
        }
        if !problems.isEmpty { throw ValidationFailed(problems) }
        return MunicipalityRegister(source: record.source, counties: counties,
                                    municipalities: municipalities.sorted { $0.code < $1.code })
    }
}
