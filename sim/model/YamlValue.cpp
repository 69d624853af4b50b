// yaml-cpp nodes -> YamlValue, and --set overrides applied to a YamlValue tree (through ModelPath).
#include "model/YamlValue.hpp"
#include "model/ModelLoader.hpp"
#include "model/ModelPath.hpp"
#include "model/Suggest.hpp"

#include <yaml-cpp/depthguard.h> // not included by yaml.h
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <sstream>
#include <cctype>

namespace greenfab {

const YamlValue* YamlValue::find(std::string_view key) const
{
  if (kind != Kind::map)
    return nullptr;
  for (const auto& e : entries)
    if (e.key == key)
      return &e.value;
  return nullptr;
}

YamlValue* YamlValue::find(std::string_view key)
{
  return const_cast<YamlValue*>(static_cast<const YamlValue&>(*this).find(key));
}

std::string YamlValue::describe() const
{
  switch (kind) {
    case Kind::null: return "nothing";
    case Kind::scalar: return quote_value(scalar);
    case Kind::sequence: return "a list";
    case Kind::map: return "a map";
  }
  return "?";
}

namespace {

SourceLocation locate(const YAML::Node& node, const std::string& origin, bool positions)
{
  if (not positions)
    return {origin, 0, 0};
  const YAML::Mark m = node.Mark();
  if (m.line < 0)
    return {origin, 0, 0};
  return {origin, m.line + 1, m.column + 1};
}

} // namespace

namespace {

/** The conversion with its limits: an alias is expanded by copying, so a self-referencing alias would
 *  recurse without end and nested aliases ("billion laughs") would grow exponentially. */
class Converter {
public:
  Converter(const std::string& origin, bool positions, std::vector<Diagnostic>& diagnostics)
      : origin_(origin), positions_(positions), diagnostics_(diagnostics)
  {
  }

  YamlValue convert(const YAML::Node& node, const std::string& path, int depth)
  {
    auto child_path = [&](const std::string& key) { return path.empty() ? key : path + "." + key; };
    YamlValue v;
    v.where = locate(node, origin_, positions_);
    if (depth > max_yaml_depth)
      limit_exceeded(v.where, path,
                     "nested more than " + std::to_string(max_yaml_depth) + " levels deep (an alias that refers to itself?)");
    if (++nodes_ > max_yaml_nodes)
      limit_exceeded(v.where, path,
                     "the document expands to more than " + std::to_string(max_yaml_nodes) +
                         " values (aliases of aliases, each copied where it is used?)");
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        v.kind   = YamlValue::Kind::scalar;
        v.scalar = node.Scalar();
        break;
      case YAML::NodeType::Sequence:
        v.kind = YamlValue::Kind::sequence;
        for (const auto& item : node) {
          // Elements are named like in the loader's messages: list[name], else list[index].
          std::string index = std::to_string(v.items.size());
          if (item.IsMap())
            // A missing key gives an invalid node, on which IsScalar() throws: test it first.
            if (const YAML::Node name = item["name"]; name and name.IsScalar() and not name.Scalar().empty())
              index = name.Scalar();
          v.items.push_back(convert(item, path + "[" + index + "]", depth + 1));
        }
        break;
      case YAML::NodeType::Map:
        v.kind = YamlValue::Kind::map;
        for (const auto& kv : node) {
          YamlValue::Entry e;
          e.key_where = locate(kv.first, origin_, positions_);
          if (not kv.first.IsScalar()) {
            diagnostics_.push_back({e.key_where.origin, e.key_where.line, e.key_where.column, path,
                                    "a key must be a plain name, not a list or map"});
            continue;
          }
          e.key   = kv.first.Scalar();
          e.value = convert(kv.second, child_path(e.key), depth + 1);
          // yaml-cpp marks an empty value at the next token, often on a later line: point at the key instead.
          if (e.value.is_null() and e.value.where.line != e.key_where.line)
            e.value.where = e.key_where;
          if (const auto* first = v.find(e.key)) {
            diagnostics_.push_back({e.key_where.origin, e.key_where.line, e.key_where.column, child_path(e.key),
                                    "duplicate key " + quote_value(e.key) + " (first given at line " +
                                        std::to_string(first->where.line) + ")"});
            continue;
          }
          v.entries.push_back(std::move(e));
        }
        break;
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined: break;
    }
    return v;
  }

private:
  /** Nothing after a broken limit can be trusted, so the problems so far are reported at once. */
  [[noreturn]] void limit_exceeded(const SourceLocation& where, const std::string& path, const std::string& what)
  {
    diagnostics_.push_back({where.origin, where.line, where.column, path, what});
    throw ModelError(std::move(diagnostics_));
  }

