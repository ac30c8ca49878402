internal import CPangoCairo

/// What Pango did with a piece of text: which font families it really drew it with, and how many
/// characters no font could draw (they would print as boxes).
///
/// Pango substitutes silently when a family is missing or lacks a letter, so the project checks
/// this before anything is drawn.
public struct FontCoverage: Sendable, Hashable {
    public var unknownGlyphs: Int
    /// Families in the order the text's runs used them, without repeats.
    public var familiesUsed: [String]

    /// Families used that were not among those asked for (a silent fallback).
    public func unexpectedFamilies(requested: [String]) -> [String] {
        let wanted = Set(requested.map { $0.lowercased() })
        return familiesUsed.filter { !wanted.contains($0.lowercased()) }
    }
}

/// Lays text out with Pango, off screen, to see which fonts cover it.
public enum FontProbe {
    /// Safe to call from several threads: each thread lays out with its own font map.
    public static func coverage(of text: String, families: [String]) -> FontCoverage {
        let style = TextStyle(families: families, size: 12, language: "und", rightToLeft: false)
        let measurement = TextEngine.forCurrentThread().measure(text, style: style, width: 100_000)
        return FontCoverage(unknownGlyphs: measurement.unknownGlyphs, familiesUsed: measurement.familiesUsed)
    }

    /// Font families fontconfig knows on this machine.
    public static func installedFamilies() -> Set<String> {
        guard let fontMap = pango_cairo_font_map_get_default() else { return [] }
        var families: UnsafeMutablePointer<UnsafeMutablePointer<PangoFontFamily>?>?
        var count: Int32 = 0
        pango_font_map_list_families(fontMap, &families, &count)
        var names = Set<String>()
        if let families {
            for index in 0..<Int(count) {
                if let family = families[index], let name = pango_font_family_get_name(family) {
                    names.insert(String(cString: name))
                }
            }
            g_free(families)
        }
        return names
    }
}
