import Catalogue
import Drawing
import Foundation
import Localization
import Municipalities
import OpeningHours
import Templates
import Translations

/// Fills a document's slots for one language, size and municipality and returns its pages,
/// fully measured. Every problem (overflow, missing text or contact, uncovered letters) is found
/// here, before anything is drawn, and all of them are reported together.
public struct DocumentLayout {
    public init() {}

    public func layout(_ input: LayoutInput) throws(LayoutFailed) -> LaidOutDocument {
        let run = LayoutRun(input: input)
        let pages = run.pages()
        if !run.problems.isEmpty { throw LayoutFailed(problems: run.problems) }
        let title = input.texts[input.document.titleUnit] ?? input.document.id
        let campaign = input.texts["campaign.name"] ?? "Tillsammans mot våld"
        let metadata = DocumentMetadata(
            title: "\(campaign) – \(title)",
            author: "Jämställdhetsmyndigheten, länsstyrelserna och \(input.profile.name)",
            subject: "\(campaign): \(input.profile.name), \(input.language.endonym), \(input.size.rawValue)",
            language: input.language.tag)
        return LaidOutDocument(pages: pages, metadata: metadata)
    }
}

/// One layout of one document: collects problems as it goes.
final class LayoutRun {
    let input: LayoutInput
    let fitter: TextFitter
    private var otherProblems: [LayoutProblem] = []

    var problems: [LayoutProblem] { otherProblems + fitter.problems }

    init(input: LayoutInput) {
        self.input = input
        self.fitter = TextFitter(language: input.language, document: input.document.id)
    }

    var formatter: HoursFormatter { input.language.hoursFormatter }

    func problem(_ slot: String, _ message: String, hint: String? = nil) {
        otherProblems.append(LayoutProblem(document: input.document.id, language: input.language.tag, slot: slot,
                                           message: message, hint: hint))
    }

    func text(_ unit: String, slot: String) -> String? {
        if let text = input.texts[unit] { return text }
        problem(slot, "the text '\(unit)' is missing in \(input.language.swedishName) (\(input.language.tag))",
                hint: "add the unit to Resources/translations/\(input.language.tag).xlf")
        return nil
    }

    func pages() -> [Page] {
        let design = input.document.designSize.millimetres
        let size = PageSize(width: design.width * pointsPerMillimetreValue, height: design.height * pointsPerMillimetreValue)
        let target = input.size.millimetres
        let scale = min(target.width / design.width, target.height / design.height)
        let paper = PageSize(width: target.width * pointsPerMillimetreValue, height: target.height * pointsPerMillimetreValue)
        var pages: [Page] = []
        for template in input.document.pages {
            let mark = preliminaryMark(pageSize: size, slot: template.slots.first { $0.kind == .preliminaryMark })
            let first = pages.count
            defer {
                // On every page this template made.
                if let mark { for index in first..<pages.count { pages[index].elements += mark } }
            }
            if template.repeats {
                pages += flowPages(template, size: size, scale: scale)
            } else {
                var page = Page(size: size, art: template.art, elements: [], links: [])
                page.scale = scale
                for slot in template.slots { fill(slot, on: &page) }
                pages.append(page)
            }
        }
        return pages.map { page in
            var sized = page
            sized.outputSize = paper
            return sized
        }
    }

    /// "Preliminary translation" in the document's language and in Swedish, when asked for and
    /// some of the language's texts are not reviewed: small at the foot of a printed page, or
    /// where the template's `preliminary-mark` slot says (a screen's edge is not seen).
    func preliminaryMark(pageSize: PageSize, slot: Slot?) -> [PageElement]? {
        guard input.markPreliminary, !input.profileSlotsOnly, !input.texts.unreviewed.isEmpty,
              let text = text("label.preliminary", slot: "preliminary-mark") else { return nil }
        let swedish = "Preliminär översättning"
        let label = input.language.tag == "sv" || text == swedish ? text : "\(text) · \(swedish)"
        let part = StackPart(text: label, role: .small, relativeSize: 1, spaceBefore: 0)
        if let slot {
            return fitter.fitStack([part], sizes: sizes(slot, default: 12...16), frame: frame(slot), color: color(slot),
                                   alignment: alignment(slot), verticalAlignment: slot.option("valign") ?? "bottom", slot: slot.id)?.elements
        }
        let margin = 3 * pointsPerMillimetreValue
        let frame = Rect(x: margin, y: pageSize.height - margin - 8, width: pageSize.width - 2 * margin, height: 8)
        let grey = RGBColor(red: 0.35, green: 0.35, blue: 0.35)
        return fitter.fitStack([part], sizes: 5...6.5,
                               frame: frame, color: grey, alignment: .end, verticalAlignment: "bottom", slot: "preliminary-mark")?.elements
    }

