/// Every limit on what the project reads, in one place, as librsvg keeps its own: each is named
/// in the message when it is hit, and each is far above what honest input needs.
public enum Limits {
    /// The largest file read for each kind of input, checked before the file is read whole.
    public enum FileKind: String, Sendable, CaseIterable {
        case catalogue, profile, translation, logo, language, register, telephony, template

        public var maximumBytes: Int {
            switch self {
            case .catalogue: return 2 * 1024 * 1024          // today 60 KB
            case .profile: return 256 * 1024                 // a few KB
            case .translation: return 2 * 1024 * 1024        // today 40 KB
            case .logo: return 5 * 1024 * 1024
            case .language: return 256 * 1024
            case .register: return 1024 * 1024
            case .telephony: return 256 * 1024
            case .template: return 4 * 1024 * 1024
            }
        }

        /// How the file is called in a message.
        public var described: String {
            switch self {
            case .catalogue: return "a helpline catalogue"
            case .profile: return "a municipality profile"
            case .translation: return "a translation file"
            case .logo: return "a logo"
            case .language: return "a language file"
            case .register: return "the municipality register"
            case .telephony: return "a telephone-number file"
            case .template: return "a template page"
            }
        }
    }

    /// The largest raster image, in pixels a side and in all, for every image: a logo, and an
    /// image embedded in an SVG logo.
    public static let rasterPixelsPerSide = 8000
    public static let rasterPixels = 40_000_000
    /// How deep an SVG's elements may nest, and how deep a YAML file may nest.
    public static let xmlDepth = 64
    /// How many elements an SVG logo may have (a detailed coat of arms has a few thousand).
    public static let svgElements = 20_000
    public static let yamlDepth = 32
    /// How long one document may take to render before it is given up as an error, in seconds.
    public static let renderSeconds = 20.0

    /// The longest text of each kind of field or slot, in characters (Unicode scalars). Far above
    /// what a poster can show, well below what makes layout slow or overflow Pango's units.
    public enum TextKind: String, Sendable, CaseIterable {
        /// A name or title: a helpline's, an organisation's, a contact's, a municipality's.
        case name
        /// A label, a channel label, a heading, an e-mail or web address.
        case label
        /// A helpline's or contact's description, a body text, a brochure paragraph.
        case paragraph
        /// A poster headline.
        case headline

        public var maximumLength: Int {
            switch self {
            case .name: return 200
            case .label: return 300
            case .paragraph: return 2000
            case .headline: return 400
            }
        }
    }
}
