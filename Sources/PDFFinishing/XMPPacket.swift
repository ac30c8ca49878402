import Foundation
import InputRules

/// The XMP metadata a PDF carries: title and language for readers, the PDF/UA claim, and for
/// print the PDF/X identification a prepress check reads.
struct XMPPacket {
    var title: String
    var language: String
    var created: String
    var pdfua: Bool
    var pdfx: Bool = false
    /// Stable for the same content, as xmpMM:DocumentID should be.
    var documentID: String = ""
    /// The same as the document information's /Producer, as PDF/X and PDF/A ask.
    static let producer = "Tillsammans (tmv) with cairo and qpdf"

    var bytes: [UInt8] {
        var extraNamespaces = ""
        var extra = ""
        if pdfua {
            extraNamespaces += " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\""
            extra += "   <pdfuaid:part>1</pdfuaid:part>\n"
        }
        if pdfx {
            extraNamespaces += " xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\""
            extra += "   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n"
            extra += "   <pdf:Trapped>False</pdf:Trapped>\n"
            extra += "   <xmpMM:DocumentID>uuid:\(documentID)</xmpMM:DocumentID>\n"
            extra += "   <xmpMM:InstanceID>uuid:\(documentID)</xmpMM:InstanceID>\n"
            extra += "   <xmpMM:VersionID>1</xmpMM:VersionID>\n"
            extra += "   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n"
        }
        let packet = """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"\(extraNamespaces)>
               <dc:format>application/pdf</dc:format>
               <dc:title><rdf:Alt><rdf:li xml:lang="x-default">\(escape(title))</rdf:li><rdf:li xml:lang="\(escape(language))">\(escape(title))</rdf:li></rdf:Alt></dc:title>
               <dc:language><rdf:Bag><rdf:li>\(escape(language))</rdf:li></rdf:Bag></dc:language>
               <xmp:CreateDate>\(created)</xmp:CreateDate>
               <xmp:ModifyDate>\(created)</xmp:ModifyDate>
               <xmp:MetadataDate>\(created)</xmp:MetadataDate>
               <xmp:CreatorTool>Tillsammans (tmv)</xmp:CreatorTool>
               <pdf:Producer>\(Self.producer)</pdf:Producer>
            \(extra)  </rdf:Description>
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """
        return Array(packet.utf8)
    }

    private func escape(_ text: String) -> String { TextForms.xmlEscaped(text) }
}