    /// A slot's frame in points.
    func frame(_ slot: Slot) -> Rect {
        let k = pointsPerMillimetreValue
        return Rect(x: slot.frame.x * k, y: slot.frame.y * k, width: slot.frame.width * k, height: slot.frame.height * k)
    }

    func sizes(_ slot: Slot, default fallback: ClosedRange<Double>) -> ClosedRange<Double> {
        guard let text = slot.option("size") else { return fallback }
        let parts = text.split(separator: "-").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        if parts.count == 1, let only = parts.first, only > 0 { return only...only }
        if parts.count == 2, parts[0] > 0, parts[1] > 0 { return min(parts[0], parts[1])...max(parts[0], parts[1]) }
        problem(slot.id, "tmv:size='\(text)' is not a size like 14 or 72-40")
        return fallback
    }

    func color(_ slot: Slot) -> RGBColor {
        guard let text = slot.option("color") else { return .black }
        if let color = RGBColor(hex: text) { return color }
        problem(slot.id, "tmv:color='\(text)' is not a colour like #1f3a5f")
        return .black
    }

    func alignment(_ slot: Slot) -> TextAlignment {
        TextAlignment(rawValue: slot.option("align") ?? "start") ?? .start
    }

    func fill(_ slot: Slot, on page: inout Page) {
        if input.profileSlotsOnly && (slot.kind == .text || slot.kind == .helpline) { return }
        switch slot.kind {
        case .text: fillText(slot, on: &page)
        case .helpline: fillHelpline(slot, on: &page)
        case .localContacts: fillLocalContacts(slot, on: &page)
        case .logo:
            page.elements.append(.image(ImageBlock(image: input.logo, frame: frame(slot), slot: slot.id,
                                                   alternativeText: input.profile.name)))
        case .qr: fillQR(slot, on: &page)
        case .helplineList: problem(slot.id, "a helpline-list slot must be on a page marked `repeats: true`")
        case .preliminaryMark: break  // filled only when the mark is shown (preliminaryMark)
        }
    }

    func place(_ result: (elements: [PageElement], links: [LinkArea])?, on page: inout Page) {
        guard let result else { return }
        page.elements += result.elements
        page.links += result.links
    }

    func fillText(_ slot: Slot, on page: inout Page) {
        guard let unit = slot.option("text") else {
            problem(slot.id, "a text slot needs tmv:text, the id of its text")
            return
        }
        guard var content = text(unit, slot: slot.id) else { return }
        if slot.option("case") == "upper" { content = content.uppercased(with: Locale(identifier: input.language.tag)) }
        let role = FontRole(rawValue: slot.option("role") ?? "body") ?? .body
        let part = StackPart(text: content, role: role, relativeSize: 1)
        place(fitter.fitStack([part], sizes: sizes(slot, default: 12...12), frame: frame(slot), color: color(slot),
                              alignment: alignment(slot), verticalAlignment: slot.option("valign") ?? "top", slot: slot.id),
              on: &page)
    }

    /// "kvinnofridslinjen.se" from https://kvinnofridslinjen.se/sv/om
    func shortAddress(_ url: URL) -> String {
        var host = url.host ?? url.absoluteString
        if host.hasPrefix("www.") { host = String(host.dropFirst(4)) }
        return host
    }

    func fillHelpline(_ slot: Slot, on page: inout Page) {
        guard let id = slot.option("helpline") else {
            problem(slot.id, "a helpline slot needs tmv:helpline, a helpline id from the catalogue")
            return
        }
        guard let helpline = input.catalogue.helpline(id: id) else {
            problem(slot.id, "the catalogue has no helpline '\(id)'", hint: "see tmv catalogue list")
            return
        }
        var parts: [StackPart] = []
        if let web = helpline.channels.first(where: { $0.kind == .web })?.url {
            parts.append(StackPart(text: shortAddress(web), role: .body, relativeSize: 0.5, link: web.absoluteString, spaceBefore: 0))
        }
        let phones = helpline.channels.filter { $0.kind == .phone }
        if phones.isEmpty { problem(slot.id, "the helpline '\(id)' has no phone number to print") }
        for phone in phones {
            guard let number = phone.number else { continue }
            parts.append(StackPart(text: input.plan.format(number), role: .number, relativeSize: 1, link: "tel:\(number.dialString)", spaceBefore: 0.05))
            if let hours = phone.hours {
                parts.append(StackPart(text: formatter.format(hours), role: .body, relativeSize: 0.45, spaceBefore: 0.02))
            }
        }
        place(fitter.fitStack(parts, sizes: sizes(slot, default: 20...40), frame: frame(slot), color: color(slot),
                              alignment: alignment(slot), verticalAlignment: slot.option("valign") ?? "top", slot: slot.id),
              on: &page)
    }