  const std::string& origin_;
  bool positions_;
  std::vector<Diagnostic>& diagnostics_;
  std::size_t nodes_ = 0;
};

/** `path`: where the node goes (an override's target), so that messages name the model key. */
YamlValue to_yaml_value(const YAML::Node& node, const std::string& origin, bool positions,
                        std::vector<Diagnostic>& diagnostics, const std::string& path = "")
{
  return Converter(origin, positions, diagnostics).convert(node, path, 1);
}

/** yaml-cpp's own guard against deep nesting reports "bad file": say what is wrong instead. */
std::string syntax_error(const YAML::Exception& e)
{
  if (dynamic_cast<const YAML::DeepRecursion*>(&e) != nullptr)
    return "nested too deeply (more than " + std::to_string(max_yaml_depth) + " levels are refused)";
  return "YAML syntax error: " + e.msg;
}

} // namespace

void apply_override(YamlValue& root, std::string_view path, YamlValue value, const SourceLocation& where,
                    std::vector<Diagnostic>& diagnostics)
{
  auto fail = [&](const std::string& message) {
    diagnostics.push_back({where.origin, where.line, where.column, "", message});
  };
  std::string problem;
  const auto parsed = parse_model_path(path, problem);
  if (not parsed) {
    fail(bad_model_path_message(path, problem));
    return;
  }
  const PathWalk walk = walk_model_path(root, *parsed, PathCreate::everywhere, where);
  for (const auto& message : walk.ambiguous)
    fail(message);
  if (not walk.misses.empty()) {
    // A value meant for every element that some element cannot take is an error, not a partial edit.
    const std::size_t more = walk.misses.size() - 1;
    fail(walk.misses.front() + (more == 0 ? "" : " (and " + std::to_string(more) + " more)"));
  }
  if (not walk.ambiguous.empty() or not walk.misses.empty())
    return;
  for (std::size_t k = 0; k + 1 < walk.matches.size(); ++k)
    *walk.matches[k].node = value;
  *walk.matches.back().node = std::move(value);
}

