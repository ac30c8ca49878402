import Foundation
internal import CCairo
internal import CPangoCairo

/// What a text would look like in a box, measured before anything is drawn.
public struct TextMeasurement: Sendable, Hashable {
    public var width: Double
    public var height: Double
    public var lineCount: Int
    /// Characters no font could draw (they would print as boxes).
    public var unknownGlyphs: Int
    public var familiesUsed: [String]
    /// A word is wider than the box and could only fit by being cut.
    public var tooWide: Bool
}

/// Pango text layout for one thread: its own font map and context, with hinting off and glyph
/// positions unrounded, so line breaks are the same on PDF, SVG and PNG.
///
/// Not thread-safe (Pango font maps must not be shared); make one per thread or render.
public final class TextEngine {
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer
    let fontOptions: OpaquePointer

    /// The engine of the calling thread, made on first use and kept: a Pango font map is costly to
    /// set up and must not be shared between threads, so each thread keeps its own.
    public static func forCurrentThread() -> TextEngine {
        perThread("se.tillsammans.TextEngine", make: TextEngine.init)
    }

    public init() {
        guard let fontMap = pango_cairo_font_map_new() else {
            preconditionFailure("Pango could not make a font map: out of memory")
        }
        // The project's own small font set when the families are known (see ProjectFonts).
        if let config = ProjectFonts.configuration() {
            pango_fc_font_map_set_config(OpaquePointer(fontMap), config)
        }
        guard let context = pango_font_map_create_context(fontMap),
              let fontOptions = cairo_font_options_create() else {
            preconditionFailure("Pango could not make a font map: out of memory")
        }
        self.fontMap = fontMap
        self.context = context
        self.fontOptions = fontOptions
        cairo_font_options_set_hint_metrics(fontOptions, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(fontOptions, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(fontOptions, CAIRO_ANTIALIAS_GRAY)
        applyOptions()
    }

    deinit {
        cairo_font_options_destroy(fontOptions)
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(UnsafeMutableRawPointer(fontMap))
    }

    private func applyOptions() {
        pango_cairo_context_set_font_options(context, fontOptions)
        pango_cairo_context_set_resolution(context, 72)
        pango_context_set_round_glyph_positions(context, 0)
    }

    /// A Pango layout for a text in a style and width; the caller unrefs it.
    func makeLayout(_ text: String, style: TextStyle, width: Double) -> OpaquePointer {
        let ctx = context
        pango_context_set_base_dir(ctx, style.rightToLeft ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR)
        let layout = pango_layout_new(ctx)
        pango_layout_set_auto_dir(layout, 0)
        let description = pango_font_description_new()
        pango_font_description_set_family(description, style.families.joined(separator: ","))
        pango_font_description_set_absolute_size(description, style.size * Double(PANGO_SCALE))
        pango_font_description_set_weight(description, style.weight == .bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD)
        let alignment: PangoAlignment
        switch (style.alignment, style.rightToLeft) {
        case (.center, _): alignment = PANGO_ALIGN_CENTER
        case (.start, false), (.end, true): alignment = PANGO_ALIGN_LEFT
        case (.start, true), (.end, false): alignment = PANGO_ALIGN_RIGHT
        }
        pango_layout_set_alignment(layout, alignment)
        let attributes = pango_attr_list_new()
        pango_attr_list_insert(attributes, pango_attr_language_new(pango_language_from_string(style.language)))
        pango_attr_list_insert(attributes, pango_attr_line_height_new_absolute(Int32(style.size * style.lineHeight * Double(PANGO_SCALE))))
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
        pango_layout_set_text(layout, text, -1)
        guard let layout else { preconditionFailure("Pango could not make a layout: out of memory") }
        return layout
    }

    public func measure(_ text: String, style: TextStyle, width: Double) -> TextMeasurement {
        let layout = makeLayout(text, style: style, width: width)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        return measurement(of: layout, width: width)
    }

    func measurement(of layout: OpaquePointer, width: Double) -> TextMeasurement {
        let pointer = layout
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        pango_layout_get_extents(pointer, &ink, &logical)
        let scale = Double(PANGO_SCALE)
        var used: [String] = []
        var tooWide = false
        if let iterator = pango_layout_get_iter(pointer) {
            repeat {
                if let run = pango_layout_iter_get_run_readonly(iterator),
                   let font = run.pointee.item.pointee.analysis.font,
                   let description = pango_font_describe(font) {
                    if let family = pango_font_description_get_family(description) {
                        let name = String(cString: family)
                        if !used.contains(name) { used.append(name) }
                    }
                    pango_font_description_free(description)
                }
            } while pango_layout_iter_next_run(iterator) != 0
            pango_layout_iter_free(iterator)
        }
        let lineCount = Int(pango_layout_get_line_count(pointer))
        for index in 0..<lineCount {
            guard let line = pango_layout_get_line_readonly(pointer, Int32(index)) else { continue }
            var lineInk = PangoRectangle()
            var lineLogical = PangoRectangle()
            pango_layout_line_get_extents(line, &lineInk, &lineLogical)
            if Double(lineLogical.width) / scale > width + 0.01 { tooWide = true }
        }
        return TextMeasurement(
            width: Double(logical.width) / scale, height: Double(logical.height) / scale, lineCount: lineCount,
            unknownGlyphs: Int(pango_layout_get_unknown_glyphs_count(pointer)), familiesUsed: used, tooWide: tooWide)
    }

    /// Draws a text block at its frame's top edge.
    func draw(_ block: TextBlock, on cr: OpaquePointer) {
        pango_cairo_update_context(cr, context)
        applyOptions()
        let layout = makeLayout(block.text, style: block.style, width: block.frame.width)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        cairo_save(cr)
        cairo_set_source_rgb(cr, block.style.color.red, block.style.color.green, block.style.color.blue)
        cairo_move_to(cr, block.frame.x, block.frame.y)
        pango_cairo_show_layout(cr, layout)
        cairo_restore(cr)
        // Measuring must not inherit this surface's transformation.
        pango_context_set_matrix(context, nil)
    }
}
