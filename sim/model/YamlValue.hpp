// A parsed YAML document as plain data with a source location on every node, so that `--set` overrides
// can be applied before validation and every message points at the file position or the override.
#pragma once
#include "core/Errors.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace greenfab {

/** Where a node came from: a 1-based file position, or a `--set` override (line 0). */
struct SourceLocation {
  std::string origin; ///< the file name as given, or "--set key=value"
  int line   = 0;
  int column = 0;
};

/** One node of a document. Maps keep the file's key order and each key's own location. */
struct YamlValue {
  enum class Kind { null, scalar, sequence, map };
  struct Entry;

  Kind kind = Kind::null;
  std::string scalar;           ///< the text of a scalar (quotes removed)
  std::vector<YamlValue> items; ///< elements of a sequence
  std::vector<Entry> entries;   ///< key/value pairs of a map, in file order
  SourceLocation where;

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_map() const { return kind == Kind::map; }
  /** The value for `key` in a map, or nullptr (also when this is not a map). */
  const YamlValue* find(std::string_view key) const;
  YamlValue* find(std::string_view key);
  /** For messages: "a map", "a list", "nothing", or the scalar quoted: "'abc'". */
  std::string describe() const;
};

struct YamlValue::Entry {
  std::string key;
  SourceLocation key_where;
  YamlValue value;
};

/** Limits on a parsed document, so that hostile YAML fails with a message instead of exhausting the stack
 *  or memory: real files nest about 8 levels and hold far fewer values. */
inline constexpr int max_yaml_depth          = 64;
inline constexpr std::size_t max_yaml_nodes  = 100'000;

/**
 * Sets `path` (a model path, docs/model-format.md#model-paths; ModelPath.hpp) in `root` to `value`: the
 * --set rule, also used by experiment factors and `set:`, pathway `set:` and trajectories. Missing map keys
 * are created (so a section absent from the file can be set); every place the path leads must exist
 * otherwise, and a selector without `*` that matches several elements is an error. Problems go to
 * `diagnostics` located at `where`; the value is then set nowhere.
 */
void apply_override(YamlValue& root, std::string_view path, YamlValue value, const SourceLocation& where,
                    std::vector<Diagnostic>& diagnostics);

/**
 * Parses one input file (a model or an experiment: `kind` names it in messages) and applies the
 * --set `overrides` to it. Problems go to `diags`. Duplicate and non-scalar keys are reported in `diags`
 * (the first value of a duplicate key is kept). A YAML syntax error, a document that is one plain value
 * rather than a map, or a document beyond max_yaml_depth or max_yaml_nodes throws ModelError at once,
 * since nothing else can be checked in it. The file and every --set value go through this one conversion.
 */
YamlValue parse_document(const std::string& text, const std::string& file_name, const char* kind,
                         const std::vector<std::string>& overrides, std::vector<Diagnostic>& diags);

/** Throws ModelError with `diags` sorted: file positions in reading order, then the overrides in order. */
[[noreturn]] void throw_sorted(std::vector<Diagnostic> diags, const std::string& file_name);

} // namespace greenfab
