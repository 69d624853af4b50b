// The model-path rule: parsing `a.b[sel].c` and following it through a document tree, for every caller.
#include "model/ModelPath.hpp"
#include "core/Text.hpp"
#include "model/Suggest.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace greenfab {

std::string PathStep::spelled() const
{
  switch (kind) {
    case Kind::key: return "." + text;
    case Kind::every_key: return ".*";
    case Kind::element: return "[" + text + "]";
    case Kind::element_with: return "[" + text + "=" + value + "]";
    case Kind::every: return "[*]";
    case Kind::every_with: return "[*, " + text + "=" + value + "]";
  }
  return "";
}

bool ModelPath::has_wildcard() const
{
  return std::any_of(steps.begin(), steps.end(), [](const PathStep& s) { return s.is_wildcard(); });
}

namespace {

/** `[...]` contents -> a selector step; false (with the reason) when malformed. */
bool parse_selector(std::string_view inside, PathStep& step, std::string& problem)
{
  const std::string_view s = trim(inside);
  if (s.empty()) {
    problem = "an empty selector []";
    return false;
  }
  std::string_view filter = s;
  if (s == "*") {
    step.kind = PathStep::Kind::every;
    return true;
  }
  if (s.front() == '*') {
    const std::string_view rest = trim(s.substr(1));
    if (rest.empty() or rest.front() != ',') {
      problem = "'[" + std::string(s) + "]': write [*] for every element or [*, key=value] for every element with that value";
      return false;
    }
    filter    = trim(rest.substr(1));
    step.kind = PathStep::Kind::every_with;
    if (filter.find('=') == std::string_view::npos) {
      problem = "'[" + std::string(s) + "]': after '*,' comes key=value, e.g. [*, type=diesel_truck]";
      return false;
    }
  }
  const auto eq = filter.find('=');
  if (eq == std::string_view::npos) {
    step.kind = PathStep::Kind::element;
    step.text = std::string(s);
    return true;
  }
  if (step.kind != PathStep::Kind::every_with)
    step.kind = PathStep::Kind::element_with;
  step.text  = std::string(trim(filter.substr(0, eq)));
  step.value = std::string(trim(filter.substr(eq + 1)));
  if (step.text.empty() or step.value.empty()) {
    problem = "'[" + std::string(s) + "]' needs both a key and a value, e.g. [site=oem]";
    return false;
  }
  return true;
}

} // namespace

std::optional<ModelPath> parse_model_path(std::string_view text, std::string& problem)
{
  ModelPath path;
  path.text = std::string(text);
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '[') {
      if (path.steps.empty()) {
        problem = "it starts with a selector; the first step is a key, e.g. stations[...]";
        return std::nullopt;
      }
      const auto close = text.find(']', i);
      if (close == std::string_view::npos) {
        problem = "a '[' without its ']'";
        return std::nullopt;
      }
      PathStep step;
      if (not parse_selector(text.substr(i + 1, close - i - 1), step, problem))
        return std::nullopt;
      path.steps.push_back(std::move(step));
      i = close + 1;
      if (i < text.size() and text[i] == '.') {
        if (++i == text.size()) {
          problem = "it ends with '.'";
          return std::nullopt;
        }
      } else if (i < text.size() and text[i] != '[') {
        problem = "a selector [..] is followed by a key without a '.' between them";
        return std::nullopt;
      }
      continue;
    }
    std::size_t end = i;
    while (end < text.size() and text[end] != '.' and text[end] != '[' and text[end] != ']')
      ++end;
    if (end < text.size() and text[end] == ']') {
      problem = "a ']' without its '['";
      return std::nullopt;
    }
    if (end == i) {
      problem = "an empty key (two dots, or a dot at the start)";
      return std::nullopt;
    }
    PathStep step;
    step.text = std::string(text.substr(i, end - i));
    if (step.text == "*") {
      if (path.steps.empty()) {
        problem = "it starts with '*'; the first step is a key";
        return std::nullopt;
      }
      step.kind = PathStep::Kind::every_key;
    }
    path.steps.push_back(std::move(step));
    i = end;
    if (i < text.size() and text[i] == '.' and ++i == text.size()) {
      problem = "it ends with '.'";
      return std::nullopt;
    }
  }
  if (path.steps.empty()) {
    problem = "it is empty";
    return std::nullopt;
  }
  return path;
}

