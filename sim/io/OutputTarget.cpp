// The output-target check every writing command makes, and the per-output lock.
#include "io/OutputTarget.hpp"

#include "core/Errors.hpp"
#include "core/TextFile.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace greenfab {

void check_output_target(const std::string& path, const std::string& option)
{
  namespace fs = std::filesystem;
  auto refuse  = [&](const std::string& why) { throw ModelError(option + " " + path + ": " + why); };
  if (path.empty())
    refuse("empty file name");
  const fs::path p   = fs::absolute(path);
  const fs::path dir = p.parent_path();
  std::error_code ec;
  if (not fs::is_directory(dir, ec))
    refuse("directory '" + dir.string() + "' does not exist");
  if (::access(dir.c_str(), W_OK) != 0)
    refuse("directory '" + dir.string() + "' is not writable");

  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT)
      return; // a new file
    refuse(std::string("cannot examine it: ") + std::strerror(errno));
  }
  if (S_ISLNK(st.st_mode)) {
    // Writing through would need the temporary file next to the link's target (rename works within one
    // file system); refusing keeps "the file at -o is replaced" literally true.
    std::string target = fs::read_symlink(path, ec).string();
    refuse("is a symbolic link" + (target.empty() ? std::string() : " (to '" + target + "')") +
           "; greenfab replaces its output by renaming a new file onto the name, which would replace the link "
           "itself: give the file it points to instead");
  }
  if (not S_ISREG(st.st_mode))
    refuse(std::string("is ") + file_kind(st.st_mode) + ", not a regular file; greenfab only writes results to "
           "regular files (it would replace the entry itself)");
  for (const InputFileId& input : input_files_read())
    if (input.device == static_cast<unsigned long long>(st.st_dev) and
        input.inode == static_cast<unsigned long long>(st.st_ino))
      refuse("is the input file '" + input.path + "'; writing results there would destroy it");
}

std::string lock_path(const std::string& output) { return output + ".lock"; }

OutputLock OutputLock::acquire(const std::string& output)
{
  const std::string path = lock_path(output);
  // The lock file is removed on release; a process that opened it just before may then hold a lock on
  // a deleted file, so the lock only counts when the locked file is still the one at `path`.
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0)
      throw ModelError("-o " + output + ": cannot create lock file '" + path + "': " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 or not S_ISREG(st.st_mode)) {
      ::close(fd);
      throw ModelError("-o " + output + ": lock file '" + path + "' is not a regular file");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char buffer[32] = {};
      const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
      ::close(fd);
      std::string pid = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
      while (not pid.empty() and (pid.back() == '\n' or pid.back() == ' '))
        pid.pop_back();
      throw ModelError("output '" + output + "' is in use by greenfab process " + (pid.empty() ? "?" : pid) +
                       " (lock file '" + path + "')");
    }
    struct stat now {};
    if (::stat(path.c_str(), &now) != 0 or now.st_ino != st.st_ino or now.st_dev != st.st_dev) {
      ::close(fd);
      continue; // released and removed under us: take the new file
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 or ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
      const int error = errno;
      ::close(fd);
      throw std::runtime_error("cannot write lock file '" + path + "': " + std::strerror(error));
    }
    OutputLock lock;
    lock.path_ = path;
    lock.fd_   = fd;
    return lock;
  }
  throw std::runtime_error("cannot lock '" + path + "': it keeps being replaced");
}

OutputLock::OutputLock(OutputLock&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1))
{
}

OutputLock& OutputLock::operator=(OutputLock&& other) noexcept
{
  if (this != &other) {
    release();
    path_ = std::move(other.path_);
    fd_   = std::exchange(other.fd_, -1);
  }
  return *this;
}

OutputLock::~OutputLock() { release(); }

void OutputLock::release() noexcept
{
  if (fd_ < 0)
    return;
  // Unlink while still holding the lock, so nobody can lock this file and then lose it.
  ::unlink(path_.c_str());
  ::close(fd_);
  fd_ = -1;
}

} // namespace greenfab
