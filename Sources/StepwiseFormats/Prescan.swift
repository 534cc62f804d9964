// libyaml's own scanner (the C target inside Yams) finds anchors, aliases and nesting exactly as
// the parser will see them; a hand-written scan once disagreed with it on line ends and `--- &x`.
internal import CYaml

/// A pass over the YAML tokens before the document is composed, for the two things the composer
/// would otherwise turn into a hang or a crash: anchors and aliases (the start of every alias bomb;
/// Yams hashes aliased mapping keys recursively, in exponential time) and very deep nesting (the
/// composer recurses).
///
/// Scanning is linear in the text and allocates only per token, so whatever the input, parse time
/// is bounded by the file size limit: no anchor means no alias can be expanded.
struct Prescan {
    struct Finding: Equatable {
        enum Kind: Equatable { case anchor, tooDeep }
        var kind: Kind
        var line: Int
        var column: Int
    }

    /// The first anchor, alias or excessive nesting, or nil when the text is safe to compose. A
    /// scanner error also gives nil: the parser then reports it, located, and composes nothing.
    static func check(_ text: String) -> Finding? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeBufferPointer { buffer -> Finding? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var depth = 0
            var token = yaml_token_t()
            while yaml_parser_scan(&parser, &token) == 1 {
                let type = token.type
                let line = Int(token.start_mark.line) + 1, column = Int(token.start_mark.column) + 1
                yaml_token_delete(&token)
                switch type {
                case YAML_ANCHOR_TOKEN, YAML_ALIAS_TOKEN: return Finding(kind: .anchor, line: line, column: column)
                case YAML_BLOCK_SEQUENCE_START_TOKEN, YAML_BLOCK_MAPPING_START_TOKEN,
                    YAML_FLOW_SEQUENCE_START_TOKEN, YAML_FLOW_MAPPING_START_TOKEN:
                    depth += 1
                    if depth > Limits.nesting { return Finding(kind: .tooDeep, line: line, column: column) }
                case YAML_BLOCK_END_TOKEN, YAML_FLOW_SEQUENCE_END_TOKEN, YAML_FLOW_MAPPING_END_TOKEN:
                    depth = max(0, depth - 1)
                case YAML_STREAM_END_TOKEN: return nil
                default: break
                }
            }
            return nil
        }
    }
}
