import CYaml
import Diagnostics
import InputRules

/// Reads a YAML text as libyaml's event stream before anything builds a node tree from it, and
/// refuses what our data formats never use: anchors and aliases (an alias bomb used as a mapping
/// key makes the node tree's duplicate-key check hash an exponentially large node), keys that are
/// not plain text, nesting deeper than `Limits.yamlDepth`. Duplicate keys are found here too, with
/// their line, which the node tree cannot give.
enum YAMLPreflight {
    static func problems(in text: String, file: String) -> [Diagnostic] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return [] }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        var found: [Diagnostic] = []
        /// Per open mapping: the keys seen with their lines, and whether the next node is a key.
        struct Mapping { var keys: [String: Int] = [:]; var expectingKey = true }
        var stack: [Mapping?] = []  // nil for a sequence
        return bytes.withUnsafeMutableBufferPointer { buffer -> [Diagnostic] in
            guard let base = buffer.baseAddress else { return [] }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            while true {
                var event = yaml_event_t()
                // A syntax error is left for the full parser, which reports it with its column.
                guard yaml_parser_parse(&parser, &event) == 1 else { return found }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                func note(_ message: String, hint: String? = nil) {
                    found.append(Diagnostic(file: file, line: line, message: message, hint: hint))
                }
                // Whether this event is a node in key position of the innermost mapping.
                var isKey = false
                if case .some(.some(let mapping)) = stack.last {
                    isKey = mapping.expectingKey
                }
                func advance() {
                    if case .some(.some(var mapping)) = stack.last {
                        mapping.expectingKey.toggle()
                        stack[stack.count - 1] = mapping
                    }
                }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return found
                case YAML_ALIAS_EVENT:
                    note("uses a YAML alias (*name), which these data files do not use",
                         hint: "write the value out in full")
                    return found
                case YAML_SCALAR_EVENT:
                    if event.data.scalar.anchor != nil {
                        note("uses a YAML anchor (&name), which these data files do not use", hint: "write the value out in full")
                        return found
                    }
                    if isKey, let value = event.data.scalar.value {
                        let key = String(decoding: UnsafeBufferPointer(start: value, count: Int(event.data.scalar.length)), as: UTF8.self)
                        if case .some(.some(var mapping)) = stack.last {
                            if let first = mapping.keys[key] {
                                note("the field '\(key)' is written twice here (first on line \(first))",
                                     hint: "keep one of them")
                            } else {
                                mapping.keys[key] = line
                            }
                            stack[stack.count - 1] = mapping
                        }
                    }
                    advance()
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchored = event.type == YAML_SEQUENCE_START_EVENT
                        ? event.data.sequence_start.anchor != nil : event.data.mapping_start.anchor != nil
                    if anchored {
                        note("uses a YAML anchor (&name), which these data files do not use", hint: "write the value out in full")
                        return found
                    }
                    if isKey {
                        note("has a key that is a list or a mapping; keys are plain field names")
                        return found
                    }
                    if stack.count >= Limits.yamlDepth {
                        note("nests deeper than \(Limits.yamlDepth) levels, which no data file of this project needs")
                        return found
                    }
                    stack.append(event.type == YAML_MAPPING_START_EVENT ? Mapping() : nil)
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if !stack.isEmpty { stack.removeLast() }
                    advance()
                default:
                    break
                }
            }
        }
    }
}