namespace {

/** Receives a document's events and keeps none: document_starts only needs where each document begins. */
class DocumentStarts : public YAML::EventHandler {
public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

/**
 * Where each YAML document of `text` starts. yaml-cpp 0.7's LoadAll loops for ever, allocating, on a token
 * its parser never consumes (a lone ',': jbeder/yaml-cpp#1040, fixed upstream after 0.7): each "document"
 * then starts where the previous one did, which no real stream does, so that is reported as the syntax error.
 */
std::vector<YAML::Mark> document_starts(const std::string& text)
{
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts events;
  while (parser.HandleNextDocument(events)) {
    const auto n = events.starts.size();
    if (n >= 2 and events.starts[n - 1].pos == events.starts[n - 2].pos)
      throw YAML::ParserException(events.starts[n - 1], "unexpected character here (nothing can follow it)");
  }
  return events.starts;
}

/**
 * yaml-cpp tokenises a whole flow collection before its depth guard looks at it: 2 MB of '{' took 500 MB.
 * Brackets outside quotes and comments are counted first; deeper than any model can be is refused at the
 * bracket that goes too deep.
 */
std::optional<Diagnostic> too_deep_flow_nesting(const std::string& text, const std::string& file_name)
{
  int depth = 0, line = 1, column = 0;
  char quote = 0;        // inside '...' or "..."
  bool comment = false;  // inside # ... to the end of the line
  char previous = '\n';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    ++column;
    if (c == '\n') {
      ++line, column = 0, comment = false; // a flow collection may span lines, a comment may not
    } else if (comment) {
    } else if (quote != 0) {
      if (quote == '"' and c == '\\')
        ++i, ++column; // an escaped character
      else if (c == quote)
        quote = 0;
    } else if (c == '#' and (previous == ' ' or previous == '\t' or previous == '\n')) {
      comment = true;
    } else if ((c == '\'' or c == '"') and std::strchr(" \t\n[{,:", previous) != nullptr) {
      quote = c;
    } else if (c == '[' or c == '{') {
      if (++depth > max_yaml_depth)
        return Diagnostic{file_name, line, column, "",
                          "nested more than " + std::to_string(max_yaml_depth) + " levels deep (brackets [ and {)"};
    } else if ((c == ']' or c == '}') and depth > 0) {
      --depth;
    }
    previous = c;
  }
  return std::nullopt;
}

} // namespace

YamlValue parse_document(const std::string& text, const std::string& file_name, const char* kind,
                         const std::vector<std::string>& overrides, std::vector<Diagnostic>& diags)
{
  YamlValue root;
  root.where = {file_name, 1, 1};
  try {
    if (auto deep = too_deep_flow_nesting(text, file_name)) {
      diags.push_back(std::move(*deep));
      throw ModelError(std::move(diags));
    }
    const std::vector<YAML::Mark> documents = document_starts(text);
    if (documents.size() > 1) {
      const YAML::Mark m = documents[1];
      diags.push_back({file_name, m.line + 1, m.column + 1, "",
                       "the file holds " + std::to_string(documents.size()) + " YAML documents (separated by ---): " +
                           std::string(kind) + " holds exactly one"});
    }
    const YAML::Node first = YAML::Load(text); // the first document only
    if (not documents.empty() and not first.IsNull())
      root = to_yaml_value(first, file_name, true, diags);
  } catch (const YAML::Exception& e) {
    diags.push_back({file_name, e.mark.line + 1, e.mark.column + 1, "", syntax_error(e)});
    throw ModelError(std::move(diags));
  }
  if (root.is_scalar()) {
    // Not quoted: a file named by mistake (a key, a password file) may parse as one long value.
    diags.push_back({file_name, root.where.line, root.where.column, "",
                     "expected " + std::string(kind) + ": a map of keys, got one plain value of " +
                         std::to_string(root.scalar.size()) + " bytes (not shown); is this the right file?"});
    throw ModelError(std::move(diags));
  }
  for (const auto& assignment : overrides) {
    const SourceLocation where{"--set " + assignment, 0, 0};
    std::vector<std::string> path_value;
    try {
      path_value = split_override(assignment);
    } catch (const ModelError& e) {
      diags.push_back({where.origin, 0, 0, "", e.what()});
      continue;
    }
    YamlValue value;
    try {
      value = to_yaml_value(YAML::Load(path_value[1]), where.origin, false, diags, path_value[0]);
    } catch (const YAML::Exception& e) {
      diags.push_back({where.origin, 0, 0, path_value[0], "the value is not valid YAML: " + syntax_error(e)});
      continue;
    }
    apply_override(root, path_value[0], std::move(value), where, diags);
  }
  return root;
}

void throw_sorted(std::vector<Diagnostic> diags, const std::string& file_name)
{
  std::stable_sort(diags.begin(), diags.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const bool a_file = a.file == file_name, b_file = b.file == file_name;
    if (a_file != b_file)
      return a_file;
    return a_file and std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  throw ModelError(std::move(diags));
}

} // namespace greenfab
