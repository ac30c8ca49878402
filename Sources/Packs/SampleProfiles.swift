import Foundation

/// Fictional municipality profiles for load tests and the benchmark: codes 9001, 9002, ... that
/// no real municipality has, and only numbers from the ranges PTS reserves for fiction.
public enum SampleProfiles {
    /// Writes `count` profiles as `<folder>/test-NNN/profile.yaml`, each with a copy of `logo`.
    @discardableResult
    public static func write(count: Int, into folder: URL, logo: URL) throws -> [URL] {
        guard (1...999).contains(count) else { throw PackError("between 1 and 999 profiles can be made") }
        let logoData = try Data(contentsOf: logo)
        var files: [URL] = []
        for index in 1...count {
            let name = String(format: "test-%03d", index)
            let directory = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // Two numbers per profile from 031-390 06 00 to 06 99, reserved for fiction.
            let first = String(format: "+463139006%02d", (index * 2) % 100)
            let second = String(format: "+463139006%02d", (index * 2 + 1) % 100)
            let text = """
                # Generated fictional profile \(index) (tmv municipality sample-profiles); not a real municipality.
                municipality:
                  code: "\(9000 + index)"
                  name: Testkommun \(index)
                fictional: true
                logo: logo.\(logo.pathExtension)
                web: https://www.testkommun\(index).example
                contacts:
                  - id: socialtjansten
                    role: social-services
                    name: Socialtjänsten i Testkommun \(index)
                    channels:
                      - kind: phone
                        number: "\(first)"
                        hours: "Mo-Fr 08:00-16:30; PH off"
                  - id: socialjouren
                    role: social-services-out-of-hours
                    name: Socialjouren
                    channels:
                      - kind: phone
                        number: "\(second)"
                        hours: "Mo-Fr 16:30-08:00; Sa,Su,PH 00:00-24:00"

                """
            let file = directory.appendingPathComponent("profile.yaml")
            try Data(text.utf8).write(to: file, options: .atomic)
            try logoData.write(to: directory.appendingPathComponent("logo.\(logo.pathExtension)"), options: .atomic)
            files.append(file)
        }
        return files
    }
}
