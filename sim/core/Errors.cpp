// Formatting of input diagnostics.
#include "core/Errors.hpp"

namespace greenfab {

std::string Diagnostic::format() const
{
  // Appends piecewise: GCC 12 warns falsely (-Wrestrict) on chained string operator+.
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    out.append(":").append(std::to_string(line));
    if (column > 0)
      out.append(":").append(std::to_string(column));
  }
  out.append(": error: ");
  if (not key_path.empty())
    out.append(key_path).append(": ");
  out.append(message);
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
