import Drawing
import Foundation
import Localization

/// One piece of a stacked block: a line of text with its role and its size relative to the
/// block's base size (the number 1.0, the hours under it 0.6).
struct StackPart {
    var text: String
    var role: FontRole
    var relativeSize: Double
    var link: String?
    /// Space before this part, as a multiple of the base size.
    var spaceBefore: Double = 0.15
    /// The language of a text that is not in the document's (a Swedish name in a Somali poster).
    var language: String? = nil
}

/// Measures and fits text with Pango for one layout run, and checks every letter has a font.
final class TextFitter {
    let engine = TextEngine.forCurrentThread()
    let language: CampaignLanguage
    let document: String
    var problems: [LayoutProblem] = []
    /// Font checks are made once per distinct text.
    private var checked = Set<String>()

    init(language: CampaignLanguage, document: String) {
        self.language = language
        self.document = document
    }

    func style(_ role: FontRole, size: Double, color: RGBColor, alignment: TextAlignment) -> TextStyle {
        TextStyle(families: language.fonts, size: size, weight: role.weight, color: color, alignment: alignment,
                  lineHeight: role.lineHeight, language: language.tag, rightToLeft: language.direction == .rightToLeft)
    }

    /// Prepares a text for layout: numbers and addresses isolated in right-to-left languages.
    func prepare(_ text: String) -> String {
        language.direction == .rightToLeft ? BidiIsolation.isolate(text) : text
    }

    /// Lays out a stack of parts at the largest base size in `sizes` that fits `frame` (points).
    /// Reports an overflow naming the slot when even the smallest size does not fit.
    func fitStack(_ parts: [StackPart], sizes: ClosedRange<Double>, frame: Rect, color: RGBColor,
                  alignment: TextAlignment, verticalAlignment: String, slot: String) -> (elements: [PageElement], links: [LinkArea])? {
        // A text far longer than any slot holds is refused before Pango measures it: a 1 MB
        // headline would overflow Pango's integer units and be reported as fitting.
        for part in parts {
            let limit = part.role.longestText
            let length = part.text.unicodeScalars.count
            if length > limit.maximumLength {
                problems.append(LayoutProblem(document: document, language: language.tag, slot: slot,
                                              message: "the text is \(length) characters long; a \(part.role.rawValue) holds at most \(limit.maximumLength)",
                                              hint: "shorten the text"))
                return nil
            }
        }
        let prepared = parts.map { part -> StackPart in
            var copy = part
            copy.text = prepare(part.text)
            return copy
        }
        func measureAll(_ base: Double) -> (fits: Bool, measurements: [TextMeasurement], total: Double, tooWide: Bool, widePart: Int?) {
            var measurements: [TextMeasurement] = []
            var total = 0.0
            var widePart: Int?
            for (index, part) in prepared.enumerated() {
                let measurement = engine.measure(part.text, style: style(part.role, size: base * part.relativeSize, color: color, alignment: alignment),
                                                 width: frame.width)
                measurements.append(measurement)
                total += measurement.height + (index > 0 ? part.spaceBefore * base : 0)
                if measurement.tooWide && widePart == nil { widePart = index }
            }
            return (widePart == nil && total <= frame.height + 0.01, measurements, total, widePart != nil, widePart)
        }
        /// The start of a text, quoted, so the person who wrote it knows which one to shorten.
        func quoted(_ index: Int) -> String {
            let text = parts[index].text
            return "'" + (text.count > 40 ? String(text.prefix(40)) + "…" : text) + "'"
        }
        // The same texts are fitted into the same slots for every municipality: remember the
        // outcome per thread instead of searching for the size again.
        let key = FitCache.key(prepared, language: language.tag, fonts: language.fonts, sizes: sizes, width: frame.width, height: frame.height)
        let cache = FitCache.forCurrentThread()
        let fitted: FitCache.Outcome
        if let known = cache.outcomes[key] {
            fitted = known
        } else {
            fitted = search()
            cache.store(fitted, for: key)
        }
        guard case .fits(let chosen, let measurements, let total) = fitted else {
            if case .overflow(let reason) = fitted {
                problems.append(LayoutProblem(document: document, language: language.tag, slot: slot,
                                              message: "the text does not fit: \(reason)",
                                              hint: "shorten the text or make the slot larger in the template"))
            }
            return nil
        }
        let result = (measurements: measurements, total: total)

        func search() -> FitCache.Outcome {
            var chosen = sizes.upperBound
            var result = measureAll(chosen)
            if !result.fits {
                let smallest = measureAll(sizes.lowerBound)
                if !smallest.fits {
                    let reason = smallest.tooWide
                        ? "a word of \(smallest.widePart.map(quoted) ?? "the text") is wider than the slot even at \(format(sizes.lowerBound)) pt"
                        : "the text needs \(format(smallest.total / pointsPerMillimetreValue)) mm at \(format(sizes.lowerBound)) pt but the slot is \(format(frame.height / pointsPerMillimetreValue)) mm high"
                    return .overflow(reason)
                }
                var low = sizes.lowerBound
                var high = sizes.upperBound
                result = smallest
                chosen = low
                // Quarter points: finer steps would only make more font sizes for cairo to cache.
                while high - low > 0.25 {
                    let middle = ((low + high) / 2 * 4).rounded(.down) / 4
                    if middle <= low { break }
                    let attempt = measureAll(middle)
                    if attempt.fits {
                        low = middle
                        chosen = middle
                        result = attempt
                    } else {
                        high = middle
                    }
                }
            }
            return .fits(chosen, result.measurements, result.total)
        }
        var y = frame.y
        switch verticalAlignment {
        case "middle": y += (frame.height - result.total) / 2
        case "bottom": y += frame.height - result.total
        default: break
        }
        var elements: [PageElement] = []
        var links: [LinkArea] = []
        for (index, part) in prepared.enumerated() {
            if index > 0 { y += part.spaceBefore * chosen }
            let measurement = result.measurements[index]
            let block = TextBlock(text: part.text, frame: Rect(x: frame.x, y: y, width: frame.width, height: measurement.height),
                                  style: style(part.role, size: chosen * part.relativeSize, color: color, alignment: alignment),
                                  slot: slot, isHeading: part.role == .headline,
                                  textLanguage: part.language == language.tag ? nil : part.language)
            checkFonts(block, measurement: measurement)
            elements.append(.text(block))
            if let link = part.link { links.append(LinkArea(url: link, frame: block.frame, description: part.text)) }
            y += measurement.height
        }
        return (elements, links)
    }

