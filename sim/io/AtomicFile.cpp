// Temporary file + fsync + rename, shared by every result file greenfab writes.
#include "io/AtomicFile.hpp"
#include "core/Errors.hpp"
#include "io/H5File.hpp"
#include "io/OutputTarget.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
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

/** Creates `temporary` empty. O_EXCL | O_NOFOLLOW: a symlink or FIFO planted under that name is never
 *  followed. A leftover of an earlier process that had our pid is ours to replace. */
int create_temporary(const std::string& temporary)
{
  constexpr int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  int fd              = ::open(temporary.c_str(), flags, 0666);
  if (fd < 0 and errno == EEXIST and ::unlink(temporary.c_str()) == 0)
    fd = ::open(temporary.c_str(), flags, 0666);
  return fd;
}
} // namespace

std::string temporary_path(const std::string& path, long pid) { return path + ".tmp-" + std::to_string(pid); }

std::string utc_now_iso8601()
{
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> buffer{};
  const std::size_t n = std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer.data(), n);
}

void replace_atomically(const std::string& path, const std::string& what_failed,
                        const std::function<void(const std::string& temporary)>& write)
{
  const std::string failure   = what_failed + ": ";
  const std::string temporary = temporary_path(path, ::getpid());
  // Creating the file ourselves first gives the OS's reason (missing directory, permission), which
  // HDF5's own error stack buries.
  const int fd = create_temporary(temporary);
  if (fd < 0)
    throw std::runtime_error(failure + "cannot create '" + temporary + "': " + std::strerror(errno));
  ::close(fd);
  try {
    write(temporary);
    if (const int error = sync_path(temporary, O_RDONLY); error != 0)
      throw std::runtime_error("cannot flush '" + temporary + "' to disk: " + std::strerror(error));
    // rename() replaces whatever the name is (a device node, a FIFO, a symlink); the commands checked
    // before running, this catches a target that changed since.
    check_output_target(path);
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
      throw std::runtime_error("cannot rename '" + temporary + "' to '" + path + "': " + std::strerror(errno));
  } catch (const ModelError&) {
    std::remove(temporary.c_str());
    throw;
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

void write_atomically(const std::string& path, const std::string& what_failed,
                      const std::function<void(hid_t file)>& write)
{
  replace_atomically(path, what_failed, [&](const std::string& temporary) {
    File file = create_file(temporary);
    write(file.get());
    file.close("file '" + temporary + "'");
  });
}

std::vector<std::string> remove_stale_temporaries(const std::string& path)
{
  namespace fs         = std::filesystem;
  const fs::path p     = path;
  const fs::path dir   = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const std::string prefix = p.filename().string() + ".tmp-";
  std::vector<std::string> removed;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; not ec and it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() or name.compare(0, prefix.size(), prefix) != 0)
      continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.size() > 9 or digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const long pid = std::stol(digits);
    // ESRCH only: EPERM means a live process of another user, which may still be writing.
    if (pid <= 0 or pid == ::getpid() or ::kill(static_cast<pid_t>(pid), 0) == 0 or errno != ESRCH)
      continue;
    struct stat st {};
    const std::string file = (p.parent_path() / name).string();
    if (::lstat(file.c_str(), &st) == 0 and S_ISREG(st.st_mode) and ::unlink(file.c_str()) == 0)
      removed.push_back(file);
  }
  return removed;
}

} // namespace greenfab::h5
