// Formatting of input diagnostics.
#include "core/Errors.hpp"

namespace greenfab {
namespace {

/** The length of `text` cut to at most `limit` bytes without splitting a UTF-8 character. */
std::size_t cut_point(std::string_view text, std::size_t limit)
{
  if (text.size() <= limit)
    return text.size();
  std::size_t n = limit;
  while (n > 0 and (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
    --n;
  return n;
}

/** At most `limit` bytes of `text` (at a character boundary) with line breaks and tabs written as
 *  backslash-n and backslash-t and other control characters as '?', so a message stays one bounded line.
 *  `cut` says whether anything was left out. */
std::string escape_controls(std::string_view text, std::size_t limit, bool& cut)
{
  std::string out;
  const std::size_t original_size = text.size();
  text = text.substr(0, cut_point(text, limit));
  for (char c : text) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (static_cast<unsigned char>(c) < 0x20 or c == 0x7F)
      out += '?';
    else
      out += c;
  }
  cut = out.size() > limit or text.size() < original_size;
  return out.substr(0, cut_point(out, limit));
}

} // namespace

std::string quote_value(std::string_view text)
{
  bool cut = false;
  std::string out = "'"; // appended piecewise: GCC 12 warns falsely (-Wrestrict) on chained operator+
  out.append(escape_controls(text, max_quoted_bytes, cut)).append("'");
  if (cut)
    out.append("... (").append(std::to_string(text.size())).append(" bytes, cut)");
  return out;
}

std::string Diagnostic::format() const
{
  // Appends piecewise: GCC 12 warns falsely (-Wrestrict) on chained string operator+.
  // The file may be a --set assignment or a path the user typed: its line breaks and length are bounded too.
  std::string out = "<input>";
  if (not file.empty()) {
    bool cut = false;
    out = escape_controls(file, max_quoted_bytes, cut);
    if (cut)
      out.append("...");
  }
  if (line > 0) {
    out.append(":").append(std::to_string(line));
    if (column > 0)
      out.append(":").append(std::to_string(column));
  }
  out.append(": error: ");
  if (not key_path.empty()) {
    // A path through a self-referencing alias repeats its keys up to the depth limit: the start says enough.
    std::size_t k = cut_point(key_path, max_quoted_bytes);
    if (const auto step = key_path.find_last_of(".[", k); k < key_path.size() and step != std::string::npos and step > 0)
      k = step;
    out.append(key_path, 0, k).append(k < key_path.size() ? "...: " : ": ");
  }
  const std::size_t n = cut_point(message, max_message_bytes);
  out.append(message, 0, n);
  if (n < message.size())
    out.append("... (message cut at ").append(std::to_string(n)).append(" of ").append(std::to_string(message.size())).append(" bytes)");
  return out;
}

Diagnostic named_at(const Diagnostic& inner, const std::string& file, int line, int column, const std::string& key)
{
  Diagnostic out{file, line, column, key, ""};
  if (not inner.key_path.empty())
    out.message.append(inner.key_path).append(": ");
  out.message.append(inner.message).append(" (in ").append(inner.file.empty() ? "<input>" : inner.file);
  if (inner.line > 0) {
    out.message.append(":").append(std::to_string(inner.line));
    if (inner.column > 0)
      out.message.append(":").append(std::to_string(inner.column));
  }
  out.message.append(")");
  return out;
}

static std::string join(const std::vector<Diagnostic>& ds)
{
  std::string out;
  for (const auto& d : ds) {
    if (not out.empty())
      out += "\n";
    out += d.format();
  }
  return out;
}

ModelError::ModelError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics))
{
}

ModelError::ModelError(const std::string& message) : std::runtime_error(message) {}

} // namespace greenfab
