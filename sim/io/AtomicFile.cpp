// Temporary file + fsync + rename, shared by every result file greenfab writes.
#include "io/AtomicFile.hpp"
#include "io/H5File.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <stdexcept>

namespace greenfab::h5 {
namespace {
/** fsync of a file or directory, 0 or the errno; rename() is only durable once both the data and the
 *  directory entry are. */
int sync_path(const std::string& path, int flags)
{
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0)
    return errno;
  const int error = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return error;
}
} // namespace

std::string utc_now_iso8601()
{
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> buffer{};
  const std::size_t n = std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer.data(), n);
}

void write_atomically(const std::string& path, const std::string& what_failed,
                      const std::function<void(hid_t file)>& write)
{
  const std::string failure   = what_failed + ": ";
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  // Creating the file ourselves first gives the OS's reason (missing directory, permission), which
  // HDF5's own error stack buries.
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0)
    throw std::runtime_error(failure + "cannot create '" + temporary + "': " + std::strerror(errno));
  ::close(fd);
  try {
    File file = create_file(temporary);
    write(file.get());
    file.close("file '" + temporary + "'");
    if (const int error = sync_path(temporary, O_RDONLY); error != 0)
      throw std::runtime_error("cannot flush '" + temporary + "' to disk: " + std::strerror(error));
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
      throw std::runtime_error("cannot rename '" + temporary + "' to '" + path + "': " + std::strerror(errno));
  } catch (const std::exception& e) {
    std::remove(temporary.c_str());
    throw std::runtime_error(failure + e.what());
  } catch (...) {
    std::remove(temporary.c_str());
    throw;
  }
  // Best effort: the file is complete either way; this only makes the rename survive a power cut.
  const std::string directory = std::filesystem::path(path).parent_path().string();
  sync_path(directory.empty() ? "." : directory, O_RDONLY | O_DIRECTORY);
}

} // namespace greenfab::h5
