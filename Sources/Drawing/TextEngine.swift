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

/// Pango text layout for one thread: its own font map and contexts, with hinting off and glyph
/// positions unrounded, so line breaks are the same on PDF, SVG and PNG.
///
/// Laid-out texts are kept and reused: the same headline is measured several times while it is
/// fitted, drawn once it fits, and is the same on every municipality's poster of a language, so
/// shaping it once per thread is enough. Each Pango context keeps one direction and one
/// transformation for its whole life, so a kept layout never has to be laid out again (Pango
/// would redo it, correctly, if its context had changed).
///
/// Not thread-safe (Pango font maps must not be shared); make one per thread or render.
public final class TextEngine {
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    let fontOptions: OpaquePointer
    /// Measuring contexts, one per direction: never given a cairo transformation.
    private var measuring: [Bool: OpaquePointer] = [:]
    /// Drawing contexts, one per direction and transformation of the page drawn on.
    private var drawing: [DrawingKey: OpaquePointer] = [:]
    private var measured = LayoutCache()
    private var drawn: [DrawingKey: LayoutCache] = [:]

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
        guard let fontOptions = cairo_font_options_create() else {
            preconditionFailure("Pango could not make a font map: out of memory")
        }
        self.fontMap = fontMap
        self.fontOptions = fontOptions
        cairo_font_options_set_hint_metrics(fontOptions, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(fontOptions, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(fontOptions, CAIRO_ANTIALIAS_GRAY)
    }

    deinit {
        measured.removeAll()
        for var cache in drawn.values { cache.removeAll() }
        for context in measuring.values { g_object_unref(UnsafeMutableRawPointer(context)) }
        for context in drawing.values { g_object_unref(UnsafeMutableRawPointer(context)) }
        cairo_font_options_destroy(fontOptions)
        g_object_unref(UnsafeMutableRawPointer(fontMap))
    }

    /// PDF, PNG at a few resolutions, A3, office margin, in two directions.
    static let drawingContextLimit = 12

    private func forgetDrawingContexts() {
        for key in drawn.keys { drawn[key]?.removeAll() }
        drawn = [:]
        for context in drawing.values { g_object_unref(UnsafeMutableRawPointer(context)) }
        drawing = [:]
    }

    /// Forgets every kept layout (the benchmark's figures for a text never seen before).
    public func forgetLayouts() {
        measured.removeAll()
        for key in drawn.keys { drawn[key]?.removeAll() }
    }

    private func makeContext(rightToLeft: Bool) -> OpaquePointer {
        guard let context = pango_font_map_create_context(fontMap) else {
            preconditionFailure("Pango could not make a context: out of memory")
        }
        pango_context_set_base_dir(context, rightToLeft ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR)
        applyOptions(context)
        return context
    }

    private func measuringContext(rightToLeft: Bool) -> OpaquePointer {
        if let context = measuring[rightToLeft] { return context }
        let context = makeContext(rightToLeft: rightToLeft)
        measuring[rightToLeft] = context
        return context
    }

    private func applyOptions(_ context: OpaquePointer) {
        pango_cairo_context_set_font_options(context, fontOptions)
        pango_cairo_context_set_resolution(context, 72)
        pango_context_set_round_glyph_positions(context, 0)
    }

    /// A kept layout of the text in the context, made on first use; owned by the cache.
    private func layout(_ text: String, style: TextStyle, width: Double, context: OpaquePointer,
                        cache: inout LayoutCache) -> OpaquePointer {
        let key = LayoutKey(text: text, style: style, width: width)
        if let kept = cache.layout(for: key) { return kept }
        let made = makeLayout(text, style: style, width: width, context: context)
        cache.keep(made, for: key)
        return made
    }

    /// A Pango layout for a text in a style and width; the caller unrefs it.
    func makeLayout(_ text: String, style: TextStyle, width: Double, context: OpaquePointer) -> OpaquePointer {
        let layout = pango_layout_new(context)
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
        let key = LayoutKey(text: text, style: style, width: width)
        if let kept = measured.measurement(for: key) { return kept }
        // The layout is kept too: a PDF page drawn at its own size draws this very layout.
        let laidOut = layout(text, style: style, width: width, context: measuringContext(rightToLeft: style.rightToLeft),
                             cache: &measured)
        let result = measurement(of: laidOut, width: width)
        measured.keep(result, for: key)
        return result
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
        var matrix = cairo_matrix_t()
        cairo_get_matrix(cr, &matrix)
        let key = DrawingKey(rightToLeft: block.style.rightToLeft, xx: matrix.xx, yx: matrix.yx, xy: matrix.xy, yy: matrix.yy,
                             surface: cairo_surface_get_type(cairo_get_target(cr)).rawValue)
        if key.surface == CAIRO_SURFACE_TYPE_PDF.rawValue && key.xx == 1 && key.yy == 1 && key.xy == 0 && key.yx == 0 {
            // A PDF at the page's own size: positions are the layout's own, unrounded and
            // unhinted, so the text is drawn from the very layout that was measured.
            let laidOut = layout(block.text, style: block.style, width: block.frame.width,
                                 context: measuringContext(rightToLeft: block.style.rightToLeft), cache: &measured)
            show(laidOut, block, on: cr)
            return
        }
        let context: OpaquePointer
        if let kept = drawing[key] {
            context = kept
        } else {
            // Takes the page's transformation and the surface's font options once: the context
            // is only ever used for this key. (Every pango_cairo_update_context counts as a
            // change, even an identical one, and would lay out every kept layout again.)
            // Any resolution can be asked for: past a few transformations the kept ones go.
            if drawing.count >= Self.drawingContextLimit { forgetDrawingContexts() }
            context = makeContext(rightToLeft: block.style.rightToLeft)
            pango_cairo_update_context(cr, context)
            drawing[key] = context
        }
        var cache = drawn[key] ?? LayoutCache()
        drawn[key] = nil
        let laidOut = layout(block.text, style: block.style, width: block.frame.width, context: context, cache: &cache)
        drawn[key] = cache
        show(laidOut, block, on: cr)
    }

    private func show(_ laidOut: OpaquePointer, _ block: TextBlock, on cr: OpaquePointer) {
        cairo_save(cr)
        cairo_set_source_rgb(cr, block.style.color.red, block.style.color.green, block.style.color.blue)
        cairo_move_to(cr, block.frame.x, block.frame.y)
        pango_cairo_show_layout(cr, laidOut)
        cairo_restore(cr)
    }
}

/// What a layout depends on: the text, its style without the colour, and the box's width.
struct LayoutKey: Hashable {
    var text: String
    var families: [String]
    var size: Double
    var bold: Bool
    var alignment: TextAlignment
    var lineHeight: Double
    var language: String
    var rightToLeft: Bool
    var width: Double

