import Catalogue
import Drawing
import Foundation
import Municipalities
import Templates

/// One unit of flowing content: a section heading, or one helpline with its channels.
struct FlowItem {
    var name: String
    var parts: [StackPart]
    /// A heading stays on the page of the item after it.
    var keepWithNext: Bool
}

extension TextFitter {
    /// The height a stack takes at a fixed base size and width.
    func height(of parts: [StackPart], base: Double, width: Double) -> Double {
        let key = "height|" + FitCache.key(parts, language: language.tag, fonts: language.fonts, sizes: base...base, width: width, height: 0)
        let cache = FitCache.forCurrentThread()
        if case .fits(_, _, let total)? = cache.outcomes[key] { return total }
        var total = 0.0
        for (index, part) in parts.enumerated() {
            let measurement = engine.measure(prepare(part.text), style: style(part.role, size: base * part.relativeSize, color: .black, alignment: .start),
                                             width: width)
            total += measurement.height + (index > 0 ? part.spaceBefore * base : 0)
        }
        cache.store(.fits(base, [], total), for: key)
        return total
    }
}

extension LayoutRun {
    /// The brochure's helpline pages: the list flows over as many copies of the page as it needs.
    func flowPages(_ template: PageTemplate, size: PageSize, scale: Double) -> [Page] {
        let flowSlots = template.slots.filter { $0.kind == .helplineList }
        guard flowSlots.count == 1, let flowSlot = flowSlots.first else {
            problem(template.file, "a repeating page needs exactly one helpline-list slot")
            return []
        }
        let area = frame(flowSlot)
        let base = sizes(flowSlot, default: 9...9).upperBound
        let gap = base * 0.9
        let items = flowItems(flowSlot)
        let ink = color(flowSlot)
        let align = alignment(flowSlot)

        func newPage() -> Page {
            var page = Page(size: size, art: template.art, elements: [], links: [])
            page.scale = scale
            for slot in template.slots where slot.kind != .helplineList { fill(slot, on: &page) }
            return page
        }

        var pages: [Page] = []
        var page = newPage()
        var cursor = area.y
        var placedOnPage = 0
        let heights = items.map { fitter.height(of: $0.parts, base: base, width: area.width) }
        for (index, item) in items.enumerated() {
            let height = heights[index]
            if height > area.height {
                problem(flowSlot.id, "'\(item.name)' is taller than a whole page (\(Int(height / pointsPerMillimetreValue)) mm)",
                        hint: "shorten its description or make the slot larger")
                continue
            }
            var needed = height
            if item.keepWithNext, index + 1 < items.count { needed += gap + heights[index + 1] }
            if placedOnPage > 0 && cursor + needed > area.maxY + 0.01 {
                pages.append(page)
                page = newPage()
                cursor = area.y
                placedOnPage = 0
            }
            let itemFrame = Rect(x: area.x, y: cursor, width: area.width, height: height + 0.5)
            place(fitter.fitStack(item.parts, sizes: base...base, frame: itemFrame, color: ink, alignment: align,
                                  verticalAlignment: "top", slot: "\(flowSlot.id): \(item.name)"), on: &page)
            cursor += height + gap
            placedOnPage += 1
        }
        pages.append(page)
        return pages
    }

