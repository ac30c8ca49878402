import Foundation
import Testing
import Workspace
@testable import Catalogue

/// The shipped catalogue against the figures the seed report (Rapport 2022:11, Bilaga 1 and 2)
/// prints for them.
@Suite("The shipped catalogue")
struct ShippedCatalogueTests {
    let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Resources")

    func catalogue() throws -> (Catalogue, SwedishNumberPlan) {
        let workspace = Workspace(resources: resources)
        return (try workspace.catalogue(), try workspace.numberPlan())
    }

    func phone(_ id: String, in catalogue: Catalogue, plan: SwedishNumberPlan) -> (String, String?)? {
        guard let channel = catalogue.helpline(id: id)?.channels.first(where: { $0.kind == .phone }),
              let number = channel.number else { return nil }
        return (plan.format(number), channel.hours?.source)
    }

    @Test func numbersAndHoursAsTheSeedPrintsThem() throws {
        let (catalogue, plan) = try catalogue()
        #expect(phone("kvinnofridslinjen", in: catalogue, plan: plan)! == ("020-50 50 50", "24/7"))
        #expect(phone("bris", in: catalogue, plan: plan)! == ("116 111", "24/7"))
        #expect(phone("tris", in: catalogue, plan: plan)! == ("010-255 91 91", "Mo-Fr 10:00-16:00"))
        #expect(phone("somaya", in: catalogue, plan: plan)! == ("020-81 82 83", "Mo-Fr 09:00-16:00"))
        #expect(phone("terrafem", in: catalogue, plan: plan)! == ("020-52 10 10", "Mo-Fr 09:00-18:00"))
        #expect(phone("rfsl-stodmottagning", in: catalogue, plan: plan)! == ("020-34 13 16", "Th 09:00-12:00"))
        #expect(phone("valj-att-sluta", in: catalogue, plan: plan)?.0 == "020-555 666")
        #expect(phone("brottsofferjouren", in: catalogue, plan: plan)?.0 == "116 006")
        let police = catalogue.helpline(id: "polisen")?.phoneNumbers.map { plan.format($0) }
        #expect(police == ["112", "114 14"])
        #expect(catalogue.helpline(id: "maskrosbarn")?.channels.first?.hours?.source == "Su-Th 20:00-22:00")
        #expect(catalogue.helpline(id: "ecpat")?.channels.first { $0.kind == .chat }?.hours?.source == "Tu-Th 17:00-22:00; Mo,Fr 15:00-17:00")
        #expect(catalogue.helpline(id: "somaya")?.languages.contains("ar") == true)
    }

    @Test func everyOrganisationOfBilaga1And2IsThere() throws {
        let (catalogue, _) = try catalogue()
        let ids = Set(catalogue.helplines.map(\.id))
        for id in ["kvinnofridslinjen", "valj-att-sluta", "bris", "unga-relationer", "killfragor", "maskrosbarn",
                   "ivo-barn-och-ungdomslinjen", "tjej-och-ungdomsjourer", "ungas-jourer", "rfsl-stodmottagning", "ecpat",
                   "novahuset", "karleken-ar-fri", "gapf", "tris", "boujt", "storasyster", "somaya", "brottsofferjouren",
                   "terrafem", "youmo", "polisen"] {
            #expect(ids.contains(id), "\(id) is missing")
        }
    }

    @Test func whatCouldNotBeReadIsSaidNotGuessed() throws {
        let (catalogue, _) = try catalogue()
        // The seed's Brottsofferjouren hours ("%:00-12.00") and IVO's number cannot be read.
        #expect(catalogue.helpline(id: "brottsofferjouren")?.channels.first { $0.kind == .phone }?.hours == nil)
        #expect(catalogue.helpline(id: "brottsofferjouren")?.source.remarks?.contains("unreadable") == true)
        #expect(catalogue.helpline(id: "ivo-barn-och-ungdomslinjen")?.phoneNumbers.isEmpty == true)
        #expect(catalogue.helpline(id: "ivo-barn-och-ungdomslinjen")?.source.remarks?.contains("cannot be read") == true)
    }
}