std::string bad_model_path_message(std::string_view text, const std::string& problem)
{
  return "bad model path '" + std::string(text) + "': " + problem +
         " (a path is keys separated by dots, with [name], [index], [key=value], [*] or [*, key=value] to pick "
         "list elements, e.g. stations[lathe].machines; docs/model-format.md#model-paths)";
}

namespace {

bool all_digits(const std::string& s)
{
  return not s.empty() and std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

/** An element's label in a concrete path, as the loader's messages name it: its name, else its position. */
std::string element_label(const YamlValue& item, std::size_t index)
{
  if (const YamlValue* name = item.find("name"); name != nullptr and name->is_scalar() and not name->scalar.empty())
    return name->scalar;
  return std::to_string(index);
}

/** The element's value for a selector's key: a scalar's text, or nullptr (missing, or a map or list). */
const std::string* selector_value(const YamlValue& item, const std::string& key)
{
  const YamlValue* v = item.find(key);
  return v != nullptr and v->is_scalar() ? &v->scalar : nullptr;
}

std::optional<double> as_number(const std::string& text)
{
  double x = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() or ptr != text.data() + text.size() or not std::isfinite(x))
    return std::nullopt;
  return x;
}

/** " (buffer is 4 or unlimited here)": the values the list has for the key, so a near miss shows itself. A value
 *  equal as a number but written otherwise ("5.0" for 5) gets a word, since values compare as written. */
std::string values_hint(const YamlValue& list, const PathStep& step)
{
  std::vector<std::string> seen;
  for (const auto& item : list.items)
    if (const std::string* v = selector_value(item, step.text))
      if (std::find(seen.begin(), seen.end(), *v) == seen.end())
        seen.push_back(*v);
  if (seen.empty())
    return " (no element has the key '" + step.text + "')";
  std::string out = did_you_mean(step.value, seen) + " (" + step.text + " is ";
  constexpr std::size_t shown = 5;
  for (std::size_t k = 0; k < seen.size() and k < shown; ++k)
    out += (k == 0 ? "" : k + 1 == seen.size() ? " or " : ", ") + quote_value(seen[k]);
  if (seen.size() > shown)
    out += ", ... (" + std::to_string(seen.size()) + " values)";
  out += " here)";
  if (const auto want = as_number(step.value))
    for (const auto& v : seen)
      if (const auto x = as_number(v); x and *x == *want) {
        out += "; values are compared as written, so '" + v + "' does not match '" + step.value + "'";
        break;
      }
  return out;
}

class Walker {
public:
  Walker(const ModelPath& path, PathCreate create, const SourceLocation& created_at, PathWalk& out)
      : path_(path), create_(create), created_at_(created_at), out_(out)
  {
  }

  void walk(YamlValue& node, std::size_t i, const std::string& here)
  {
    if (i == path_.steps.size()) {
      out_.matches.push_back({&node, here});
      return;
    }
    const PathStep& step = path_.steps[i];
    switch (step.kind) {
      case PathStep::Kind::key: return key(node, i, here);
      case PathStep::Kind::every_key:
        if (not node.is_map())
          return miss("'" + here + "' is " + node.describe() + ", not a map, so '.*' matches nothing");
        if (node.entries.empty())
          return miss("'" + here + "' is an empty map, so '.*' matches nothing");
        for (auto& e : node.entries)
          walk(e.value, i + 1, here + "." + e.key);
        return;
      default: return select(node, i, here);
    }
  }

private:
  bool may_create(std::size_t i) const
  {
    return create_ == PathCreate::everywhere or (create_ == PathCreate::below_top and i > 0);
  }

  void miss(std::string message) { out_.misses.push_back(std::move(message)); }

  void key(YamlValue& node, std::size_t i, const std::string& here)
  {
    const PathStep& step = path_.steps[i];
    const std::string there = here.empty() ? step.text : here + "." + step.text;
    if (node.is_null() and may_create(i)) { // a section absent from the file: create it
      node.kind = YamlValue::Kind::map;
      if (i > 0) // an empty file stays the place where its missing keys are reported
        node.where = created_at_;
    }
    if (not node.is_map())
      return miss(here.empty() ? "the document is " + node.describe() + ", not a map of keys"
                               : "'" + here + "' is " + node.describe() + ", not a map, so it has no key '" + step.text + "'");
    YamlValue* next = node.find(step.text);
    if (next == nullptr) {
      if (not may_create(i)) {
        std::vector<std::string> keys;
        for (const auto& e : node.entries)
          keys.push_back(e.key);
        return miss((here.empty() ? "there is no top-level key '" : "'" + here + "' has no key '") + step.text + "'" +
                    did_you_mean(step.text, keys));
      }
      // Pushing here cannot move a node already matched: matches lie at the full depth, and this map gets
      // at most this one key from this walk.
      YamlValue::Entry e;
      e.key         = step.text;
      e.key_where   = created_at_;
      e.value.where = created_at_;
      node.entries.push_back(std::move(e));
      next = &node.entries.back().value;
    }
    walk(*next, i + 1, there);
  }

