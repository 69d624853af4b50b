#include "core/TextFile.hpp"
#include "core/Errors.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace greenfab {

std::string read_text_file(const std::string& path)
{
  auto fail = [&](const std::string& why) { throw ModelError(std::vector<Diagnostic>{{path, 0, 0, "", why}}); };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    fail("cannot read file: it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (not in)
    fail("cannot read file (" + std::string(std::strerror(errno)) + ")");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    fail("cannot read file (read error)");
  return text.str();
}

} // namespace greenfab
