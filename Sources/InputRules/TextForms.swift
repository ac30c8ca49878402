/// Small forms of writing values that several formats share.
public enum TextForms {
    /// Text for XML content or an attribute value (SVG, XLIFF, XMP).
    public static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Millimetres and the like as people write them: "3", "5", "285.75" (never "3.0").
    public static func plainNumber(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