    func roles(_ slot: Slot) -> [LocalRole] {
        let names = (slot.option("roles") ?? "social-services,social-services-out-of-hours,womens-shelter")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var roles: [LocalRole] = []
        for name in names {
            if let role = LocalRole(rawValue: name) { roles.append(role) } else { problem(slot.id, "tmv:roles names an unknown role '\(name)'") }
        }
        return roles
    }

    func localContactParts(_ roles: [LocalRole], slot: String) -> [StackPart] {
        var parts: [StackPart] = []
        for role in roles {
            for contact in input.profile.contacts(role) {
                parts.append(StackPart(text: contact.name, role: .label, relativeSize: 0.62, spaceBefore: parts.isEmpty ? 0 : 0.45,
                                       language: "sv"))
                if let described = roleDescription(contact, slot: slot) {
                    parts.append(StackPart(text: described, role: .body, relativeSize: 0.5, spaceBefore: 0.02))
                }
                for channel in contact.channels where channel.kind == .phone {
                    guard let number = channel.number else { continue }
                    parts.append(StackPart(text: input.plan.format(number), role: .number, relativeSize: 1, link: "tel:\(number.dialString)", spaceBefore: 0.02))
                    if let hours = channel.hours {
                        parts.append(StackPart(text: formatter.format(hours), role: .body, relativeSize: 0.5, spaceBefore: 0.02))
                    }
                }
            }
        }
        if input.profile.contacts(.socialServices).isEmpty && roles.contains(.socialServices) {
            problem(slot, "the municipality profile has no socialtjänst (role social-services)", hint: "add it to \(input.profile.file.lastPathComponent)")
        }
        return parts
    }

    /// What kind of service a local contact is, in the document's language: a reader of Somali
    /// learns nothing from "Socialjouren" alone, but it is the name a caller will hear. `nil`
    /// when it would only repeat the name.
    func roleDescription(_ contact: LocalContact, slot: String) -> String? {
        guard let described = text("role.\(contact.role.rawValue)", slot: slot) else { return nil }
        let folded = { (text: String) in text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        return folded(contact.name).contains(folded(described)) ? nil : described
    }

    func fillLocalContacts(_ slot: Slot, on page: inout Page) {
        let parts = localContactParts(roles(slot), slot: slot.id)
        guard !parts.isEmpty else {
            problem(slot.id, "the municipality profile has no contacts for this slot")
            return
        }
        place(fitter.fitStack(parts, sizes: sizes(slot, default: 10...24), frame: frame(slot), color: color(slot),
                              alignment: alignment(slot), verticalAlignment: slot.option("valign") ?? "top", slot: slot.id),
              on: &page)
    }

    func fillQR(_ slot: Slot, on page: inout Page) {
        let source = slot.option("url") ?? "municipality:support-page"
        var url: URL?
        if source == "municipality:support-page" {
            if let publicURL = input.publicURL {
                url = LayoutInput.directoryPage(publicURL: publicURL, language: input.language.tag, municipality: input.profile.code)
            } else {
                url = input.profile.supportPage ?? input.profile.web
            }
        } else if source == "municipality:web" {
            url = input.profile.web
        } else if source.hasPrefix("helpline:") {
            let id = String(source.dropFirst("helpline:".count))
            url = input.catalogue.helpline(id: id)?.channels.first { $0.kind == .web }?.url
            if url == nil { problem(slot.id, "the helpline '\(id)' has no web address for the QR code") }
        } else {
            problem(slot.id, "tmv:url='\(source)' must be municipality:support-page, municipality:web or helpline:ID")
        }
        guard let url else { return }
        do {
            let code = try QRCode(encoding: url.absoluteString)
            page.elements.append(.qr(QRBlock(code: code, frame: frame(slot), color: color(slot),
                                             alternativeText: "QR: \(url.absoluteString)")))
            page.links.append(LinkArea(url: url.absoluteString, frame: frame(slot), description: url.absoluteString))
        } catch {
            problem(slot.id, error.description)
        }
    }
}
