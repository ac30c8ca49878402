internal import CQPDF
import Foundation

/// Why a PDF could not be finished; rare, since cairo wrote the file a moment before.
public struct FinishingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

/// One PDF opened with qpdf for editing its objects. Not shared between threads.
///
/// qpdf's C interface hands out integer handles that live until the document is closed, so
/// nothing here needs releasing one by one.
final class QPDFDocument {
    typealias Object = qpdf_oh
    private var data: qpdf_data?
    /// qpdf reads from this buffer lazily: it must live as long as the document.
    private let input: UnsafeMutableBufferPointer<CChar>

    init(bytes: [UInt8], name: String) throws(FinishingError) {
        data = qpdf_init()
        input = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(bytes.count, 1))
        bytes.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) { _ = input.initialize(from: $0) }
        }
        qpdf_silence_errors(data)
        qpdf_set_suppress_warnings(data, 1)
        let code = qpdf_read_memory(data, name, input.baseAddress, UInt64(bytes.count), nil)
        if code & Int32(QPDF_ERRORS) != 0 { throw FinishingError("qpdf cannot read \(name): \(lastError())") }
    }

    deinit {
        qpdf_cleanup(&data)
        input.deallocate()
    }

    private func lastError() -> String {
        guard qpdf_has_error(data) != 0, let error = qpdf_get_error(data),
              let text = qpdf_get_error_full_text(data, error) else { return "unknown error" }
        return String(cString: text)
    }

    var root: Object { qpdf_get_root(data) }
    var trailer: Object { qpdf_get_trailer(data) }
    var pageCount: Int { Int(qpdf_get_num_pages(data)) }
    func page(_ index: Int) -> Object { qpdf_get_page_n(data, index) }

    /// A PDF object written in PDF syntax: `<< /DisplayDocTitle true >>`.
    func parse(_ syntax: String) -> Object { qpdf_oh_parse(data, syntax) }
    func text(_ value: String) -> Object { qpdf_oh_new_unicode_string(data, value) }
    func name(_ value: String) -> Object { qpdf_oh_new_name(data, value) }
    func null() -> Object { qpdf_oh_new_null(data) }
    func indirect(_ object: Object) -> Object { qpdf_make_indirect_object(data, object) }

    func get(_ object: Object, _ key: String) -> Object { qpdf_oh_get_key(data, object, key) }
    func set(_ object: Object, _ key: String, _ value: Object) { qpdf_oh_replace_key(data, object, key, value) }
    func remove(_ object: Object, _ key: String) { qpdf_oh_remove_key(data, object, key) }
    func has(_ object: Object, _ key: String) -> Bool { qpdf_oh_has_key(data, object, key) != 0 }

    func isNull(_ object: Object) -> Bool { qpdf_oh_is_null(data, object) != 0 }
    func isArray(_ object: Object) -> Bool { qpdf_oh_is_array(data, object) != 0 }
    func isDictionary(_ object: Object) -> Bool { qpdf_oh_is_dictionary(data, object) != 0 }
    func isStream(_ object: Object) -> Bool { qpdf_oh_is_stream(data, object) != 0 }
    func isName(_ object: Object, _ value: String) -> Bool { qpdf_oh_is_name_and_equals(data, object, value) != 0 }
    func integer(_ object: Object) -> Int? {
        qpdf_oh_is_integer(data, object) != 0 ? Int(qpdf_oh_get_int_value(data, object)) : nil
    }
    func string(_ object: Object) -> String? {
        guard qpdf_oh_is_string(data, object) != 0, let utf8 = qpdf_oh_get_utf8_value(data, object) else { return nil }
        return String(cString: utf8)
    }

    func keys(_ dictionary: Object) -> [String] {
        var keys: [String] = []
        qpdf_oh_begin_dict_key_iter(data, dictionary)
        while qpdf_oh_dict_more_keys(data) != 0 {
            if let key = qpdf_oh_dict_next_key(data) { keys.append(String(cString: key)) }
        }
        return keys
    }

    func count(_ array: Object) -> Int { Int(qpdf_oh_get_array_n_items(data, array)) }
    func item(_ array: Object, _ index: Int) -> Object { qpdf_oh_get_array_item(data, array, Int32(index)) }
    func items(_ array: Object) -> [Object] { isArray(array) ? (0..<count(array)).map { item(array, $0) } : [] }
    func setItem(_ array: Object, _ index: Int, _ value: Object) { qpdf_oh_set_array_item(data, array, Int32(index), value) }
    func erase(_ array: Object, _ index: Int) { qpdf_oh_erase_item(data, array, Int32(index)) }
    func append(_ array: Object, _ value: Object) { qpdf_oh_append_item(data, array, value) }
    func sameObject(_ a: Object, _ b: Object) -> Bool {
        qpdf_oh_is_indirect(data, a) != 0 && qpdf_oh_get_object_id(data, a) == qpdf_oh_get_object_id(data, b)
            && qpdf_oh_get_generation(data, a) == qpdf_oh_get_generation(data, b)
    }

    /// A stream's data with its compression undone.
    func streamData(_ stream: Object) throws(FinishingError) -> [UInt8] {
        var buffer: UnsafeMutablePointer<UInt8>?
        var length = 0
        var filtered: Int32 = 0
        let code = qpdf_oh_get_stream_data(data, stream, qpdf_dl_generalized, &filtered, &buffer, &length)
        defer { free(buffer) }
        guard code & Int32(QPDF_ERRORS) == 0, let buffer, filtered != 0 else {
            throw FinishingError("qpdf cannot read a stream: \(lastError())")
        }
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }

    /// Replaces a stream's data with uncompressed bytes (compressed again when written).
    func replaceStreamData(_ stream: Object, with bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            qpdf_oh_replace_stream_data(data, stream, buffer.baseAddress, buffer.count, null(), null())
        }
    }

    /// Replaces a stream's data with the bytes compressed here at zlib level 1: a page's
    /// content is rewritten on every render, and level 1 takes a third of the time of qpdf's
    /// level 6 for a stream about a fifth larger.
    func replaceStreamDataCompressed(_ stream: Object, with bytes: [UInt8]) {
        var length = compressBound(uLong(bytes.count))
        var compressed = [UInt8](repeating: 0, count: Int(length))
        let status = compressed.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer { source in
                compress2(target.baseAddress, &length, source.baseAddress, uLong(source.count), 1)
            }
        }
        guard status == Z_OK else {
            replaceStreamData(stream, with: bytes)
            return
        }
        compressed.withUnsafeBufferPointer { buffer in
            qpdf_oh_replace_stream_data(data, stream, buffer.baseAddress, Int(length), name("/FlateDecode"), null())
        }
    }

    func newStream(_ bytes: [UInt8], dictionary: [String: Object]) -> Object {
        let stream = qpdf_oh_new_stream(data)
        replaceStreamData(stream, with: bytes)
        let dict = qpdf_oh_get_dict(data, stream)
        for (key, value) in dictionary { set(dict, key, value) }
        return stream
    }

    /// A document information entry as a text string (UTF-16 when it is not plain ASCII, so
    /// readers show "ملصق" and not its bytes).
    func setInfo(_ key: String, _ value: String) {
        var info = get(trailer, "/Info")
        if isNull(info) {
            info = indirect(parse("<< >>"))
            set(trailer, "/Info", info)
        }
        set(info, key, text(value))
    }

    /// The catalogue's XMP metadata stream.
    func setMetadata(_ xmp: [UInt8]) {
        set(root, "/Metadata", indirect(newStream(xmp, dictionary: ["/Type": name("/Metadata"), "/Subtype": name("/XML")])))
    }

    /// The object in PDF syntax, e.g. `[ 0 0 595.276 841.89 ]`.
    func unparse(_ object: Object) -> String {
        guard let text = qpdf_oh_unparse_resolved(data, object) else { return "null" }
        return String(cString: text)
    }

    /// Writes the document: object streams as they were, new streams compressed, the same /ID
    /// for the same content (a pack rebuilt from the same input is byte-identical).
    func write() throws(FinishingError) -> [UInt8] {
        var code = qpdf_init_write_memory(data)
        guard code & Int32(QPDF_ERRORS) == 0 else { throw FinishingError("qpdf cannot write: \(lastError())") }
        qpdf_set_object_stream_mode(data, qpdf_o_preserve)
        qpdf_set_decode_level(data, qpdf_dl_none)
        qpdf_set_compress_streams(data, 1)
        qpdf_set_deterministic_ID(data, 1)
        code = qpdf_write(data)
        guard code & Int32(QPDF_ERRORS) == 0, let buffer = qpdf_get_buffer(data) else {
            throw FinishingError("qpdf cannot write: \(lastError())")
        }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(qpdf_get_buffer_length(data))))
    }
}