    init(text: String, style: TextStyle, width: Double) {
        self.text = text
        families = style.families
        size = style.size
        bold = style.weight == .bold
        alignment = style.alignment
        lineHeight = style.lineHeight
        language = style.language
        rightToLeft = style.rightToLeft
        self.width = width
    }
}

/// A drawing context's direction, transformation (without translation, which Pango ignores)
/// and kind of surface.
struct DrawingKey: Hashable {
    var rightToLeft: Bool
    var xx: Double
    var yx: Double
    var xy: Double
    var yy: Double
    var surface: UInt32
}

/// Kept layouts and measurements of one context.
struct LayoutCache {
    private var layouts = Generations<OpaquePointer>(size: 1500)
    private var measurements = Generations<TextMeasurement>(size: 6000)

    mutating func layout(for key: LayoutKey) -> OpaquePointer? { release(layouts.value(for: key)) }

    /// Takes ownership of the layout.
    mutating func keep(_ layout: OpaquePointer, for key: LayoutKey) { _ = release((nil, layouts.keep(layout, for: key))) }

    mutating func measurement(for key: LayoutKey) -> TextMeasurement? { measurements.value(for: key).value }

    mutating func keep(_ measurement: TextMeasurement, for key: LayoutKey) { _ = measurements.keep(measurement, for: key) }

    mutating func removeAll() {
        for layout in layouts.removeAll() { g_object_unref(UnsafeMutableRawPointer(layout)) }
        _ = measurements.removeAll()
    }

    private func release(_ outcome: (value: OpaquePointer?, dropped: [OpaquePointer])) -> OpaquePointer? {
        for layout in outcome.dropped { g_object_unref(UnsafeMutableRawPointer(layout)) }
        return outcome.value
    }
}

/// Values kept in two generations: when the newer one is full the older is dropped and the newer
/// becomes the older, and a value found in the older is moved to the newer. What a build keeps
/// using stays; memory stays bounded.
struct Generations<Value> {
    let size: Int
    private var newer: [LayoutKey: Value] = [:]
    private var older: [LayoutKey: Value] = [:]

    init(size: Int) { self.size = size }

    /// The value, and what keeping it dropped (for the caller to release).
    mutating func value(for key: LayoutKey) -> (value: Value?, dropped: [Value]) {
        if let kept = newer[key] { return (kept, []) }
        guard let found = older.removeValue(forKey: key) else { return (nil, []) }
        return (found, keep(found, for: key))
    }

    /// Keeps a value; returns the values dropped to make room.
    mutating func keep(_ value: Value, for key: LayoutKey) -> [Value] {
        var dropped: [Value] = []
        if newer.count >= size {
            dropped = Array(older.values)
            older = newer
            newer = [:]
        }
        newer[key] = value
        return dropped
    }

    mutating func removeAll() -> [Value] {
        let all = Array(newer.values) + Array(older.values)
        newer = [:]
        older = [:]
        return all
    }
}