    /// Every character must be drawn by one of the language's fonts: no boxes, no silent
    /// fallback to another family.
    func checkFonts(_ block: TextBlock, measurement: TextMeasurement) {
        guard checked.insert(block.text + "\u{0}" + block.style.weight.rawValue).inserted else { return }
        if measurement.unknownGlyphs > 0 {
            var missing: [String] = []
            for scalar in Set(block.text.unicodeScalars) where !scalar.properties.isWhitespace && scalar.value >= 0x20 {
                let single = engine.measure(String(scalar), style: block.style, width: 1000)
                if single.unknownGlyphs > 0 {
                    missing.append("'\(scalar)' U+\(String(scalar.value, radix: 16, uppercase: true))")
                }
            }
            problems.append(LayoutProblem(document: document, language: language.tag, slot: block.slot,
                                          message: "no font of \(language.fonts.joined(separator: ", ")) has \(missing.sorted().joined(separator: ", "))",
                                          hint: "correct the text or add a font that covers it to Resources/languages/\(language.tag).yaml"))
        }
        let allowed = Set(language.fonts.map { $0.lowercased() })
        let unexpected = measurement.familiesUsed.filter { !allowed.contains($0.lowercased()) }
        if !unexpected.isEmpty {
            problems.append(LayoutProblem(document: document, language: language.tag, slot: block.slot,
                                          message: "Pango drew some characters with \(unexpected.joined(separator: ", ")), which is not a font of this language",
                                          hint: "is a font missing? run tmv languages check"))
        }
    }

    func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

let pointsPerMillimetreValue = 72.0 / 25.4

/// Forgets the text sizes fitted on this thread (the benchmark's "never seen" figures).
public func forgetFittedSizesOnThisThread() { FitCache.forCurrentThread().outcomes.removeAll() }

/// What fitting a stack of texts into a slot came to, remembered per thread.
final class FitCache {
    enum Outcome {
        case fits(Double, [TextMeasurement], Double)
        case overflow(String)
    }

    var outcomes: [String: Outcome] = [:]
    static let limit = 20_000

    static func forCurrentThread() -> FitCache {
        perThread("se.tillsammans.FitCache", make: FitCache.init)
    }

    func store(_ outcome: Outcome, for key: String) {
        if outcomes.count >= Self.limit { outcomes.removeAll() }
        outcomes[key] = outcome
    }

    static func key(_ parts: [StackPart], language: String, fonts: [String], sizes: ClosedRange<Double>,
                    width: Double, height: Double) -> String {
        var key = "\(language)|\(fonts.joined(separator: ","))|\(sizes.lowerBound)-\(sizes.upperBound)|\(width)x\(height)"
        for part in parts {
            key += "|\(part.role.rawValue):\(part.relativeSize):\(part.spaceBefore):\(part.text)"
        }
        return key
    }
}
