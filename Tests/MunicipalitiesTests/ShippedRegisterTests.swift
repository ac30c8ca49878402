import Foundation
import Testing
import Workspace
@testable import Municipalities

@Suite("The shipped register")
struct ShippedRegisterTests {
    @Test func twoHundredNinetyMunicipalitiesInTwentyOneCounties() throws {
        let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources")
        let register = try Workspace(resources: resources).register()
        #expect(register.municipalities.count == 290)
        #expect(Set(register.municipalities.map(\.code)).count == 290)
        #expect(register.counties.count == 21)
        #expect(Set(register.municipalities.map(\.county.code)).count == 21)
        #expect(register.municipality(code: "0180")?.name == "Stockholm")
        #expect(register.municipality(code: "1480")?.name == "Göteborg")
        #expect(register.municipality(code: "1280")?.county.name == "Skåne län")
        #expect(register.municipality(code: "0980")?.name == "Gotland")
        #expect(register.municipality(code: "2584")?.name == "Kiruna")
        #expect(register.municipalities.filter { $0.county.code == "14" }.count == 49)
    }
}
