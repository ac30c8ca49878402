import Catalogue
import DataFiles
import Diagnostics
import Foundation
import Testing
@testable import Municipalities

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

let plan = SwedishNumberPlan(twoDigitCodes: ["08"], threeDigitCodes: ["020", "031", "070"],
                             fictionalRanges: [313_900_600...313_900_699])

func register() throws -> MunicipalityRegister {
    try MunicipalityRegister.load(from: fixtures.appendingPathComponent("municipalities/register.yaml"))
}

/// Writes a profile (the Kiruna fixture with one change, or the sample) into a fresh folder
/// with the fixture logo, and loads it.
func loadProfile(_ edit: (String) -> String = { $0 }, source: String = "profiles/kiruna.yaml",
                 withLogo: Bool = true) throws -> Result<MunicipalityProfile, ValidationFailed> {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-profile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = edit(try String(contentsOf: fixtures.appendingPathComponent(source), encoding: .utf8))
    let file = folder.appendingPathComponent("profile.yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    if withLogo {
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("profiles/logo.svg"),
                                         to: folder.appendingPathComponent("logo.svg"))
    }
    let known = try register()
    do {
        return .success(try MunicipalityProfile.load(from: file, name: "profile.yaml", register: known, plan: plan))
    } catch {
        return .failure(error)
    }
}

func problems(_ edit: @escaping (String) -> String, withLogo: Bool = true) throws -> [Diagnostic] {
    switch try loadProfile(edit, withLogo: withLogo) {
    case .success: return []
    case .failure(let failure): return failure.diagnostics.filter { $0.severity == .error }
    }
}

@Suite("Municipality profiles")
struct ProfileTests {
    @Test func validProfileLoads() throws {
        let profile = try loadProfile().get()
        #expect(profile.name == "Kiruna")
        #expect(profile.county?.name == "Norrbottens län")
        #expect(profile.contacts(.socialServices).first?.channels.first?.number?.dialString == "+4698012345")
        #expect(profile.warnings.isEmpty)
    }

    @Test func codeThatDoesNotExist() throws {
        let found = try problems { $0.replacingOccurrences(of: "\"2584\"", with: "\"2599\"") }
        #expect(found.count == 1)
        #expect(found.first?.field == "municipality.code")
        #expect(found.first?.message == "no Swedish municipality has the code 2599")
        #expect(found.first?.line == 3)
    }

    @Test func codeAndNameDisagree() throws {
        let found = try problems { $0.replacingOccurrences(of: "name: Kiruna", with: "name: Gällivare") }
        #expect(found.first?.field == "municipality.name")
        #expect(found.first?.message == "code 2584 is Kiruna, not Gällivare")
    }

    @Test func missingLogo() throws {
        let found = try problems({ $0 }, withLogo: false)
        #expect(found.count == 1)
        #expect(found.first?.field == "logo")
        #expect(found.first?.message == "the logo file 'logo.svg' does not exist")
    }

    @Test func logoOfTheWrongTypeOrOutsideTheFolder() throws {
        let gif = try problems { $0.replacingOccurrences(of: "logo: logo.svg", with: "logo: logo.gif") }
        #expect(gif.first?.message.contains("not an SVG, PNG or JPEG") == true)
        let outside = try problems { $0.replacingOccurrences(of: "logo: logo.svg", with: "logo: ../../etc/logo.svg") }
        #expect(outside.first?.message.contains("next to the profile") == true)
    }

    @Test func numbersAndHoursWrittenTheSwedishWayAreAccepted() throws {
        let profile = try loadProfile {
            $0.replacingOccurrences(of: "\"+4698012345\"", with: "\"0980-123 45\"")
              .replacingOccurrences(of: "\"+4698012346\"", with: "\"+46 (0)980 123 46\"")
              .replacingOccurrences(of: "Mo-Fr 08:00-16:00; PH off", with: "mån–fre 8–16; helgdagar stängt")
        }.get()
        let channel = profile.contacts(.socialServices).first?.channels.first
        #expect(channel?.number?.dialString == "+4698012345")
        #expect(profile.contacts(.socialServicesOutOfHours).first?.channels.first?.number?.dialString == "+4698012346")
        #expect(channel?.hours?.rules.count == 2)
    }

    @Test func invalidNumberAndHoursInAContact() throws {
        let found = try problems {
            $0.replacingOccurrences(of: "\"+4698012345\"", with: "\"+47 980 123 45\"")
              .replacingOccurrences(of: "Mo-Fr 16:00-08:00", with: "Mo-Fr 16-08")
        }
        #expect(found.count == 2)
        #expect(found.map(\.entry) == ["socialtjansten", "socialjouren"])
        #expect(found.map(\.field) == ["contacts[0].channels[0].number", "contacts[1].channels[0].hours"])
        #expect(found.first?.line == 13)
    }

