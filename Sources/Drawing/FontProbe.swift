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
    /// Safe to call from several threads: each call makes its own font map.
    public static func coverage(of text: String, families: [String]) -> FontCoverage {
        guard let fontMap = pango_cairo_font_map_new() else { return FontCoverage(unknownGlyphs: text.count, familiesUsed: []) }
        defer { g_object_unref(UnsafeMutableRawPointer(fontMap)) }
        guard let context = pango_font_map_create_context(fontMap) else {
            return FontCoverage(unknownGlyphs: text.count, familiesUsed: [])
        }
        defer { g_object_unref(UnsafeMutableRawPointer(context)) }
        guard let layout = pango_layout_new(context) else { return FontCoverage(unknownGlyphs: text.count, familiesUsed: []) }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let description = pango_font_description_new()
        defer { pango_font_description_free(description) }
        pango_font_description_set_family(description, families.joined(separator: ","))
        pango_font_description_set_absolute_size(description, 12 * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, description)
        pango_layout_set_text(layout, text, -1)
        let unknown = Int(pango_layout_get_unknown_glyphs_count(layout))
        var used: [String] = []
        if let iterator = pango_layout_get_iter(layout) {
            defer { pango_layout_iter_free(iterator) }
            repeat {
                if let run = pango_layout_iter_get_run_readonly(iterator),
                   let font = run.pointee.item.pointee.analysis.font,
                   let fontDescription = pango_font_describe(font) {
                    if let family = pango_font_description_get_family(fontDescription) {
                        let name = String(cString: family)
                        if !used.contains(name) { used.append(name) }
                    }
                    pango_font_description_free(fontDescription)
                }
            } while pango_layout_iter_next_run(iterator) != 0
        }
        return FontCoverage(unknownGlyphs: unknown, familiesUsed: used)
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
