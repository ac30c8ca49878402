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

    // The findings of the catalogue review of 2026-11-29 (shared/reviews/catalogue-2026-11-29.md).

    @Test func trisIsListedUnderBothOfItsBrochureHeadings() throws {
        let (catalogue, _) = try catalogue()
        #expect(catalogue.helpline(id: "tris")?.groups == [.honourRelatedViolence, .disabilities])
    }

    @Test func thePoliceItemIsInTheBrochureWithItsSources() throws {
        let (catalogue, _) = try catalogue()
        let police = try #require(catalogue.helpline(id: "polisen"))
        let brochureGroups = Set(HelplineGroup.allCases).subtracting([.national, .tellSomeone])
        #expect(!Set(police.groups).isDisjoint(with: brochureGroups))
        #expect(police.description.contains("Är det delbart?"))
        // The report prints no number for the police: 112 and 114 14 name their own source.
        guard case .elsewhere(let source, _)? = police.source.origin(of: "channels[0].number") else {
            Issue.record("112 must name a source other than the report")
            return
        }
        #expect(source.contains("SOS Alarm"))
        #expect(police.channels.first { $0.kind == .web }?.url?.absoluteString == "https://polisen.se/utsatt-for-brott/olika-typer-av-brott/delbart/")
    }

    @Test func theReportsOwnWebAddressesForTheYouthShelters() throws {
        let (catalogue, _) = try catalogue()
        let urls = catalogue.helpline(id: "tjej-och-ungdomsjourer")?.channels.compactMap { $0.url?.absoluteString }
        #expect(urls == ["https://www.unizonjourer.se/hitta-stod", "https://rokstjejjourer.se"])
    }

    @Test func brisNumberIsMarkedAsReconstructed() throws {
        let (catalogue, _) = try catalogue()
        #expect(catalogue.helpline(id: "bris")?.source.origin(of: "channels[0].number") == .document(reconstructed: true))
    }

    @Test func figuresNotInTheReportNameTheirSource() throws {
        let (catalogue, _) = try catalogue()
        for (id, figure) in [("storasyster", "channels[0].url"), ("youmo", "languages"), ("brottsofferjouren", "channels[1].url"),
                             ("kvinnofridslinjen", "notes")] {
            guard case .elsewhere? = catalogue.helpline(id: id)?.source.origin(of: figure) else {
                Issue.record("\(id) \(figure) is not from the report and must say where it is from")
                continue
            }
        }
        // Every figure of every entry has a source (validate refuses the file otherwise).
        for helpline in catalogue.helplines {
            for figure in helpline.figureNames {
                #expect(helpline.source.origin(of: figure) != nil, "\(helpline.id) \(figure)")
            }
        }
        #expect(catalogue.helpline(id: "terrafem")?.languages == ["sv"])
        #expect(catalogue.helpline(id: "brottsofferjouren")?.interpreters == false)
    }
}