  void select(YamlValue& node, std::size_t i, const std::string& here)
  {
    const PathStep& step = path_.steps[i];
    if (not node.is_sequence())
      return miss("cannot select " + step.spelled() + " in '" + here + "', which is " + node.describe() + ", not a list");
    std::vector<std::size_t> chosen;
    for (std::size_t k = 0; k < node.items.size(); ++k) {
      const YamlValue& item = node.items[k];
      switch (step.kind) {
        case PathStep::Kind::every: chosen.push_back(k); break;
        case PathStep::Kind::element:
          if (const std::string* name = selector_value(item, "name"); name and *name == step.text)
            chosen.push_back(k);
          break;
        default:
          if (const std::string* v = selector_value(item, step.text); v and *v == step.value)
            chosen.push_back(k);
      }
    }
    if (chosen.empty())
      return none_selected(node, i, here);
    if (chosen.size() > 1 and not step.is_wildcard())
      return ambiguous(node, step, here, chosen);
    for (std::size_t k : chosen)
      walk(node.items[k], i + 1, here + "[" + element_label(node.items[k], k) + "]");
  }

  void none_selected(YamlValue& node, std::size_t i, const std::string& here)
  {
    const PathStep& step = path_.steps[i];
    switch (step.kind) {
      case PathStep::Kind::every: return miss("'" + here + "' is an empty list, so [*] matches nothing");
      case PathStep::Kind::element: {
        if (all_digits(step.text)) {
          // from_chars: an index beyond size_t (a fuzzer's 10^30) is out of range like any other, not a throw.
          std::size_t index = node.items.size();
          std::from_chars(step.text.data(), step.text.data() + step.text.size(), index);
          if (index < node.items.size())
            return walk(node.items[index], i + 1, here + "[" + element_label(node.items[index], index) + "]");
          const std::size_t n = node.items.size();
          return miss("no " + here + " element " + step.text + " (the list has " + std::to_string(n) +
                      (n == 1 ? " element, numbered 0)" : " elements, numbered from 0)"));
        }
        std::vector<std::string> names;
        for (const auto& item : node.items)
          if (const std::string* name = selector_value(item, "name"))
            names.push_back(*name);
        return miss("no " + here + " element named '" + step.text + "'" + did_you_mean(step.text, names));
      }
      default:
        return miss("no " + here + " element has " + step.text + "=" + step.value + values_hint(node, step));
    }
  }

  void ambiguous(const YamlValue& node, const PathStep& step, const std::string& here,
                 const std::vector<std::size_t>& chosen)
  {
    std::string which;
    constexpr std::size_t shown = 4;
    for (std::size_t n = 0; n < chosen.size() and n < shown; ++n)
      which += (n == 0 ? "" : ", ") + here + "[" + element_label(node.items[chosen[n]], chosen[n]) + "]";
    if (chosen.size() > shown)
      which += ", ...";
    std::string message = "'" + here + step.spelled() + "' matches " + std::to_string(chosen.size()) + " elements (" +
                          which + "): ";
    if (step.kind == PathStep::Kind::element) {
      message += "element names must be unique";
    } else {
      const std::string first = element_label(node.items[chosen.front()], chosen.front());
      message += "write " + here + "[*, " + step.text + "=" + step.value + "] to change every one, or select one, e.g. " +
                 here + (all_digits(first) ? "[" + first + "]" : "[name=" + first + "]");
    }
    out_.ambiguous.push_back(std::move(message));
  }

  const ModelPath& path_;
  PathCreate create_;
  const SourceLocation& created_at_;
  PathWalk& out_;
};

} // namespace

PathWalk walk_model_path(YamlValue& root, const ModelPath& path, PathCreate create, const SourceLocation& created_at)
{
  PathWalk out;
  Walker(path, create, created_at, out).walk(root, 0, "");
  return out;
}

} // namespace greenfab
