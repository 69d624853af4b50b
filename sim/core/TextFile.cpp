#include "core/TextFile.hpp"
#include "core/Errors.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <sys/stat.h>

namespace greenfab {
namespace {
std::mutex inputs_mutex;
std::vector<InputFileId>& inputs()
{
  static std::vector<InputFileId> files;
  return files;
}
void remember_input(const std::string& path)
{
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0)
    return;
  const std::lock_guard lock(inputs_mutex);
  for (const InputFileId& f : inputs())
    if (f.device == st.st_dev and f.inode == st.st_ino)
      return;
  inputs().push_back({static_cast<unsigned long long>(st.st_dev), static_cast<unsigned long long>(st.st_ino), path});
}
} // namespace

std::vector<InputFileId> input_files_read()
{
  const std::lock_guard lock(inputs_mutex);
  return inputs();
}

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
  remember_input(path);
  return text.str();
}

} // namespace greenfab