    @Test func unknownFieldAndRole() throws {
        let found = try problems {
            $0.replacingOccurrences(of: "web: https://www.kiruna.se", with: "web: https://www.kiruna.se\nwebsite: https://kiruna.se")
              .replacingOccurrences(of: "role: social-services-out-of-hours", with: "role: socialjour")
        }
        #expect(Set(found.compactMap(\.field)) == ["website", "contacts[1].role"])
    }

    @Test func socialServicesAreRequiredAndSocialjourIsAWarning() throws {
        let noSocialServices = try problems { $0.replacingOccurrences(of: "role: social-services\n", with: "role: other\n") }
        #expect(noSocialServices.first?.message.contains("social-services") == true)
        let profile = try loadProfile { $0.replacingOccurrences(of: "role: social-services-out-of-hours", with: "role: other") }.get()
        #expect(profile.warnings.count == 1)
        #expect(profile.warnings.first?.severity == .warning)
    }

    @Test func fictionalProfilesMustUseFictionalNumbersAndRealOnesMustNot() throws {
        let real = try problems { $0.replacingOccurrences(of: "\"+4698012345\"", with: "\"+46313900600\"") }
        #expect(real.first?.message.contains("reserved for films and books") == true)
        let fictional = try problems {
            $0.replacingOccurrences(of: "code: \"2584\"", with: "code: \"0000\"")
              .replacingOccurrences(of: "logo: logo.svg", with: "fictional: true\nlogo: logo.svg")
        }
        #expect(fictional.count == 2)
        #expect(fictional.allSatisfy { $0.message.contains("is a real number, but this profile is fictional") })
        let fictionalWithRealCode = try problems { $0.replacingOccurrences(of: "logo: logo.svg", with: "fictional: true\nlogo: logo.svg") }
        #expect(fictionalWithRealCode.contains { $0.message.contains("is Kiruna's code") })
    }
}

@Suite("Municipality register")
struct RegisterTests {
    @Test func loadsCountiesAndMunicipalities() throws {
        let register = try register()
        #expect(register.municipalities.count == 3)
        #expect(register.municipality(code: "0180")?.county.code == "01")
        #expect(register.county(matching: "Stockholm")?.code == "01")
        #expect(register.county(matching: "norrbottens län")?.code == "25")
        #expect(register.county(matching: "25")?.name == "Norrbottens län")
        #expect(register.county(matching: "Skåne") == nil)
    }

    @Test func duplicateAndMisplacedCodes() throws {
        let text = try String(contentsOf: fixtures.appendingPathComponent("municipalities/register.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "{code: \"0180\", name: Stockholm}", with: "{code: \"0114\", name: Stockholm}")
            .replacingOccurrences(of: "{code: \"2584\"", with: "{code: \"0184\"")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("register-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect {
            _ = try MunicipalityRegister.load(from: file, name: "register.yaml")
        } throws: { error in
            let messages = (error as? ValidationFailed)?.diagnostics.map(\.message) ?? []
            return messages.contains("municipality code 0114 is used twice")
                && messages.contains("'0184' is not a four-digit code starting with the county's 25")
        }
    }
}

/// Review 2026-11-29: D6 (a reversed name smuggles a real number onto a demo poster), D13 (a logo
/// that is a symbolic link).
@Suite("Profile texts and logo placement")
struct ProfileHardeningTests {
    @Test func aContactNameWithAnOverrideIsRefused() throws {
        // Printed, "\u{202E}05 05 05-020 gniR" reads "Ring 020-50 50 50".
        let found = try problems { $0.replacingOccurrences(of: "    name: Socialjouren", with: "    name: \"\\u202E05 05 05-020 gniR\"") }
        // Refused twice over: the override, and the number in a name.
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.entry == "socialjouren" && $0.field == "contacts[1].name" })
        #expect(found.contains { $0.message.contains("U+202E (RIGHT-TO-LEFT OVERRIDE)") })
    }

    @Test func aNumberInAContactNameIsRefused() throws {
        let found = try problems { $0.replacingOccurrences(of: "    name: Socialjouren", with: "    name: Socialjouren, ring 020-50 50 50") }
        #expect(found.contains { $0.field == "contacts[1].name" && $0.message.contains("'020-50 50 50'") })
    }

    @Test func aLogoThatIsASymbolicLinkIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tmv-symlink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("profiles/kiruna.yaml"), to: folder.appendingPathComponent("profile.yaml"))
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("logo.svg"),
                                                   withDestinationURL: fixtures.appendingPathComponent("profiles/logo.svg"))
        do {
            _ = try MunicipalityProfile.load(from: folder.appendingPathComponent("profile.yaml"), name: "profile.yaml",
                                             register: try register(), plan: plan)
            Issue.record("accepted")
        } catch let failure as ValidationFailed {
            #expect(failure.diagnostics.contains { $0.field == "logo" && $0.message.contains("symbolic link") })
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