    func flowItems(_ slot: Slot) -> [FlowItem] {
        let groupNames = (slot.option("groups") ?? HelplineGroup.allCases.map(\.rawValue).joined(separator: ","))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var items: [FlowItem] = []
        for name in groupNames {
            guard let group = HelplineGroup(rawValue: name) else {
                problem(slot.id, "tmv:groups names an unknown group '\(name)'")
                continue
            }
            let helplines = input.catalogue.helplines.filter { $0.groups.contains(group) }
            guard !helplines.isEmpty, let heading = text("group.\(group.rawValue)", slot: slot.id) else { continue }
            items.append(FlowItem(name: heading, parts: [StackPart(text: heading, role: .headline, relativeSize: 1.35, spaceBefore: 0)],
                                  keepWithNext: true))
            for helpline in helplines {
                items.append(FlowItem(name: helpline.name, parts: helplineParts(helpline, slot: slot.id), keepWithNext: false))
            }
        }
        if let heading = text("brochure.local.heading", slot: slot.id) {
            let roles: [LocalRole] = [.socialServices, .socialServicesOutOfHours]
            var parts = [StackPart(text: heading, role: .headline, relativeSize: 1.35, spaceBefore: 0)]
            for role in roles {
                for contact in input.profile.contacts(role) {
                    parts.append(StackPart(text: contact.name, role: .label, relativeSize: 1.1, spaceBefore: 0.6, language: "sv"))
                    if let described = roleDescription(contact, slot: slot.id) {
                        parts.append(StackPart(text: described, role: .body, relativeSize: 1, spaceBefore: 0.1))
                    }
                    parts += channelParts(contact.channels, slot: slot.id)
                }
            }
            if input.profile.contacts(.socialServices).isEmpty {
                problem(slot.id, "the municipality profile has no socialtjänst (role social-services)")
            }
            items.append(FlowItem(name: heading, parts: parts, keepWithNext: false))
        }
        return items
    }

    func helplineParts(_ helpline: Helpline, slot: String) -> [StackPart] {
        // Names stay names: in Swedish, and said to be so.
        var parts = [StackPart(text: helpline.name, role: .label, relativeSize: 1.15, spaceBefore: 0, language: "sv")]
        let description: String?
        if input.language.tag == "sv" {
            description = helpline.description
        } else {
            description = text("helpline.\(helpline.id).description", slot: slot)
        }
        if let description { parts.append(StackPart(text: description, role: .body, relativeSize: 1, spaceBefore: 0.2)) }
        if let notes = callerNotes(helpline, slot: slot) {
            parts.append(StackPart(text: notes, role: .body, relativeSize: 0.9, spaceBefore: 0.15))
        }
        parts += channelParts(helpline.channels, slot: slot)
        return parts
    }

    /// What a caller needs to know before calling (anonymous, free, not on the bill, tystnadsplikt,
    /// interpreters, sign language), as one compact line of the language's own sentences.
    func callerNotes(_ helpline: Helpline, slot: String) -> String? {
        var units = helpline.notes.filter { $0 != .hoursMayChange }.map { "note.\($0.rawValue)" }
        if helpline.interpreters { units.append("note.interpreters") }
        if helpline.signLanguage { units.append("note.sign-language") }
        let sentences = units.compactMap { text($0, slot: slot) }
        return sentences.isEmpty ? nil : sentences.joined(separator: " ")
    }

    func channelParts(_ channels: [Channel], slot: String) -> [StackPart] {
        var parts: [StackPart] = []
        var shownWeb = Set<String>()
        for channel in channels {
            guard let label = text("channel.\(channel.kind.rawValue)", slot: slot) else { continue }
            var line: String
            var link: String?
            switch channel.address {
            case .number(let number):
                line = "\(label): \(input.plan.format(number))"
                link = "tel:\(number.dialString)"
            case .url(let url):
                let short = shortAddress(url)
                if channel.kind == .web && shownWeb.contains(short) { continue }
                shownWeb.insert(short)
                line = "\(label): \(short)"
                link = url.absoluteString
            case .email(let address):
                line = "\(label): \(address)"
                link = "mailto:\(address)"
            }
            if let hours = channel.hours { line += " – " + formatter.format(hours) }
            let notes = channel.notes.filter { $0 != .hoursMayChange }.compactMap { text("note.\($0.rawValue)", slot: slot) }
            if !notes.isEmpty { line += " – " + notes.joined(separator: " ") }
            parts.append(StackPart(text: line, role: .label, relativeSize: 0.95, link: link, spaceBefore: 0.2))
        }
        return parts
    }
}
