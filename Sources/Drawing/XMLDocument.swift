import Foundation
internal import CLibXML2

/// An XML element read by libxml2, as plain Swift values: templates, logos and translation files
/// are read through this, so no other module touches libxml2.
public struct XMLElement: Sendable, Hashable {
    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var namespace: String?
        public var value: String
    }

    public var name: String
    public var namespace: String?
    public var attributes: [Attribute]
    public var children: [XMLElement]
    /// The element's own text, its text children joined (not its descendants').
    public var text: String
    public var line: Int
    /// Entity references left unexpanded inside this element (a sign of an entity trick).
    public var entityReferences: [String]

    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// Every element below this one, depth first, this one included.
    public var allElements: [XMLElement] {
        [self] + children.flatMap(\.allElements)
    }

    /// All text inside, in document order.
    public var allText: String {
        text + children.map(\.allText).joined()
    }
}

/// A parsed XML document and what the parser saw of its DOCTYPE.
public struct XMLDocument: Sendable, Hashable {
    public var root: XMLElement
    /// The document declares a DOCTYPE (internal subset), where entity tricks live.
    public var hasDoctype: Bool
    /// Names of entities the DOCTYPE declares.
    public var declaredEntities: [String]

    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses untrusted XML safely: no network, no external DTD, no entity substitution, so an
    /// external entity cannot read a file and a DTD cannot be fetched.
    public init(data: [UInt8]) throws(ParseError) {
        guard let context = xmlNewParserCtxt() else { throw ParseError(line: 0, message: "out of memory") }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue
                            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed: xmlDocPtr? = data.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    xmlCtxtReadMemory(context, chars, Int32(buffer.count), nil, "UTF-8", options)
                }
            }
        }
        guard let document = parsed else {
            if let error = xmlCtxtGetLastError(context) {
                let message = error.pointee.message.map { String(cString: $0) } ?? "not well-formed XML"
                throw ParseError(line: Int(error.pointee.line),
                                 message: message.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            throw ParseError(line: 0, message: "not well-formed XML")
        }
        defer { xmlFreeDoc(document) }
        guard let rootNode = xmlDocGetRootElement(document) else { throw ParseError(line: 0, message: "the document is empty") }
        var entities: [String] = []
        if let subset = document.pointee.intSubset {
            var child = subset.pointee.children
            while let node = child {
                if node.pointee.type == XML_ENTITY_DECL, let name = node.pointee.name {
                    entities.append(String(cString: name))
                }
                child = node.pointee.next
            }
        }
        self.root = XMLDocument.element(rootNode)
        self.hasDoctype = document.pointee.intSubset != nil
        self.declaredEntities = entities
    }

    private static func element(_ node: xmlNodePtr) -> XMLElement {
        var attributes: [XMLElement.Attribute] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = current.pointee.name.map { String(cString: $0) } ?? ""
            let namespace = current.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
            var value = ""
            if let raw = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) {
                value = String(cString: raw)
                tmv_xml_free(raw)
            }
            attributes.append(XMLElement.Attribute(name: name, namespace: namespace, value: value))
            attribute = current.pointee.next
        }
        var children: [XMLElement] = []
        var text = ""
        var entityReferences: [String] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(element(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            case XML_ENTITY_REF_NODE:
                entityReferences.append(current.pointee.name.map { String(cString: $0) } ?? "")
            default:
                break
            }
            child = current.pointee.next
        }
        return XMLElement(
            name: node.pointee.name.map { String(cString: $0) } ?? "",
            namespace: node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) },
            attributes: attributes, children: children, text: text, line: Int(xmlGetLineNo(node)),
            entityReferences: entityReferences)
    }
}
